#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording: the top frames by self time (the method on top
of the stack) and by total time (any frame of the stack, each method once per sample).

    python3 benchmarks/scripts/jfr_top.py benchmarks/target/load/servers/warden.jfr [N]

Reads `jfr print --json --events jdk.ExecutionSample` (the JDK's jfr tool on PATH or in
$JAVA_HOME/bin). Prints markdown tables.
"""
import collections
import json
import os
import shutil
import subprocess
import sys


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    return shutil.which("jfr") or "jfr"


def frame_name(f):
    m = f.get("method", {})
    t = m.get("type", {}).get("name", "?")
    return t + "." + m.get("name", "?")


COMPONENTS = [
    ("io/warden/server/net", "warden net (connections, framing)"),
    ("io/warden/server/sequencer", "warden sequencer (batching, apply thread)"),
    ("io/warden/server/state", "warden state machine"),
    ("io/warden/server/watch", "warden watches"),
    ("io/warden/server/raft", "warden Ratis glue"),
    ("io/warden/server/session", "warden sessions"),
    ("io/warden/server", "warden other"),
    ("io/warden/protocol", "warden codec"),
    ("org/apache/ratis/thirdparty/com/codahale/metrics", "Ratis metrics (codahale)"),
    ("org/apache/ratis/thirdparty/io/grpc", "Ratis gRPC"),
    ("org/apache/ratis/thirdparty/io/netty", "Ratis shaded netty"),
    ("org/apache/ratis/thirdparty/com/google/protobuf", "Ratis protobuf"),
    ("org/apache/ratis/proto", "Ratis protobuf"),
    ("org/apache/ratis", "Ratis server/log"),
    ("io/netty", "netty (client connections)"),
]


def component(frames):
    """The first frame from the top that belongs to a known component, else the top frame's package."""
    for f in frames:
        t = f.get("method", {}).get("type", {}).get("name", "")
        for prefix, label in COMPONENTS:
            if t.startswith(prefix):
                return label
    t = frames[0].get("method", {}).get("type", {}).get("name", "?")
    return "/".join(t.split("/")[:3]) + " (JDK/other)"


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_counts = collections.Counter()
    total_counts = collections.Counter()
    threads = collections.Counter()
    packages = collections.Counter()
    for e in events:
        v = e["values"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        self_counts[frame_name(frames[0])] += 1
        packages[component(frames)] += 1
        for name in {frame_name(f) for f in frames}:
            total_counts[name] += 1
        threads[(v.get("sampledThread") or {}).get("javaName") or "?"] += 1
    total = sum(self_counts.values())
    print(f"{total} CPU samples in {path}\n")
    print("| self % | method (top of stack) |\n|---:|---|")
    for name, c in self_counts.most_common(n):
        print(f"| {100.0 * c / total:.1f} | `{name}` |")
    print("\n| total % | method (anywhere on the stack) |\n|---:|---|")
    for name, c in total_counts.most_common(n):
        print(f"| {100.0 * c / total:.1f} | `{name}` |")
    print("\n| samples % | component (first Warden, Ratis or netty frame from the top) |\n|---:|---|")
    for name, c in packages.most_common(n):
        print(f"| {100.0 * c / total:.1f} | {name} |")
    print("\n| samples % | thread |\n|---:|---|")
    for name, c in threads.most_common(10):
        print(f"| {100.0 * c / total:.1f} | {name} |")


if __name__ == "__main__":
    main()
