#!/usr/bin/env python3
"""Turns the JMH JSON of CodecBenchmark (-rf json) into the markdown table of RESULTS-codec.md.

usage: codec_table.py jmh-result.json
Ratio columns are ours / jute: below 1.00 means ours takes less time or allocates less.
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
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        rows[(msg, method)] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"], alloc)
    return rows


def cell(rows, key):
    v = rows.get(key)
    if v is None:
        return "n/a", "n/a"
    ns, err, alloc = v
    err_s = "" if err != err else " ± %.1f" % err  # NaN error with too few iterations
    return "%.1f%s" % (ns, err_s), ("%.0f" % alloc) if alloc is not None else "n/a"


def ratio(rows, a, b, idx):
    if a not in rows or b not in rows or rows[b][idx] in (None, 0):
        return "n/a"
    return "%.2f" % (rows[a][idx] / rows[b][idx])


def table(rows, title, ours, juts):
    out = ["### " + title, ""]
    head = "| message | ours ns/op | ours B/op |"
    sep = "|---|---:|---:|"
    for name, _ in juts:
        head += " %s ns/op | %s B/op | ours/%s time | ours/%s alloc |" % (name, name, name, name)
        sep += "---:|---:|---:|---:|"
    out += [head, sep]
    for m in MESSAGES:
        ons, oal = cell(rows, (m, ours))
        line = "| %s | %s | %s |" % (m, ons, oal)
        for _, method in juts:
            jns, jal = cell(rows, (m, method))
            line += " %s | %s | %s | %s |" % (jns, jal, ratio(rows, (m, ours), (m, method), 0),
                                             ratio(rows, (m, ours), (m, method), 2))
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
