package io.warden.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validated settings of one load run. Immutable.
 *
 * @param workloads the workloads, in order
 * @param valueSizesBytes value sizes for the value-sized workloads
 * @param clientCounts numbers of concurrent sessions
 * @param rounds how many times every (workload, value size, clients) cell runs on each server
 * @param warmupMs warm-up per run, not measured
 * @param measureMs measured window per run
 * @param inflightPerSession bound on requests in flight per session
 * @param targets the servers to run against
 * @param wardenJar Warden's runnable jar
 * @param serverHeapMb -Xms and -Xmx of both forked servers
 * @param outDir where results and server logs go
 * @param seed seed of every random choice (printed)
 * @param quick whether these are the --quick settings
 * @param snapCount zoo.cfg snapCount for both servers, 0 for ZooKeeper's default
 * @param wardenJfr whether Warden runs with a JFR CPU profile ({@code servers/warden.jfr})
 */
public record LoadOptions(List<Workload> workloads, List<Integer> valueSizesBytes,
        List<Integer> clientCounts, int rounds, long warmupMs, long measureMs,
        int inflightPerSession, List<Target> targets, Path wardenJar, int serverHeapMb, Path outDir,
        long seed, boolean quick, int snapCount, boolean wardenJfr) {

    /** Upper bounds: everything the runner does must stay bounded in time and memory. */
    static final int MAX_CLIENTS = 256;
    static final int MAX_INFLIGHT = 1024;
    static final int MAX_ROUNDS = 20;
    static final long MAX_PHASE_MS = 600_000;
    static final int MAX_VALUE_BYTES = 512 * 1024;

    public LoadOptions {
        workloads = List.copyOf(workloads);
        valueSizesBytes = List.copyOf(valueSizesBytes);
        clientCounts = List.copyOf(clientCounts);
        targets = List.copyOf(targets);
        check(!workloads.isEmpty(), "no workloads");
        check(!valueSizesBytes.isEmpty(), "no value sizes");
        check(!clientCounts.isEmpty(), "no client counts");
        check(!targets.isEmpty(), "no targets");
        for (int v : valueSizesBytes) {
            check(v >= 0 && v <= MAX_VALUE_BYTES, "value size out of range: " + v);
        }
        for (int c : clientCounts) {
            check(c >= 1 && c <= MAX_CLIENTS, "client count out of range: " + c);
        }
        check(rounds >= 1 && rounds <= MAX_ROUNDS, "rounds out of range: " + rounds);
        check(warmupMs >= 0 && warmupMs <= MAX_PHASE_MS, "warm-up out of range: " + warmupMs);
        check(measureMs >= 100 && measureMs <= MAX_PHASE_MS, "measure out of range: " + measureMs);
        check(inflightPerSession >= 1 && inflightPerSession <= MAX_INFLIGHT,
                "in-flight out of range: " + inflightPerSession);
        check(serverHeapMb >= 64 && serverHeapMb <= 16_384, "heap out of range: " + serverHeapMb);
        check(snapCount >= 0, "snapCount out of range: " + snapCount);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The defaults of a full run. */
    public static LoadOptions defaults() {
        return new LoadOptions(List.of(Workload.values()), List.of(100, 1024), List.of(1, 8, 32),
                2, 1_500, 4_000, 8, List.of(Target.values()),
                Path.of("wire-server/server/target/warden-server.jar"), 1024,
                Path.of("benchmarks/target/load"), 42L, false, 0, false);
    }

    /**
     * The --quick settings: every workload and client count, one value size, one short round
     * (about three minutes with both servers; ratios then have no spread).
     */
    public static LoadOptions quickDefaults() {
        LoadOptions d = defaults();
        return new LoadOptions(d.workloads, List.of(100), d.clientCounts, 1, 500, 1_500,
                d.inflightPerSession, d.targets, d.wardenJar, 512, d.outDir, d.seed, true, 0, false);
    }

    /** Usage text for --help. */
    public static String usage() {
        return String.join("\n",
                "usage: java -cp benchmarks/target/benchmarks.jar io.warden.bench.load.LoadMain [options]",
                "  --quick                 short settings (100 B values, 1 round of 0.5 s + 1.5 s per run), ~4 min",
                "  --workloads a,b         of " + Arrays.stream(Workload.values()).map(Workload::label).toList(),
                "  --values 100,1024       value sizes in bytes",
                "  --clients 1,8,32        concurrent sessions",
                "  --rounds 2              rounds (each cell runs once per server per round; A B then B A)",
                "  --warmup-ms 1500        warm-up per run",
                "  --measure-ms 4000       measured window per run",
                "  --inflight 8            requests in flight per session",
                "  --targets zookeeper,warden",
                "  --warden-jar PATH       default wire-server/server/target/warden-server.jar",
                "  --heap-mb 1024          -Xms/-Xmx of each forked server",
                "  --out DIR               default benchmarks/target/load",
                "  --seed 42",
                "  --snap-count N          zoo.cfg snapCount for both servers (default: ZooKeeper's, 100000)",
                "  --warden-jfr            record a JFR CPU profile of Warden into OUT/servers/warden.jfr");
    }

    /** Parses command-line arguments; starts from the quick defaults if --quick is among them. */
    public static LoadOptions parse(String[] args) {
        LoadOptions o = Arrays.asList(args).contains("--quick") ? quickDefaults() : defaults();
        List<Workload> workloads = o.workloads;
        List<Integer> values = o.valueSizesBytes;
        List<Integer> clients = o.clientCounts;
        int rounds = o.rounds;
        long warmupMs = o.warmupMs;
        long measureMs = o.measureMs;
        int inflight = o.inflightPerSession;
        List<Target> targets = o.targets;
        Path jar = o.wardenJar;
        int heapMb = o.serverHeapMb;
        Path out = o.outDir;
        long seed = o.seed;
        int snapCount = o.snapCount;
        boolean jfr = o.wardenJfr;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (a.equals("--warden-jfr")) {
                jfr = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--workloads" -> workloads = split(v).stream().map(Workload::byLabel).toList();
                case "--values" -> values = ints(v);
                case "--clients" -> clients = ints(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--warmup-ms" -> warmupMs = Long.parseLong(v);
                case "--measure-ms" -> measureMs = Long.parseLong(v);
                case "--inflight" -> inflight = Integer.parseInt(v);
                case "--targets" -> targets = split(v).stream().map(LoadOptions::target).toList();
                case "--warden-jar" -> jar = Path.of(v);
                case "--heap-mb" -> heapMb = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--snap-count" -> snapCount = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new LoadOptions(workloads, values, clients, rounds, warmupMs, measureMs, inflight,
                targets, jar, heapMb, out, seed, o.quick, snapCount, jfr);
    }

    private static Target target(String label) {
        for (Target t : Target.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target " + label);
    }

    private static List<String> split(String v) {
        List<String> parts = new ArrayList<>();
        for (String p : v.split(",")) {
            if (!p.isBlank()) {
                parts.add(p.trim());
            }
        }
        return parts;
    }

    private static List<Integer> ints(String v) {
        return split(v).stream().map(Integer::parseInt).toList();
    }

    /** These options with other warm-up and measure durations. */
    LoadOptions withPhases(long newWarmupMs, long newMeasureMs) {
        return new LoadOptions(workloads, valueSizesBytes, clientCounts, rounds, newWarmupMs,
                newMeasureMs, inflightPerSession, targets, wardenJar, serverHeapMb, outDir, seed,
                quick, snapCount, wardenJfr);
    }

    /**
     * How long each freshly started server is driven (mixed load, not measured) before the first
     * measured run, so that neither is measured while its JIT is still cold.
     */
    public long serverWarmupMs() {
        return quick ? 2_000 : 10_000;
    }

    /** How the runner starts each server. */
    public ServerProcess.Settings serverSettings() {
        return new ServerProcess.Settings(serverHeapMb, wardenJar, snapCount, wardenJfr
                ? outDir.resolve("servers").resolve("warden.jfr") : null);
    }

    /** The (workload, value size, clients) cells, in run order. */
    public List<Cell> cells() {
        int smallest = valueSizesBytes.stream().mapToInt(Integer::intValue).min().orElseThrow();
        List<Cell> cells = new ArrayList<>();
        for (Workload w : workloads) {
            for (int v : valueSizesBytes) {
                if (!w.valueSized() && v != smallest) {
                    continue;
                }
                for (int c : clientCounts) {
                    cells.add(new Cell(w, v, c));
                }
            }
        }
        return cells;
    }

    /** One table row: a workload at a value size and a client count. Immutable. */
    public record Cell(Workload workload, int valueBytes, int clients) {
        public String label() {
            return workload.label() + " " + valueBytes + "B x" + clients;
        }
    }
}
