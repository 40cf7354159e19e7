#!/usr/bin/env python3
"""Turns the JMH JSON of CodecBenchmark into the tables of RESULTS-codec.md.

usage: codec_table.py jmh-result.json

Columns per side: CPU ns/op (cpu.time.norm from ProcessCpuProfiler: the fork's CPU time per
operation, garbage collection included; robust on a shared machine), wall ns/op (median of the
measurement iterations, then min-max), and B/op (gc.alloc.rate.norm). Ratios are ours / jute:
below 1.00 means ours needs less.
"""
import json
import sys

MESSAGES = ["getDataRequest", "getDataResponse", "setDataRequest", "setDataResponse",
            "createRequest", "createResponse", "getChildren2Request", "getChildren2Response"]


def load(path):
    rows = {}
    for r in json.load(open(path)):
        method = r["benchmark"].rsplit(".", 1)[1]
        msg = r["params"]["message"]
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
        cpu = sec.get("cpu.time.norm", {}).get("score")
        raw = sorted(v for fork in r["primaryMetric"]["rawData"] for v in fork)
        n = len(raw)
        median = raw[n // 2] if n % 2 else (raw[n // 2 - 1] + raw[n // 2]) / 2
        rows[(msg, method)] = {"cpu": cpu, "wall": median, "lo": raw[0], "hi": raw[-1],
                               "alloc": alloc}
    return rows


def fmt(v, pattern):
    return "n/a" if v is None else pattern % v


def ratio(a, b, key):
    if a is None or b is None or a[key] is None or b[key] is None:
        return "n/a"
    x, y = a[key], b[key]
    if key == "alloc" and x < 1 and y < 1:
        return "0 / 0"
    if y < 1:
        return "jute 0"
    return "%.2f" % (x / y)


def table(rows, title, ours, juts):
    out = ["### " + title, ""]
    head = "| message | ours CPU ns/op | ours wall ns/op | ours B/op |"
    sep = "|---|---:|---:|---:|"
    for name, _ in juts:
        head += " %s CPU ns/op | %s wall ns/op | %s B/op | CPU ours/%s | B ours/%s |" % (
            name, name, name, name, name)
        sep += "---:|---:|---:|---:|---:|"
    out += [head, sep]
    for m in MESSAGES:
        o = rows.get((m, ours))
        line = "| %s | %s | %s | %s |" % (m, fmt(o and o["cpu"], "%.0f"),
                                          o and "%.0f (%.0f–%.0f)" % (o["wall"], o["lo"], o["hi"]),
                                          fmt(o and o["alloc"], "%.0f"))
        for _, method in juts:
            j = rows.get((m, method))
            line += " %s | %s | %s | %s | %s |" % (
                fmt(j and j["cpu"], "%.0f"),
                j and "%.0f (%.0f–%.0f)" % (j["wall"], j["lo"], j["hi"]),
                fmt(j and j["alloc"], "%.0f"), ratio(o, j, "cpu"), ratio(o, j, "alloc"))
        out.append(line)
    return "\n".join(out) + "\n"


def main():
    rows = load(sys.argv[1])
    print(table(rows, "Encode (whole frame: length, header, body)", "encodeOurs",
                [("jute reused", "encodeJuteReused"), ("jute as ZK", "encodeJuteZk")]))
    print(table(rows, "Decode (payload: header and body)", "decodeOurs",
                [("jute as ZK", "decodeJuteZk")]))


if __name__ == "__main__":
    main()
