package io.warden.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A 3-server Warden ensemble against a 3-server ZooKeeper 3.9.5 ensemble on this machine, one
 * after the other in the same run ({@link EnsembleProcesses}: same zoo.cfg, {@code forceSync=yes},
 * same heap): write throughput and latency ({@link Workload#SET}), read throughput and latency
 * ({@link Workload#GET}), each from sessions given the connect string of all three servers (the
 * official client spreads them), and writes again from sessions connected to the leader only and
 * to one follower only ({@link Run}), driven by {@link SessionDriver} as in {@link LoadMain}, with
 * the servers' CPU per operation (all three JVMs, from {@code /proc}); and the failover time:
 * SIGKILL the leader, then the time until a probe session's first successful create, median of a
 * few (the killed server is restarted in between). Ratios are Warden over ZooKeeper.
 *
 * <p>Before the measured runs each fresh ensemble takes unmeasured writes for
 * {@code --ensemble-warmup-ms} (both sides; 60 s quick, 120 s full): on 2 shared cores a new
 * 3-JVM Warden ensemble still spent half its CPU in the C2 compiler threads 90 s after start
 * (ZooKeeper's smaller code path warms sooner), which short windows would otherwise measure.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.warden.bench.load.EnsembleMain [--quick]</pre>
 *
 * <p>Results: {@code benchmarks/target/ensemble/ensemble-results.{json,md}}, the markdown also on
 * stdout. Runs on the main thread (the coordinator) plus one driver thread per session.
 */
public final class EnsembleMain {
    private static final long SETUP_TIMEOUT_MS = 60_000;
    private static final long DRAIN_TIMEOUT_MS = 30_000;
    private static final long FAILOVER_TIMEOUT_MS = 120_000;
    private static final int VALUE_BYTES = 100;

    /**
     * Settings. Immutable.
     *
     * @param clients sessions per measured run
     * @param warmupMs warm-up per run
     * @param measureMs measured window per run
     * @param inflight requests in flight per session
     * @param failovers leader kills per ensemble
     * @param heapMb heap of each server JVM
     * @param ensembleWarmupMs unmeasured writes right after each ensemble starts (JIT warm-up)
     * @param runs the measured runs, in order (a repeated one is reported with its last result)
     */
    record Options(int clients, long warmupMs, long measureMs, int inflight, int failovers,
            int heapMb, List<Target> targets, Path wardenJar, Path outDir, boolean quick, long ensembleWarmupMs,
            List<Run> runs) {
        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int clients = 8;
            long warmupMs = quick ? 1_000 : 3_000;
            long measureMs = quick ? 3_000 : 10_000;
            int inflight = 8;
            int failovers = quick ? 3 : 5;
            long ensembleWarmupMs = quick ? 60_000 : 120_000;
            List<Run> runs = List.of(Run.values());
            int heapMb = 512;
            List<Target> targets = List.of(Target.ZOOKEEPER, Target.WARDEN);
            Path jar = Path.of("wire-server/server/target/warden-server.jar");
            Path out = Path.of("benchmarks/target/ensemble");
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
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--warmup-ms" -> warmupMs = Long.parseLong(v);
                    case "--measure-ms" -> measureMs = Long.parseLong(v);
                    case "--inflight" -> inflight = Integer.parseInt(v);
                    case "--failovers" -> failovers = Integer.parseInt(v);
                    case "--ensemble-warmup-ms" -> ensembleWarmupMs = Long.parseLong(v);
                    case "--runs" -> runs = Arrays.stream(v.split(",")).map(Run::parse).toList();
                    case "--heap-mb" -> heapMb = Integer.parseInt(v);
                    case "--targets" -> targets = Arrays.stream(v.split(","))
                            .map(s -> Target.valueOf(s.trim().toUpperCase(Locale.ROOT))).toList();
                    case "--warden-jar" -> jar = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (clients < 1 || clients > 256 || inflight < 1 || inflight > 1024 || failovers < 1
                    || failovers > 50 || measureMs < 100 || warmupMs < 0 || heapMb < 64 || ensembleWarmupMs < 0
                    || ensembleWarmupMs > 600_000) {
                throw new IllegalArgumentException("option out of range");
            }
            return new Options(clients, warmupMs, measureMs, inflight, failovers, heapMb, targets,
                    jar, out, quick, ensembleWarmupMs, runs);
        }
    }

    /** Which server the sessions of a run connect to. */
    enum Via {
        /** The connect string of all three servers (the client picks one per session). */
        ALL,
        /** The leader only. */
        LEADER,
        /** One follower only (the lowest-numbered). */
        FOLLOWER
    }

    /** The measured runs on each ensemble, in order. */
    enum Run {
        WRITE("write", Workload.SET, Via.ALL),
        READ("read", Workload.GET, Via.ALL),
        WRITE_VIA_LEADER("write via leader", Workload.SET, Via.LEADER),
        WRITE_VIA_FOLLOWER("write via follower", Workload.SET, Via.FOLLOWER);

        final String label;
        final Workload workload;
        final Via via;

        Run(String label, Workload workload, Via via) {
            this.label = label;
            this.workload = workload;
            this.via = via;
        }

        /** By its label with dashes for spaces ({@code write-via-follower}). */
        static Run parse(String name) {
            for (Run r : values()) {
                if (r.label.replace(' ', '-').equals(name.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown run " + name);
        }
    }

    /**
     * One measured run. Immutable (the histogram is not touched after the run).
     *
     * @param serverCpuMicrosPerOp CPU time of the three server JVMs during the measured window,
     *     per successful operation (NaN if not readable)
     */
    record Measured(Workload workload, long ok, long errors, double seconds, double p50Micros,
            double p99Micros, double serverCpuMicrosPerOp) {
        double opsPerSecond() {
            return ok / seconds;
        }
    }

    /** Everything measured on one ensemble. Immutable. */
    record EnsembleResult(Target target, Map<Run, Measured> runs, List<Long> failoverMs,
            int probeSessionsExpired, String failure) {
        double failoverMedianMs() {
            List<Long> sorted = failoverMs.stream().sorted().toList();
            return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
        }
    }

    private EnsembleMain() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        MonotonicClock clock = MonotonicClock.SYSTEM;
        Files.createDirectories(options.outDir());
        List<EnsembleResult> results = new ArrayList<>();
        for (Target target : options.targets()) {
            results.add(runOne(target, options, clock));
        }
        String md = markdown(results, options, clock);
        Files.writeString(options.outDir().resolve("ensemble-results.md"), md);
        Files.writeString(options.outDir().resolve("ensemble-results.json"), Json.write(json(results, options)));
        System.out.println(md);
        if (results.stream().anyMatch(r -> r.failure() != null)) {
            System.exit(1);
        }
    }

    private static EnsembleResult runOne(Target target, Options options, MonotonicClock clock)
            throws InterruptedException {
        Map<Run, Measured> runs = new LinkedHashMap<>();
        List<Long> failovers = new ArrayList<>();
        log(target.label() + ": starting a 3-server ensemble");
        Path work;
        try {
            work = Files.createTempDirectory("warden-ensemble-bench-");
        } catch (IOException e) {
            return new EnsembleResult(target, runs, failovers, 0, e.toString());
        }
        int expired = 0;
        try (EnsembleProcesses ensemble = EnsembleProcesses.start(target, work, options.heapMb(),
                options.wardenJar(), clock)) {
            log(ensemble + " serving, leader " + ensemble.leader());
            if (options.ensembleWarmupMs() > 0) {
                Options warm = new Options(options.clients(), 0, options.ensembleWarmupMs(), options.inflight(),
                        options.failovers(), options.heapMb(), options.targets(), options.wardenJar(),
                        options.outDir(), options.quick(), options.ensembleWarmupMs(), options.runs());
                Measured w = measure(ensemble, ensemble.connectString(), Workload.SET, warm, clock);
                log(String.format(Locale.ROOT, "%s warm-up (unmeasured): %.0f writes/s", target.label(),
                        w.opsPerSecond()));
            }
            for (Run run : options.runs()) {
                String connect = switch (run.via) {
                    case ALL -> ensemble.connectString();
                    case LEADER -> ensemble.connectString(ensemble.awaitAllServing(EnsembleProcesses.START_TIMEOUT_MS));
                    case FOLLOWER -> ensemble.connectString(
                            ensemble.awaitAllServing(EnsembleProcesses.START_TIMEOUT_MS) == 1 ? 2 : 1);
                };
                Measured m = measure(ensemble, connect, run.workload, options, clock);
                runs.put(run, m);
                log(String.format(Locale.ROOT, "%s %s: %.0f ops/s, p50 %.0f us, p99 %.0f us, %d errors, "
                        + "server CPU %.0f us/op", target.label(), run.label, m.opsPerSecond(), m.p50Micros(),
                        m.p99Micros(), m.errors(), m.serverCpuMicrosPerOp()));
            }
            for (int i = 1; i <= options.failovers(); i++) {
                Failover f = failover(ensemble, i, clock);
                failovers.add(f.ms());
                expired += f.probeSessionExpired() ? 1 : 0;
                log(target.label() + " failover " + i + ": " + f.ms() + " ms"
                        + (f.probeSessionExpired() ? " (probe session expired)" : ""));
            }
            return new EnsembleResult(target, runs, failovers, expired, null);
        } catch (IOException | KeeperException | RuntimeException e) {
            log(target.label() + " failed: " + e + " (logs kept under " + work + ")");
            work = null;
            return new EnsembleResult(target, runs, failovers, expired, e.toString());
        } finally {
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    private static Measured measure(EnsembleProcesses ensemble, String connectString, Workload workload,
            Options options, MonotonicClock clock) throws IOException, InterruptedException, KeeperException {
        String runDir = "/ensemble-bench-" + workload.label();
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
        List<ZooKeeper> sessions = new ArrayList<>();
        ZooKeeper admin = connect(ensemble.connectString(), clock);
        try {
            AdminOps ops = new AdminOps(admin);
            List<String> dirs = new ArrayList<>(List.of(runDir));
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < options.clients(); i++) {
                dirs.add(runDir + "/s" + i);
                nodes.add(runDir + "/s" + i + "/node");
            }
            check(ops.createAll(dirs.subList(0, 1), new byte[0], SETUP_TIMEOUT_MS), "run dir");
            check(ops.createAll(dirs.subList(1, dirs.size()), new byte[0], SETUP_TIMEOUT_MS), "session dirs");
            check(ops.createAll(nodes, value, SETUP_TIMEOUT_MS), "nodes");
            for (int i = 0; i < options.clients(); i++) {
                sessions.add(connect(connectString, clock));
            }
            List<SessionDriver> drivers = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                drivers.add(new SessionDriver(sessions.get(i), workload, runDir + "/s" + i, runDir,
                        value, options.inflight(), clock, 42L * 1_000_003L + i));
            }
            long warmupEnd = clock.nanos() + TimeUnit.MILLISECONDS.toNanos(options.warmupMs());
            Window window = new Window(warmupEnd, warmupEnd + TimeUnit.MILLISECONDS.toNanos(options.measureMs()));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < drivers.size(); i++) {
                SessionDriver d = drivers.get(i);
                Thread t = new Thread(() -> {
                    try {
                        d.drive(window);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }, "ensemble-driver-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            sleepUntil(window.warmupEndNanos(), clock);
            long cpuStart = serverCpuNanos(ensemble);
            long windowStart = clock.nanos();
            sleepUntil(window.measureEndNanos(), clock);
            long cpuEnd = serverCpuNanos(ensemble);
            long windowEnd = clock.nanos();
            long joinDeadline = window.measureEndNanos() + TimeUnit.MILLISECONDS.toNanos(
                    Window.MAX_EXTENSION_MS + DRAIN_TIMEOUT_MS);
            for (Thread t : threads) {
                long left = joinDeadline - clock.nanos();
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            for (SessionDriver d : drivers) {
                d.drain(DRAIN_TIMEOUT_MS);
            }
            if (failure.get() != null) {
                throw new IOException("driver failed", failure.get());
            }
            Histogram merged = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
            long ok = 0;
            long errors = 0;
            for (SessionDriver d : drivers) {
                merged.add(d.latencies());
                ok += d.measuredOk();
                errors += d.measuredErrors();
            }
            double seconds = window.lengthNanos() / 1e9;
            // CPU over the sampled span, scaled to the window's ops at the rate of the span
            double cpuPerOp = cpuStart < 0 || cpuEnd < 0 || ok == 0 ? Double.NaN
                    : (cpuEnd - cpuStart) / 1e3 / (ok * ((windowEnd - windowStart) / 1e9) / seconds);
            Measured m = new Measured(workload, ok, errors, seconds,
                    merged.getValueAtPercentile(50) / 1e3, merged.getValueAtPercentile(99) / 1e3, cpuPerOp);
            for (ZooKeeper zk : sessions) {
                ZkConnect.closeQuietly(zk);
            }
            sessions.clear();
            List<String> leaves = new ArrayList<>(nodes);
            ops.deleteAll(leaves, SETUP_TIMEOUT_MS);
            ops.deleteAll(dirs.subList(1, dirs.size()), SETUP_TIMEOUT_MS);
            ops.deleteAll(dirs.subList(0, 1), SETUP_TIMEOUT_MS);
            return m;
        } finally {
            for (ZooKeeper zk : sessions) {
                ZkConnect.closeQuietly(zk);
            }
            ZkConnect.closeQuietly(admin);
        }
    }

    private static final ProcStats PROC = new ProcStats();

    /** CPU time of the running servers so far (sum), -1 if one cannot be read. */
    private static long serverCpuNanos(EnsembleProcesses ensemble) {
        long sum = 0;
        for (long pid : ensemble.pids()) {
            long n = PROC.cpuNanos(pid);
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    private static void sleepUntil(long nanos, MonotonicClock clock) throws InterruptedException {
        long left;
        while ((left = nanos - clock.nanos()) > 0) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private static void check(AdminOps.BatchResult r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException("create " + what + " failed: " + r.errors() + ", " + r.unanswered() + " unanswered");
        }
    }

    /** One failover: milliseconds from the kill to the first successful create; whether the probe's session expired. */
    record Failover(long ms, boolean probeSessionExpired) {
    }

    /**
     * Kills the leader, then creates a znode through a session on all servers until it
     * succeeds; returns the time from the kill to that success. The probe session is opened just
     * before the kill, so it is young: if the ensemble expires it (ZooKeeper never expires a
     * session whose timeout has not passed), that is recorded and a new session carries on (its
     * set-up counts in the time). Restarts the killed server and waits until all three serve again.
     */
    private static Failover failover(EnsembleProcesses ensemble, int round, MonotonicClock clock)
            throws IOException, InterruptedException {
        int leader = ensemble.awaitAllServing(EnsembleProcesses.START_TIMEOUT_MS);
        ZooKeeper probe = connect(ensemble.connectString(), clock);
        boolean expired = false;
        try {
            String path = "/ensemble-bench-failover-" + round;
            long killed = clock.nanos();
            ensemble.kill(leader);
            long deadline = killed + TimeUnit.MILLISECONDS.toNanos(FAILOVER_TIMEOUT_MS);
            KeeperException last = null;
            boolean written = false;
            while (!written && clock.nanos() < deadline) {
                try {
                    probe.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    written = true;
                } catch (KeeperException.NodeExistsException e) {
                    written = true; // an earlier attempt was applied; its answer was lost
                } catch (KeeperException.SessionExpiredException e) {
                    last = e;
                    if (!expired) {
                        log(ensemble.target().label() + " failover " + round + ": the probe's session "
                                + "0x" + Long.toHexString(probe.getSessionId()) + " was expired after "
                                + TimeUnit.NANOSECONDS.toMillis(clock.nanos() - killed) + " ms; opening another");
                    }
                    expired = true;
                    ZkConnect.closeQuietly(probe);
                    probe = connect(ensemble.connectString(), clock);
                } catch (KeeperException e) {
                    last = e;
                    Thread.sleep(10);
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(clock.nanos() - killed);
            if (!written) {
                throw new IOException("no write within " + FAILOVER_TIMEOUT_MS + " ms after killing leader "
                        + leader + " (" + ensemble.describeModes() + ")", last);
            }
            try {
                probe.delete(path, -1);
            } catch (KeeperException e) {
                // Clean-up only; the znode does not affect later measurements.
            }
            ensemble.restart(leader);
            return new Failover(ms, expired);
        } finally {
            ZkConnect.closeQuietly(probe);
        }
    }

    private static ZooKeeper connect(String connectString, MonotonicClock clock) throws IOException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, ZkConnect.SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            if (connected.await(SETUP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return zk;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ZkConnect.closeQuietly(zk);
        throw new IOException("no session with " + connectString + " within " + SETUP_TIMEOUT_MS + " ms");
    }

    private static Map<String, Object> json(List<EnsembleResult> results, Options options) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("quick", options.quick());
        root.put("clients", options.clients());
        root.put("inflightPerSession", options.inflight());
        root.put("measureMs", options.measureMs());
        root.put("ensembleWarmupMs", options.ensembleWarmupMs());
        List<Object> list = new ArrayList<>();
        for (EnsembleResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", r.target().label());
            Map<String, Object> runs = new TreeMap<>();
            r.runs().forEach((run, x) -> runs.put(run.label, Map.of("opsPerSecond", x.opsPerSecond(),
                    "p50Micros", x.p50Micros(), "p99Micros", x.p99Micros(), "errors", x.errors(),
                    "serverCpuMicrosPerOp", Double.isNaN(x.serverCpuMicrosPerOp()) ? -1 : x.serverCpuMicrosPerOp())));
            m.put("runs", runs);
            m.put("failoverMs", r.failoverMs());
            m.put("failoverMedianMs", r.failoverMedianMs());
            m.put("probeSessionsExpired", r.probeSessionsExpired());
            if (r.failure() != null) {
                m.put("failure", r.failure());
            }
            list.add(m);
        }
        root.put("results", list);
        return root;
    }

    private static String markdown(List<EnsembleResult> results, Options options, MonotonicClock clock) {
        StringBuilder sb = new StringBuilder();
        sb.append("## 3-server ensembles: Warden vs ZooKeeper 3.9.5 (").append(clock.wallTime())
                .append(options.quick() ? ", --quick" : "").append(")\n\n");
        sb.append(String.format(Locale.ROOT, "%d sessions on the connect string of all servers, %d in flight each,"
                + " %d B values, %d ms measured after %d ms warm-up (each ensemble first took %d ms of unmeasured"
                + " writes); forceSync=yes; %d MB heap per server;"
                + " failover = SIGKILL of the leader until the first successful create, %d times.%n%n",
                options.clients(), options.inflight(), VALUE_BYTES, options.measureMs(), options.warmupMs(),
                options.ensembleWarmupMs(), options.heapMb(), options.failovers()));
        sb.append("| ensemble | write ops/s | write p50 us | write p99 us | read ops/s | read p50 us | read p99 us"
                + " | failover median ms | failovers ms | probe sessions expired |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (EnsembleResult r : results) {
            Measured w = r.runs().get(Run.WRITE);
            Measured g = r.runs().get(Run.READ);
            sb.append("| ").append(r.target().label()).append(" | ")
                    .append(w == null ? "-" : fmt(w.opsPerSecond())).append(" | ")
                    .append(w == null ? "-" : fmt(w.p50Micros())).append(" | ")
                    .append(w == null ? "-" : fmt(w.p99Micros())).append(" | ")
                    .append(g == null ? "-" : fmt(g.opsPerSecond())).append(" | ")
                    .append(g == null ? "-" : fmt(g.p50Micros())).append(" | ")
                    .append(g == null ? "-" : fmt(g.p99Micros())).append(" | ")
                    .append(fmt(r.failoverMedianMs())).append(" | ").append(r.failoverMs()).append(" | ")
                    .append(r.probeSessionsExpired()).append(" |\n");
            if (r.failure() != null) {
                sb.append("\n").append(r.target().label()).append(" FAILED: ").append(r.failure()).append("\n\n");
            }
        }
        sb.append("\nEvery run, with the CPU time of the three server JVMs per operation:\n\n")
                .append("| ensemble | run | ops/s | p50 us | p99 us | errors | server CPU us/op |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (EnsembleResult r : results) {
            r.runs().forEach((run, m) -> sb.append("| ").append(r.target().label()).append(" | ").append(run.label)
                    .append(" | ").append(fmt(m.opsPerSecond())).append(" | ").append(fmt(m.p50Micros()))
                    .append(" | ").append(fmt(m.p99Micros())).append(" | ").append(m.errors()).append(" | ")
                    .append(fmt(m.serverCpuMicrosPerOp())).append(" |\n"));
        }
        EnsembleResult zk = find(results, Target.ZOOKEEPER);
        EnsembleResult wd = find(results, Target.WARDEN);
        if (zk != null && wd != null && zk.failure() == null && wd.failure() == null
                && zk.runs().keySet().containsAll(List.of(Run.values()))
                && wd.runs().keySet().containsAll(List.of(Run.values()))) {
            Measured zw = zk.runs().get(Run.WRITE);
            Measured ww = wd.runs().get(Run.WRITE);
            Measured zg = zk.runs().get(Run.READ);
            Measured wg = wd.runs().get(Run.READ);
            sb.append("\nRatios Warden / ZooKeeper: write ops/s ").append(ratio(ww.opsPerSecond(), zw.opsPerSecond()))
                    .append(", write p50 ").append(ratio(ww.p50Micros(), zw.p50Micros()))
                    .append(", write p99 ").append(ratio(ww.p99Micros(), zw.p99Micros()))
                    .append(", read ops/s ").append(ratio(wg.opsPerSecond(), zg.opsPerSecond()))
                    .append(", read p50 ").append(ratio(wg.p50Micros(), zg.p50Micros()))
                    .append(", read p99 ").append(ratio(wg.p99Micros(), zg.p99Micros()))
                    .append(", failover median ").append(ratio(wd.failoverMedianMs(), zk.failoverMedianMs()))
                    .append(".\n");
            for (Run run : List.of(Run.WRITE_VIA_LEADER, Run.WRITE_VIA_FOLLOWER)) {
                Measured z = zk.runs().get(run);
                Measured w = wd.runs().get(run);
                sb.append("Ratios ").append(run.label).append(": ops/s ").append(ratio(w.opsPerSecond(), z.opsPerSecond()))
                        .append(", p50 ").append(ratio(w.p50Micros(), z.p50Micros()))
                        .append(", p99 ").append(ratio(w.p99Micros(), z.p99Micros()))
                        .append(", server CPU per op ").append(ratio(w.serverCpuMicrosPerOp(), z.serverCpuMicrosPerOp()))
                        .append(".\n");
            }
        }
        return sb.toString();
    }

    private static EnsembleResult find(List<EnsembleResult> results, Target target) {
        return results.stream().filter(r -> r.target() == target).findFirst().orElse(null);
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log("could not delete " + dir + ": " + e);
        }
    }

    private static void log(String line) {
        System.err.println("[ensemble] " + line);
    }
}
