package io.warden.bench.client;

import io.warden.bench.load.MonotonicClock;
import io.warden.bench.load.ProcStats;
import io.warden.bench.load.ServerProcess;
import io.warden.bench.load.Target;
import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The client benchmark runner: forks one server (real ZooKeeper 3.9.5 by default, with the load
 * package's {@link ServerProcess}), warms both clients up untimed, then runs every (workload,
 * sessions) cell with our client and with the official one back to back, the first client
 * alternating between cells and rounds (A B, B A, ...). Writes {@code client-bench.json} and
 * {@code client-bench.md} under the output directory.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.warden.bench.client.ClientBenchMain --quick</pre>
 *
 * <p>Runs on the main thread (the coordinator).
 */
public final class ClientBenchMain {
    /**
     * Our client logs every session open and close at INFO (java.util.logging by default), which
     * buries the progress lines: the runner keeps it at WARNING. Held here so the setting sticks.
     */
    private static final java.util.logging.Logger CLIENT_LOG =
            java.util.logging.Logger.getLogger("io.warden.client");

    /** Root of every znode the runner creates; deleted at the end. */
    static final String ROOT = "/warden-client-bench";

    private final ClientBenchOptions options;
    private final MonotonicClock clock;
    private final PrintStream out;
    private final ProcStats proc = new ProcStats();
    private final Map<Target, String> serverNotes = new EnumMap<>(Target.class);
    /** The server being measured, for the shutdown hook (Ctrl-C must not leave it running). */
    private volatile ServerProcess current;
    private int runSeq;

    ClientBenchMain(ClientBenchOptions options, MonotonicClock clock, PrintStream out) {
        this.options = options;
        this.clock = clock;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(ClientBenchOptions.usage());
            return;
        }
        ClientBenchOptions options;
        try {
            options = ClientBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ClientBenchOptions.usage());
            System.exit(2);
            return;
        }
        CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
        // The official client must not try SASL: both clients then do the same work.
        System.setProperty("zookeeper.sasl.client", "false");
        String command = "java -cp benchmarks/target/benchmarks.jar " + ClientBenchMain.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));
        new ClientBenchMain(options, MonotonicClock.SYSTEM, System.out).run(command);
    }

    void run(String command) throws IOException, InterruptedException {
        if (!JvmCost.allocationSupported()) {
            throw new IllegalStateException("this JVM cannot measure per-thread allocation");
        }
        String startedAt = clock.wallTime().toString();
        long start = clock.nanos();
        Path workDir = options.outDir().resolve("servers");
        deleteTree(workDir);
        Files.createDirectories(workDir);
        int total = options.servers().size() * options.rounds() * options.cells().size() * 2;
        out.printf("client-bench: %s, %d runs%n", options.quick() ? "quick" : "full", total);
        List<ClientRunResult> results = new ArrayList<>();
        Thread hook = new Thread(this::stopCurrent, "client-bench-stop-server");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            for (Target t : options.servers()) {
                results.addAll(onServer(t, workDir.resolve(t.label())));
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        ClientReport.Input input = new ClientReport.Input(options, command, machine(), serverNotes,
                results, startedAt, mmss(clock.nanos() - start));
        Path json = options.outDir().resolve("client-bench.json");
        Path md = options.outDir().resolve("client-bench.md");
        ClientReport.write(input, json, md);
        out.println();
        out.print(ClientReport.markdown(input));
        out.printf("%nwrote %s and %s%n", json, md);
    }

    private List<ClientRunResult> onServer(Target t, Path workDir) throws InterruptedException {
        out.printf("starting %s ...%n", t.label());
        List<ClientRunResult> results = new ArrayList<>();
        try (ServerProcess server = ServerProcess.start(t, options.serverOptions(), workDir);
             WardenClient admin = OursSession.connect(server.port(), ClientRun.STEP_TIMEOUT_MS)) {
            current = server;
            serverNotes.put(t, describe(t) + ", pid " + server.pid());
            out.printf("%s: pid %d, 127.0.0.1:%d, log %s%n", t.label(), server.pid(), server.port(), server.log());
            admin.blocking().create(ROOT, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            warmUp(server, admin);
            List<ClientBenchOptions.Cell> cells = options.cells();
            for (int round = 1; round <= options.rounds(); round++) {
                for (int c = 0; c < cells.size(); c++) {
                    for (ClientKind k : order(round, c)) {
                        if (!server.isAlive()) {
                            serverNotes.put(t, describe(t) + ", EXITED during the run; see " + server.log());
                            return results;
                        }
                        ClientRunResult r = new ClientRun(server, admin.blocking(), options, cells.get(c), k,
                                round, ROOT + "/run-" + (++runSeq), proc, clock).run();
                        results.add(r);
                        out.println(oneLine(r));
                    }
                }
            }
            admin.blocking().delete(ROOT, -1);
        } catch (IOException | KeeperException e) {
            serverNotes.put(t, describe(t) + ", UNAVAILABLE: " + e.getMessage());
            out.printf("%s UNAVAILABLE: %s%n", t.label(), e.getMessage());
        } finally {
            current = null;
        }
        return results;
    }

    private void stopCurrent() {
        ServerProcess s = current;
        if (s != null) {
            s.close();
        }
    }

    /** Untimed load with each client (8 sessions, set then get) so neither is measured cold. */
    private void warmUp(ServerProcess server, WardenClient admin) throws InterruptedException {
        if (options.jvmWarmupMs() == 0) {
            return;
        }
        long half = Math.max(100, options.jvmWarmupMs() / 2);
        ClientBenchOptions warm = options.withPhases(half, 100);
        for (ClientKind k : ClientKind.values()) {
            out.printf("warming up %s client for %d ms (not measured) ...%n", k.label(), 2 * half);
            for (ClientWorkload w : List.of(ClientWorkload.SET, ClientWorkload.GET)) {
                ClientRunResult r = new ClientRun(server, admin.blocking(), warm,
                        new ClientBenchOptions.Cell(w, 8), k, 0, ROOT + "/warm-up-" + (++runSeq), proc,
                        clock).run();
                if (!r.ok()) {
                    out.printf("warm-up of %s failed: %s%n", k.label(), r.failure());
                }
            }
        }
    }

    /** Which client goes first alternates with every cell and every round. */
    private static List<ClientKind> order(int round, int cell) {
        List<ClientKind> ks = new ArrayList<>(List.of(ClientKind.values()));
        if ((round + cell) % 2 == 0) {
            ks.sort(Comparator.reverseOrder());
        }
        return ks;
    }

    private static String oneLine(ClientRunResult r) {
        String head = r.server().label() + " " + r.kind().label() + " " + r.cell().label() + " round "
                + r.round() + ": ";
        if (!r.ok()) {
            return head + "FAILED " + r.failure();
        }
        return head + String.format("%.0f ops/s, p50 %.0f µs, p99 %.0f µs, %.0f B/op, client CPU %.1f µs/op, "
                + "errors %d, clean-up %s", r.opsPerSecond(), r.latencyMicros(50), r.latencyMicros(99),
                r.allocatedBytesPerOp(), r.clientCpuMicrosPerOp(), r.totalErrors(), r.cleanup());
    }

    private String describe(Target t) {
        return switch (t) {
            case ZOOKEEPER -> "ZooKeeperServerMain 3.9.5, standalone, forceSync=yes, forked JVM";
            case WARDEN -> "java -jar " + options.wardenJar() + ", forked JVM";
        };
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("clientHeapMaxMb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("note", "both clients (this JVM) and the server share the machine's cores");
        return m;
    }

    static String mmss(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format("%02d:%02d", s / 60, s % 60);
    }

    /** Deletes a directory this runner owns (its server data from an earlier run). */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
