package io.warden.bench.client;

import io.warden.bench.load.Json;
import io.warden.bench.load.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The report: per server, cell and client the median over rounds of throughput, allocation and
 * CPU per operation, latency percentiles of all rounds' samples merged, and the ours/official
 * ratios of each round (paired: the same round's back-to-back runs) as median [min–max].
 * Writes {@code client-bench.md} and {@code client-bench.json}. Stateless.
 */
final class ClientReport {
    private ClientReport() {
    }

    /** Everything a report shows. Immutable. */
    record Input(ClientBenchOptions options, String command, Map<String, Object> machine,
            Map<Target, String> servers, List<ClientRunResult> runs, String startedAt, String took) {
        Input {
            machine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine));
            servers = Map.copyOf(servers);
            runs = List.copyOf(runs);
        }
    }

    static void write(Input in, Path json, Path md) throws IOException {
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, Json.write(jsonTree(in)));
        Files.writeString(md, markdown(in));
    }

    static String markdown(Input in) {
        StringBuilder sb = new StringBuilder();
        ClientBenchOptions o = in.options();
        sb.append("# Client benchmark: our client against the official ZooKeeper 3.9.5 client\n\n");
        sb.append("Command: `").append(in.command()).append("`  \n");
        sb.append("Started ").append(in.startedAt()).append(", took ").append(in.took()).append(".  \n");
        sb.append(String.format("Settings: %s, %d round(s), %d ms warm-up + %d ms measured per run, "
                + "%d in flight per session, %d B values, JVM warm-up %d ms per client.  %n",
                o.quick() ? "quick" : "full", o.rounds(), o.warmupMs(), o.measureMs(),
                o.inflightPerSession(), o.valueBytes(), o.jvmWarmupMs()));
        sb.append("Machine: ").append(in.machine()).append("\n\n");
        for (Target t : o.servers()) {
            sb.append("## Server: ").append(t.label()).append(" (").append(in.servers().get(t)).append(")\n\n");
            List<ClientRunResult> runs = in.runs().stream().filter(r -> r.server() == t).toList();
            if (runs.isEmpty()) {
                sb.append("No runs.\n\n");
                continue;
            }
            sb.append("| workload | sessions | client | ops/s | p50 µs | p99 µs | p999 µs | "
                    + "alloc B/op | client CPU µs/op | server CPU µs/op | GCs | errors |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (ClientBenchOptions.Cell cell : o.cells()) {
                for (ClientKind k : ClientKind.values()) {
                    List<ClientRunResult> rs = select(runs, cell, k);
                    Histogram h = merged(rs);
                    sb.append(String.format("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |%n",
                            cell.workload().label(), cell.clients(), k.label(),
                            num(median(rs, ClientRunResult::opsPerSecond), 0),
                            num(pct(h, 50), 0), num(pct(h, 99), 0), num(pct(h, 99.9), 0),
                            num(median(rs, ClientRunResult::allocatedBytesPerOp), 0),
                            num(median(rs, ClientRunResult::clientCpuMicrosPerOp), 1),
                            num(median(rs, ClientRunResult::serverCpuMicrosPerOp), 1),
                            rs.stream().mapToLong(ClientRunResult::gcCount).sum(),
                            rs.stream().mapToLong(ClientRunResult::totalErrors).sum()));
                }
            }
            sb.append("\nRatios ours / official, per round, median [min–max] (ops/s above 1 is "
                    + "better for ours; the others below 1):\n\n");
            sb.append("| workload | sessions | ops/s | p50 | p99 | alloc B/op | client CPU/op |\n");
            sb.append("|---|---|---|---|---|---|---|\n");
            for (ClientBenchOptions.Cell cell : o.cells()) {
                sb.append(String.format("| %s | %d | %s | %s | %s | %s | %s |%n", cell.workload().label(),
                        cell.clients(),
                        ratio(runs, cell, ClientRunResult::opsPerSecond),
                        ratio(runs, cell, r -> r.latencyMicros(50)),
                        ratio(runs, cell, r -> r.latencyMicros(99)),
                        ratio(runs, cell, ClientRunResult::allocatedBytesPerOp),
                        ratio(runs, cell, ClientRunResult::clientCpuMicrosPerOp)));
            }
            sb.append('\n');
        }
        List<String> problems = new ArrayList<>();
        for (ClientRunResult r : in.runs()) {
            String head = r.server().label() + " " + r.kind().label() + " " + r.cell().label()
                    + " round " + r.round() + ": ";
            if (!r.ok()) {
                problems.add(head + "FAILED " + r.failure());
            } else if (!r.errorsByName().isEmpty()) {
                problems.add(head + "errors " + r.errorsByName());
            }
            if (!"ok".equals(r.cleanup())) {
                problems.add(head + "clean-up " + r.cleanup());
            }
        }
        if (!problems.isEmpty()) {
            sb.append("Problems:\n\n");
            problems.forEach(p -> sb.append("- ").append(p).append('\n'));
            sb.append('\n');
        }
        sb.append("Allocation is the sum over every live thread of this JVM of "
                + "ThreadMXBean.getThreadAllocatedBytes deltas over the measured window, divided by the "
                + "operations sent in it (so it includes the driver's own small per-operation cost, the "
                + "same for both clients). Client CPU is this process's CPU time (incl. GC and JIT) over "
                + "the window per operation; the server is a separate process. Latency is closed-loop "
                + "service time.\n");
        return sb.toString();
    }

    private static List<ClientRunResult> select(List<ClientRunResult> runs, ClientBenchOptions.Cell cell,
            ClientKind k) {
        return runs.stream().filter(r -> r.ok() && r.cell().equals(cell) && r.kind() == k).toList();
    }

    private static Histogram merged(List<ClientRunResult> rs) {
        Histogram h = new Histogram(LoadSession.MAX_LATENCY_NANOS, 3);
        rs.forEach(r -> h.add(r.latencies()));
        return h;
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    static double median(List<ClientRunResult> rs, ToDoubleFunction<ClientRunResult> f) {
        return median(rs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray());
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    /** Per-round ratios ours/official of a metric, sorted; rounds missing either side are skipped. */
    static double[] ratios(List<ClientRunResult> runs, ClientBenchOptions.Cell cell,
            ToDoubleFunction<ClientRunResult> f) {
        List<ClientRunResult> ours = select(runs, cell, ClientKind.OURS);
        List<ClientRunResult> official = select(runs, cell, ClientKind.OFFICIAL);
        List<Double> out = new ArrayList<>();
        for (ClientRunResult a : ours) {
            for (ClientRunResult b : official) {
                if (a.round() == b.round() && a.server() == b.server()) {
                    double r = f.applyAsDouble(a) / f.applyAsDouble(b);
                    if (!Double.isNaN(r) && !Double.isInfinite(r)) {
                        out.add(r);
                    }
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private static String ratio(List<ClientRunResult> runs, ClientBenchOptions.Cell cell,
            ToDoubleFunction<ClientRunResult> f) {
        double[] r = ratios(runs, cell, f);
        if (r.length == 0) {
            return "n/a";
        }
        if (r.length == 1) {
            return String.format("%.2f", r[0]);
        }
        return String.format("%.2f [%.2f–%.2f]", median(r), r[0], r[r.length - 1]);
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format("%." + decimals + "f", v);
    }

    private static Map<String, Object> jsonTree(Input in) {
        Map<String, Object> root = new LinkedHashMap<>();
        ClientBenchOptions o = in.options();
        root.put("command", in.command());
        root.put("startedAt", in.startedAt());
        root.put("took", in.took());
        root.put("machine", new LinkedHashMap<>(in.machine()));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("quick", o.quick());
        settings.put("rounds", o.rounds());
        settings.put("jvmWarmupMs", o.jvmWarmupMs());
        settings.put("warmupMs", o.warmupMs());
        settings.put("measureMs", o.measureMs());
        settings.put("inflightPerSession", o.inflightPerSession());
        settings.put("valueBytes", o.valueBytes());
        root.put("settings", settings);
        Map<String, Object> servers = new LinkedHashMap<>();
        in.servers().forEach((t, d) -> servers.put(t.label(), d));
        root.put("servers", servers);
        List<Object> runs = new ArrayList<>();
        for (ClientRunResult r : in.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("server", r.server().label());
            m.put("client", r.kind().label());
            m.put("workload", r.cell().workload().label());
            m.put("sessions", r.cell().clients());
            m.put("round", r.round());
            m.put("failure", r.failure());
            m.put("measuredOps", r.measuredOk());
            m.put("measuredErrors", r.measuredErrors());
            m.put("opsPerSecond", r.opsPerSecond());
            m.put("p50Micros", r.latencyMicros(50));
            m.put("p99Micros", r.latencyMicros(99));
            m.put("p999Micros", r.latencyMicros(99.9));
            m.put("allocatedBytesPerOp", r.allocatedBytesPerOp());
            m.put("clientCpuMicrosPerOp", r.clientCpuMicrosPerOp());
            m.put("serverCpuMicrosPerOp", r.serverCpuMicrosPerOp());
            m.put("gcCount", r.gcCount());
            m.put("errors", new LinkedHashMap<>(r.errorsByName()));
            m.put("cleanup", r.cleanup());
            runs.add(m);
        }
        root.put("runs", runs);
        List<Object> ratios = new ArrayList<>();
        for (Target t : o.servers()) {
            List<ClientRunResult> rs = in.runs().stream().filter(r -> r.server() == t).toList();
            for (ClientBenchOptions.Cell cell : o.cells()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("server", t.label());
                m.put("workload", cell.workload().label());
                m.put("sessions", cell.clients());
                m.put("opsPerSecond", list(ratios(rs, cell, ClientRunResult::opsPerSecond)));
                m.put("p50", list(ratios(rs, cell, r -> r.latencyMicros(50))));
                m.put("p99", list(ratios(rs, cell, r -> r.latencyMicros(99))));
                m.put("allocatedBytesPerOp", list(ratios(rs, cell, ClientRunResult::allocatedBytesPerOp)));
                m.put("clientCpuPerOp", list(ratios(rs, cell, ClientRunResult::clientCpuMicrosPerOp)));
                ratios.add(m);
            }
        }
        root.put("ratiosOursOverOfficialPerRound", ratios);
        return root;
    }

    private static List<Object> list(double[] values) {
        List<Object> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
