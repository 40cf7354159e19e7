package io.warden.bench.load;

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
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The load runner: forks ZooKeeper 3.9.5 and Warden, runs every cell on both in alternating order
 * (which server goes first flips every round and every cell), several rounds, and writes
 * {@code load-results.json} and {@code load-results.md}. A server that cannot start is reported
 * as unavailable and the other is still measured.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.warden.bench.load.LoadMain --quick</pre>
 *
 * <p>Runs on the main thread (the coordinator).
 */
public final class LoadMain {
    /** Root of every znode the runner creates; deleted at the end. */
    static final String ROOT = "/warden-bench";

    private final LoadOptions options;
    private final MonotonicClock clock;
    private final PrintStream out;
    private final ProcStats proc = new ProcStats();
    private final Map<Target, ServerProcess> servers = new EnumMap<>(Target.class);
    private final Map<Target, ZooKeeper> admins = new EnumMap<>(Target.class);
    private final Map<Target, String> unavailable = new EnumMap<>(Target.class);
    private final Map<Target, Durability> durability = new EnumMap<>(Target.class);
    private int runSeq;

    LoadMain(LoadOptions options, MonotonicClock clock, PrintStream out) {
        this.options = options;
        this.clock = clock;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(LoadOptions.usage());
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LoadOptions.usage());
            System.exit(2);
            return;
        }
        // The client must not try SASL against either server: same client, same work.
        System.setProperty("zookeeper.sasl.client", "false");
        String command = "java -cp benchmarks/target/benchmarks.jar " + LoadMain.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));
        new LoadMain(options, MonotonicClock.SYSTEM, System.out).run(command);
    }

    void run(String command) throws IOException, InterruptedException {
        String startedAt = clock.wallTime().toString();
        long start = clock.nanos();
        Map<String, Object> machine = Machine.describe();
        Path workDir = options.outDir().resolve("servers");
        deleteTree(workDir);
        Files.createDirectories(workDir);
        out.printf("load: %s, seed %d, %d cells x %d rounds x %d servers%n",
                options.quick() ? "quick" : "full", options.seed(), options.cells().size(),
                options.rounds(), options.targets().size());
        Thread hook = new Thread(this::stopServers, "load-stop-servers");
        Runtime.getRuntime().addShutdownHook(hook);
        List<RunResult> results;
        try {
            startServers(workDir);
            warmUpServers();
            results = runAll();
            for (ZooKeeper admin : admins.values()) {
                deleteRoot(admin);
            }
        } finally {
            stopServers();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        List<Summary> summaries = Summary.of(options.cells(), results);
        Report.Input input = new Report.Input(options, command, machine, serverInfo(),
                results, summaries, startedAt, Progress.mmss(clock.nanos() - start));
        Path json = options.outDir().resolve("load-results.json");
        Path md = options.outDir().resolve("load-results.md");
        Report.write(input, json, md);
        out.println();
        out.print(Report.markdown(input));
        out.printf("%nwrote %s and %s%n", json, md);
        try {
            String note = Report.durabilityBanner(input.servers()).isEmpty() ? ""
                    : "NOT LIKE FOR LIKE: a server ran in memory (see the report).";
            Plots.PlotFiles plots = Plots.write(options.cells(), summaries, results, options.outDir(), note);
            out.printf("wrote %s, %s and %d plots under %s%n", plots.throughputGrid(),
                    plots.latencyGrid(), plots.singles().size(), options.outDir().resolve("plots"));
        } catch (IOException | RuntimeException e) {
            out.printf("could not draw the plots: %s%n", e);
        }
    }

    private void startServers(Path workDir) {
        for (Target t : options.targets()) {
            out.printf("starting %s ...%n", t.label());
            try {
                ServerProcess s = ServerProcess.start(t, options, workDir.resolve(t.label()));
                servers.put(t, s);
                Durability.Probed probed = Durability.probe(s, clock);
                s = probed.server();
                servers.put(t, s);
                durability.put(t, probed.durability());
                out.printf("%s: %s (restart %.0f ms)%n", t.label(), probed.durability().label(),
                        probed.durability().restartMillis());
                ZooKeeper admin = ZkConnect.open(s.port(), ServerProcess.START_TIMEOUT_MS);
                admins.put(t, admin);
                admin.create(ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                out.printf("%s: pid %d, 127.0.0.1:%d, log %s%n", t.label(), s.pid(), s.port(), s.log());
            } catch (IOException | KeeperException e) {
                markUnavailable(t, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                markUnavailable(t, "interrupted");
            }
        }
    }

    /** Drives each server with untimed mixed load once, before any measured run. */
    private void warmUpServers() throws InterruptedException {
        LoadOptions warm = options.withPhases(options.serverWarmupMs(), 100);
        LoadOptions.Cell cell = new LoadOptions.Cell(Workload.MIXED, 100, 8);
        for (Target t : options.targets()) {
            ServerProcess s = servers.get(t);
            if (s == null) {
                continue;
            }
            out.printf("warming up %s for %d ms (not measured) ...%n", t.label(),
                    options.serverWarmupMs());
            RunResult r = new LoadRun(s, admins.get(t), warm, cell, 0, ROOT + "/warm-up-" + t.label(),
                    proc, clock, new Progress(out, clock, 1), options.seed()).run();
            if (!r.ok() || !r.cleanup().equals("ok")) {
                markUnavailable(t, "warm-up failed: " + (r.ok() ? r.cleanup() : r.failure()));
            }
        }
    }

    private void markUnavailable(Target t, String why) {
        unavailable.put(t, why);
        out.printf("%s UNAVAILABLE: %s%n", t.label(), why);
        ZkConnect.closeQuietly(admins.remove(t));
        ServerProcess s = servers.remove(t);
        if (s != null) {
            s.close();
        }
    }

    private List<RunResult> runAll() throws InterruptedException {
        List<LoadOptions.Cell> cells = options.cells();
        Progress progress = new Progress(out, clock,
                cells.size() * options.rounds() * options.targets().size());
        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (int c = 0; c < cells.size(); c++) {
                for (Target t : order(round, c)) {
                    ServerProcess s = servers.get(t);
                    if (s != null && !s.isAlive()) {
                        markUnavailable(t, "exited during the run; see " + s.log());
                        s = null;
                    }
                    if (s == null) {
                        progress.skipped(1);
                        continue;
                    }
                    String runDir = ROOT + "/run-" + (++runSeq);
                    RunResult r = new LoadRun(s, admins.get(t), options, cells.get(c), round, runDir,
                            proc, clock, progress, options.seed() + runSeq).run();
                    results.add(r);
                    progress.runDone();
                    progress.line(oneLine(r));
                }
            }
        }
        return results;
    }

    /** The targets in this (round, cell)'s order: who goes first alternates. */
    private List<Target> order(int round, int cell) {
        List<Target> ts = new ArrayList<>(options.targets());
        if ((round + cell) % 2 == 0) {
            ts.sort(Comparator.reverseOrder());
        } else {
            ts.sort(Comparator.naturalOrder());
        }
        return ts;
    }

    private static String oneLine(RunResult r) {
        String head = r.target().label() + " " + r.cell().label() + " round " + r.round() + ": ";
        if (!r.ok()) {
            return head + "FAILED " + r.failure();
        }
        return head + String.format("%.0f ops/s, p50 %.0f µs, p99 %.0f µs, server CPU %.1f µs/op, "
                + "RSS %d MiB, errors %d, clean-up %s", r.opsPerSecond(), r.latencyMicros(50),
                r.latencyMicros(99), r.serverCpuMicrosPerOp(), r.serverRssBytes() >> 20,
                r.totalErrors(), r.cleanup());
    }

    private void deleteRoot(ZooKeeper admin) throws InterruptedException {
        try {
            admin.delete(ROOT, -1);
        } catch (KeeperException e) {
            out.printf("could not delete %s: %s%n", ROOT, e.code());
        }
    }

    private List<Report.ServerInfo> serverInfo() {
        List<Report.ServerInfo> info = new ArrayList<>();
        for (Target t : options.targets()) {
            if (unavailable.containsKey(t)) {
                info.add(new Report.ServerInfo(t, false, unavailable.get(t),
                        durability.getOrDefault(t, Durability.unknown("not started"))));
            } else {
                info.add(new Report.ServerInfo(t, true, describe(t),
                        durability.getOrDefault(t, Durability.unknown("not probed"))));
            }
        }
        return info;
    }

    private String describe(Target t) {
        return switch (t) {
            case ZOOKEEPER -> "ZooKeeperServerMain 3.9.5, standalone, zoo.cfg forceSync=yes"
                    + (options.snapCount() > 0 ? ", snapCount=" + options.snapCount() : "")
                    + ", forked JVM";
            case WARDEN -> "java -jar " + options.wardenJar() + " zoo.cfg (the same settings)"
                    + (options.wardenJfr() ? ", JFR profile" : "") + ", forked JVM";
        };
    }

    private synchronized void stopServers() {
        admins.values().forEach(ZkConnect::closeQuietly);
        admins.clear();
        servers.values().forEach(ServerProcess::close);
        servers.clear();
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

    /** Labels for the machine the run was on. Stateless. */
    static final class Machine {
        private Machine() {
        }

        static Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cores", Runtime.getRuntime().availableProcessors());
            m.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
            m.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            m.put("note", "client (this JVM) and both servers share the machine's cores");
            m.put("loadAverageAtStart", loadAverage());
            return m;
        }

        /** The 1, 5 and 15 minute load averages, from /proc/loadavg ("?" if unreadable). */
        static String loadAverage() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException | RuntimeException e) {
                return "?";
            }
        }

        private static String firstValue(Path file, String key) {
            try (Stream<String> lines = Files.lines(file)) {
                return lines.filter(l -> l.startsWith(key)).findFirst()
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            } catch (IOException | RuntimeException e) {
                return "?";
            }
        }
    }
}
