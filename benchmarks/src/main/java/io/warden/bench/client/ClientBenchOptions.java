package io.warden.bench.client;

import io.warden.bench.load.LoadOptions;
import io.warden.bench.load.Target;
import io.warden.bench.load.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Validated settings of one client benchmark run. Immutable.
 *
 * @param workloads the workloads, in order
 * @param clientCounts numbers of concurrent sessions (one client instance per session)
 * @param rounds how many times every (workload, sessions) cell runs with each client
 * @param jvmWarmupMs untimed load per client before the first measured run (JIT warm-up)
 * @param warmupMs warm-up per run, not measured
 * @param measureMs measured window per run
 * @param inflightPerSession bound on requests in flight per session
 * @param valueBytes value size of get, set and create
 * @param servers the servers to run against, one after the other, each forked once
 * @param wardenJar Warden's runnable jar
 * @param serverHeapMb -Xms and -Xmx of the forked server
 * @param outDir where results and server logs go
 * @param quick whether these are the --quick settings
 */
public record ClientBenchOptions(List<ClientWorkload> workloads, List<Integer> clientCounts,
        int rounds, long jvmWarmupMs, long warmupMs, long measureMs, int inflightPerSession,
        int valueBytes, List<Target> servers, Path wardenJar, int serverHeapMb, Path outDir,
        boolean quick) {

    static final int MAX_CLIENTS = 128;
    static final int MAX_INFLIGHT = 1024;
    static final int MAX_ROUNDS = 20;
    static final long MAX_PHASE_MS = 600_000;
    static final int MAX_VALUE_BYTES = 512 * 1024;

    public ClientBenchOptions {
        workloads = List.copyOf(workloads);
        clientCounts = List.copyOf(clientCounts);
        servers = List.copyOf(servers);
        check(!workloads.isEmpty(), "no workloads");
        check(!clientCounts.isEmpty(), "no client counts");
        check(!servers.isEmpty(), "no servers");
        for (int c : clientCounts) {
            check(c >= 1 && c <= MAX_CLIENTS, "client count out of range: " + c);
        }
        check(rounds >= 1 && rounds <= MAX_ROUNDS, "rounds out of range: " + rounds);
        check(jvmWarmupMs >= 0 && jvmWarmupMs <= MAX_PHASE_MS, "JVM warm-up out of range: " + jvmWarmupMs);
        check(warmupMs >= 0 && warmupMs <= MAX_PHASE_MS, "warm-up out of range: " + warmupMs);
        check(measureMs >= 100 && measureMs <= MAX_PHASE_MS, "measure out of range: " + measureMs);
        check(inflightPerSession >= 1 && inflightPerSession <= MAX_INFLIGHT,
                "in-flight out of range: " + inflightPerSession);
        check(valueBytes >= 0 && valueBytes <= MAX_VALUE_BYTES, "value size out of range: " + valueBytes);
        check(serverHeapMb >= 64 && serverHeapMb <= 16_384, "heap out of range: " + serverHeapMb);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A full run: 5 rounds of 3 s warm-up + 10 s measured, 1, 8 and 32 sessions (~30 min). */
    public static ClientBenchOptions defaults() {
        return new ClientBenchOptions(List.of(ClientWorkload.values()), List.of(1, 8, 32), 5,
                10_000, 3_000, 10_000, 8, 100, List.of(Target.ZOOKEEPER),
                Path.of("wire-server/server/target/warden-server.jar"), 1024,
                Path.of("benchmarks/target/client-bench"), false);
    }

    /** --quick: 1 and 8 sessions, 2 rounds (A B, B A) of 1 s + 2 s per run; under 3 minutes. */
    public static ClientBenchOptions quickDefaults() {
        ClientBenchOptions d = defaults();
        return new ClientBenchOptions(d.workloads, List.of(1, 8), 2, 3_000, 1_000, 2_000,
                d.inflightPerSession, d.valueBytes, d.servers, d.wardenJar, 512, d.outDir, true);
    }

    /** The load package's options for forking a server with these heap and jar settings. */
    LoadOptions serverOptions() {
        return new LoadOptions(List.of(Workload.GET), List.of(valueBytes), List.of(1), 1, 0, 100,
                1, servers, wardenJar, serverHeapMb, outDir, 42L, quick, 0, false);
    }

    /** These options with other per-run phases (for the JVM warm-up). */
    ClientBenchOptions withPhases(long newWarmupMs, long newMeasureMs) {
        return new ClientBenchOptions(workloads, clientCounts, rounds, jvmWarmupMs, newWarmupMs,
                newMeasureMs, inflightPerSession, valueBytes, servers, wardenJar, serverHeapMb,
                outDir, quick);
    }

    /** The (workload, sessions) cells, in run order. */
    List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (ClientWorkload w : workloads) {
            for (int c : clientCounts) {
                cells.add(new Cell(w, c));
            }
        }
        return cells;
    }

    /** One table row: a workload at a session count. Immutable. */
    record Cell(ClientWorkload workload, int clients) {
        String label() {
            return workload.label() + " x" + clients;
        }
    }

    /** Usage text for --help. */
    static String usage() {
        return String.join("\n",
                "usage: java -cp benchmarks/target/benchmarks.jar io.warden.bench.client.ClientBenchMain [options]",
                "  --quick                 1 and 8 sessions, 2 rounds of 1 s + 2 s per run (~2.5 min)",
                "  --workloads a,b         of " + Arrays.stream(ClientWorkload.values()).map(ClientWorkload::label).toList(),
                "  --clients 1,8,32        concurrent sessions (one client instance each)",
                "  --rounds 5              rounds (each cell runs once per client per round)",
                "  --jvm-warmup-ms 10000   untimed load per client before the first run",
                "  --warmup-ms 3000        warm-up per run",
                "  --measure-ms 10000      measured window per run",
                "  --inflight 8            requests in flight per session",
                "  --value-bytes 100       value size of get, set and create",
                "  --servers zookeeper     zookeeper and/or warden, one after the other",
                "  --warden-jar PATH       default wire-server/server/target/warden-server.jar",
                "  --heap-mb 1024          -Xms/-Xmx of the forked server",
                "  --out DIR               default benchmarks/target/client-bench");
    }

    /** Parses command-line arguments; starts from the quick defaults if --quick is among them. */
    static ClientBenchOptions parse(String[] args) {
        ClientBenchOptions o = Arrays.asList(args).contains("--quick") ? quickDefaults() : defaults();
        List<ClientWorkload> workloads = o.workloads;
        List<Integer> clients = o.clientCounts;
        int rounds = o.rounds;
        long jvmWarmupMs = o.jvmWarmupMs;
        long warmupMs = o.warmupMs;
        long measureMs = o.measureMs;
        int inflight = o.inflightPerSession;
        int valueBytes = o.valueBytes;
        List<Target> servers = o.servers;
        Path jar = o.wardenJar;
        int heapMb = o.serverHeapMb;
        Path out = o.outDir;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--workloads" -> workloads = split(v).stream().map(ClientWorkload::byLabel).toList();
                case "--clients" -> clients = split(v).stream().map(Integer::parseInt).toList();
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--jvm-warmup-ms" -> jvmWarmupMs = Long.parseLong(v);
                case "--warmup-ms" -> warmupMs = Long.parseLong(v);
                case "--measure-ms" -> measureMs = Long.parseLong(v);
                case "--inflight" -> inflight = Integer.parseInt(v);
                case "--value-bytes" -> valueBytes = Integer.parseInt(v);
                case "--servers" -> servers = split(v).stream().map(ClientBenchOptions::server).toList();
                case "--warden-jar" -> jar = Path.of(v);
                case "--heap-mb" -> heapMb = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new ClientBenchOptions(workloads, clients, rounds, jvmWarmupMs, warmupMs, measureMs,
                inflight, valueBytes, servers, jar, heapMb, out, o.quick);
    }

    private static Target server(String label) {
        for (Target t : Target.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown server " + label);
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
}
