#!/usr/bin/env python3
"""Compact tables from a load run's JSON: Warden/ZooKeeper ratios per workload at each client
count (ops/s, p99, server CPU per op), and server CPU per op of both.

    python3 benchmarks/scripts/headline.py benchmarks/target/load/load-results.json
"""
import json
import sys


def fmt_ratio(r):
    if not r or r.get("pairs", 0) == 0 or r.get("median") is None:
        return "n/a"
    if r["pairs"] == 1:
        return f"{r['median']:.2f}"
    return f"{r['median']:.2f} [{r['min']:.2f}–{r['max']:.2f}]"


def main():
    d = json.load(open(sys.argv[1]))
    rows = {}
    clients = []
    for s in d["summary"]:
        key = (s["workload"], s["valueBytes"])
        rows.setdefault(key, {})[s["clients"]] = s
        if s["clients"] not in clients:
            clients.append(s["clients"])
    clients.sort()
    for title, field in [("ops/s, Warden / ZooKeeper (above 1: Warden faster)", "wardenOverZookeeperOpsPerSecond"),
                         ("p99 latency, Warden / ZooKeeper (below 1: Warden better)", "wardenOverZookeeperP99"),
                         ("server CPU per op, Warden / ZooKeeper (below 1: Warden cheaper)",
                          "wardenOverZookeeperServerCpuPerOp")]:
        print(f"\n{title}, median [min–max] over rounds:\n")
        print("| workload | value | " + " | ".join(f"{c} client{'s' if c > 1 else ''}" for c in clients) + " |")
        print("|---|---:|" + "---:|" * len(clients))
        for (w, v), by in rows.items():
            print(f"| {w} | {v} B | " + " | ".join(fmt_ratio(by.get(c, {}).get(field)) for c in clients) + " |")
    print("\nserver CPU µs per op, ZooKeeper / Warden:\n")
    print("| workload | value | " + " | ".join(f"{c} cl." for c in clients) + " |")
    print("|---|---:|" + "---:|" * len(clients))
    for (w, v), by in rows.items():
        cells = []
        for c in clients:
            s = by.get(c, {})
            z = (s.get("zookeeper") or {}).get("serverCpuMicrosPerOp")
            wd = (s.get("warden") or {}).get("serverCpuMicrosPerOp")
            cells.append(f"{z:.1f} / {wd:.1f}" if z is not None and wd is not None else "n/a")
        print(f"| {w} | {v} B | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
