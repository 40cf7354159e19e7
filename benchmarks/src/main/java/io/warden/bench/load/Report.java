package io.warden.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a finished load run as JSON (every run, every summary) and as a markdown table.
 * Stateless.
 */
final class Report {
    private Report() {
    }

    /**
     * What is known about a server: "available" with how it ran, or why it is unavailable; and
     * what it does with acknowledged writes on a crash (probed).
     */
    record ServerInfo(Target target, boolean available, String detail, Durability durability) {
    }

    /** Everything a report needs. Immutable. */
    record Input(LoadOptions options, String command, Map<String, Object> machine,
            List<ServerInfo> servers, List<RunResult> runs, List<Summary> summaries,
            String startedAt, String elapsed) {
    }

    static void write(Input in, Path json, Path markdown) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, Json.write(toJson(in)));
        Files.writeString(markdown, markdown(in));
    }

    private static Map<String, Object> toJson(Input in) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", in.command());
        root.put("startedAt", in.startedAt());
        root.put("elapsed", in.elapsed());
        root.put("machine", in.machine());
        root.put("options", options(in.options()));
        List<Object> servers = new ArrayList<>();
        for (ServerInfo s : in.servers()) {
            servers.add(Map.of("target", s.target().label(), "available", s.available(),
                    "detail", s.detail(), "durable", s.durability().durable(),
                    "durability", s.durability().label()));
        }
        root.put("servers", servers);
        List<Object> summaries = new ArrayList<>();
        for (Summary s : in.summaries()) {
            Map<String, Object> m = cell(s.cell());
            s.perTarget().forEach((t, ts) -> m.put(t.label(), target(ts)));
            m.put("wardenOverZookeeperOpsPerSecond", ratioJson(s.opsRatio()));
            m.put("wardenOverZookeeperP99", ratioJson(s.p99Ratio()));
            m.put("wardenOverZookeeperServerCpuPerOp", ratioJson(s.cpuRatio()));
            summaries.add(m);
        }
        root.put("summary", summaries);
        List<Object> runs = new ArrayList<>();
        for (RunResult r : in.runs()) {
            runs.add(run(r));
        }
        root.put("runs", runs);
        return root;
    }

    private static Map<String, Object> options(LoadOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quick", o.quick());
        m.put("workloads", o.workloads().stream().map(Workload::label).toList());
        m.put("valueSizesBytes", o.valueSizesBytes());
        m.put("clientCounts", o.clientCounts());
        m.put("rounds", o.rounds());
        m.put("warmupMs", o.warmupMs());
        m.put("measureMs", o.measureMs());
        m.put("inflightPerSession", o.inflightPerSession());
        m.put("serverHeapMb", o.serverHeapMb());
        m.put("seed", o.seed());
        return m;
    }

    private static Map<String, Object> cell(LoadOptions.Cell c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", c.workload().label());
        m.put("valueBytes", c.valueBytes());
        m.put("clients", c.clients());
        return m;
    }

    private static Map<String, Object> target(Summary.TargetSummary t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", t.rounds());
        m.put("failedRuns", t.failedRuns());
        m.put("opsPerSecond", t.opsPerSecond());
        m.put("p50Micros", t.p50Micros());
        m.put("p99Micros", t.p99Micros());
        m.put("p999Micros", t.p999Micros());
        m.put("serverCpuMicrosPerOp", t.serverCpuMicrosPerOp());
        m.put("clientCpuMicrosPerOp", t.clientCpuMicrosPerOp());
        m.put("maxServerRssBytes", t.maxRssBytes());
        m.put("errors", t.errors());
        return m;
    }

    private static Map<String, Object> ratioJson(Summary.Ratio r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pairs", r.n());
        m.put("median", r.median());
        m.put("min", r.min());
        m.put("max", r.max());
        return m;
    }

    private static Map<String, Object> run(RunResult r) {
        Map<String, Object> m = cell(r.cell());
        m.put("target", r.target().label());
        m.put("round", r.round());
        m.put("failure", r.failure());
        m.put("measuredOps", r.measuredOps());
        m.put("measuredErrors", r.measuredErrors());
        m.put("windowMs", r.windowNanos() / 1e6);
        m.put("opsPerSecond", r.opsPerSecond());
        m.put("p50Micros", r.latencyMicros(50));
        m.put("p99Micros", r.latencyMicros(99));
        m.put("p999Micros", r.latencyMicros(99.9));
        m.put("maxMicros", r.latencies().getTotalCount() == 0 ? Double.NaN
                : r.latencies().getMaxValue() / 1e3);
        m.put("serverCpuMicrosPerOp", r.serverCpuMicrosPerOp());
        m.put("clientCpuMicrosPerOp", r.clientCpuMicrosPerOp());
        m.put("serverRssBytes", r.serverRssBytes());
        m.put("errorsByCode", new LinkedHashMap<>(r.errorsByCode()));
        m.put("unanswered", r.unanswered());
        m.put("cleanup", r.cleanup());
        return m;
    }

    static String markdown(Input in) {
        StringBuilder sb = new StringBuilder();
        LoadOptions o = in.options();
        sb.append("# Load: Warden against ZooKeeper 3.9.5\n\n");
        sb.append(durabilityBanner(in.servers()));
        sb.append("Command: `").append(in.command()).append("`  \n");
        sb.append("Started ").append(in.startedAt()).append(", took ").append(in.elapsed()).append(".  \n");
        Map<String, Object> mc = in.machine();
        sb.append(String.format("Machine: %s cores (%s), %s RAM, %s, %s; %s; load average at start "
                + "%s, at end %s.  %n", mc.get("cores"), mc.get("cpu"), mc.get("memory"), mc.get("os"),
                mc.get("java"), mc.get("note"), mc.get("loadAverageAtStart"), LoadMain.Machine.loadAverage()));
        sb.append(String.format("Settings: %s; %d round(s); warm-up %d ms, window %d ms per run; "
                + "%d requests in flight per session; server heap %d MiB; seed %d.%n%n",
                o.quick() ? "--quick" : "full", o.rounds(), o.warmupMs(), o.measureMs(),
                o.inflightPerSession(), o.serverHeapMb(), o.seed()));
        sb.append("Servers:\n\n");
        for (ServerInfo s : in.servers()) {
            sb.append("- ").append(s.target().label()).append(": ")
                    .append(s.available() ? "" : "UNAVAILABLE, ").append(s.detail()).append("; **")
                    .append(s.durability().label()).append("**\n");
        }
        sb.append("\nOps/s is the median over rounds; latency percentiles (µs) are over all rounds' "
                + "operations; CPU is the server process's user+system time per operation "
                + "(/proc/<pid>/stat, median over rounds); RSS the largest seen. Ratios are "
                + "Warden/ZooKeeper per round, median [min–max].\n\n");
        sb.append("| workload | value | clients | ZK ops/s | Warden ops/s | W/ZK ops/s | "
                + "ZK p50/p99/p999 µs | Warden p50/p99/p999 µs | W/ZK p99 | ZK CPU µs/op | "
                + "Warden CPU µs/op | W/ZK CPU/op | ZK RSS MiB | Warden RSS MiB | errors ZK/W |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Summary s : in.summaries()) {
            Summary.TargetSummary z = s.perTarget().get(Target.ZOOKEEPER);
            Summary.TargetSummary w = s.perTarget().get(Target.WARDEN);
            sb.append("| ").append(s.cell().workload().label()).append(" | ")
                    .append(s.cell().valueBytes()).append(" B | ").append(s.cell().clients())
                    .append(" | ").append(ops(z)).append(" | ").append(ops(w)).append(" | ")
                    .append(ratio(s.opsRatio())).append(" | ").append(lat(z)).append(" | ")
                    .append(lat(w)).append(" | ").append(ratio(s.p99Ratio())).append(" | ")
                    .append(cpu(z)).append(" | ").append(cpu(w)).append(" | ")
                    .append(ratio(s.cpuRatio())).append(" | ").append(rss(z)).append(" | ")
                    .append(rss(w)).append(" | ").append(errors(z)).append('/')
                    .append(errors(w)).append(" |\n");
        }
        problems(sb, in.runs());
        return sb.toString();
    }

    /**
     * A warning at the top when the servers did not run with the same durability, e.g. Warden in
     * memory against ZooKeeper with fsync; empty when all available servers are durable.
     */
    static String durabilityBanner(List<ServerInfo> servers) {
        List<String> notDurable = servers.stream().filter(ServerInfo::available)
                .filter(s -> !s.durability().durable()).map(s -> s.target().label()).toList();
        if (notDurable.isEmpty()) {
            return "";
        }
        return "> **WARNING: not like for like.** " + String.join(", ", notDurable)
                + " ran IN MEMORY (NOT DURABLE): a write it acknowledged before SIGKILL was gone after "
                + "restart, while ZooKeeper fsyncs every write before replying (forceSync=yes). "
                + "Write figures of a non-durable server are not comparable.\n\n";
    }

    private static void problems(StringBuilder sb, List<RunResult> runs) {
        List<String> lines = new ArrayList<>();
        for (RunResult r : runs) {
            String where = r.target().label() + " " + r.cell().label() + " round " + r.round();
            if (!r.ok()) {
                lines.add("- " + where + ": FAILED: " + r.failure());
            }
            if (!r.errorsByCode().isEmpty()) {
                lines.add("- " + where + ": errors " + r.errorsByCode());
            }
            if (r.unanswered() > 0) {
                lines.add("- " + where + ": " + r.unanswered() + " requests unanswered");
            }
            if (!r.cleanup().equals("ok") && r.ok()) {
                lines.add("- " + where + ": clean-up: " + r.cleanup());
            }
        }
        if (!lines.isEmpty()) {
            sb.append("\nProblems:\n\n");
            lines.forEach(l -> sb.append(l).append('\n'));
        }
    }

    private static String ops(Summary.TargetSummary t) {
        return t == null || t.rounds() == 0 ? "n/a" : String.format("%.0f", t.opsPerSecond());
    }

    private static String lat(Summary.TargetSummary t) {
        return t == null || t.rounds() == 0 ? "n/a"
                : String.format("%.0f / %.0f / %.0f", t.p50Micros(), t.p99Micros(), t.p999Micros());
    }

    private static String cpu(Summary.TargetSummary t) {
        return t == null || t.rounds() == 0 ? "n/a" : String.format("%.1f", t.serverCpuMicrosPerOp());
    }

    private static String rss(Summary.TargetSummary t) {
        return t == null || t.maxRssBytes() < 0 ? "n/a" : Long.toString(t.maxRssBytes() >> 20);
    }

    private static String errors(Summary.TargetSummary t) {
        return t == null ? "-" : Long.toString(t.errors());
    }

    private static String ratio(Summary.Ratio r) {
        if (r.n() == 0) {
            return "n/a";
        }
        if (r.n() == 1) {
            return String.format("%.2f", r.median());
        }
        return String.format("%.2f [%.2f–%.2f]", r.median(), r.min(), r.max());
    }
}
