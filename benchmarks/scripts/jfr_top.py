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


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run([jfr_tool(), "print", "--json", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_counts = collections.Counter()
    total_counts = collections.Counter()
    threads = collections.Counter()
    for e in events:
        v = e["values"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        self_counts[frame_name(frames[0])] += 1
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
    print("\n| samples % | thread |\n|---:|---|")
    for name, c in threads.most_common(10):
        print(f"| {100.0 * c / total:.1f} | {name} |")


if __name__ == "__main__":
    main()
