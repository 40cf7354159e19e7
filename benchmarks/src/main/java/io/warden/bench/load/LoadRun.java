package io.warden.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * One run: one server, one cell, one round. Creates the znodes the workload needs under a fresh
 * run directory, opens the sessions, drives warm-up then the measured window, samples the
 * server's CPU and RSS at the window's edges, drains, closes the sessions (which removes the
 * ephemerals) and deletes everything it created.
 *
 * <p>Runs on the coordinator thread and owns the driver threads it starts.
 */
final class LoadRun {
    static final long SETUP_TIMEOUT_MS = 60_000;
    static final long CONNECT_TIMEOUT_MS = 30_000;
    static final long DRAIN_TIMEOUT_MS = 30_000;
    static final long CLEANUP_TIMEOUT_MS = 300_000;

    private final ServerProcess server;
    private final ZooKeeper admin;
    private final AdminOps ops;
    private final LoadOptions options;
    private final LoadOptions.Cell cell;
    private final int round;
    private final String runDir;
    private final ProcStats proc;
    private final MonotonicClock clock;
    private final Progress progress;
    private final long seed;
    private final byte[] value;
    private final List<Driver> drivers = new ArrayList<>();

    LoadRun(ServerProcess server, ZooKeeper admin, LoadOptions options, LoadOptions.Cell cell,
            int round, String runDir, ProcStats proc, MonotonicClock clock, Progress progress,
            long seed) {
        this.server = server;
        this.admin = admin;
        this.ops = new AdminOps(admin);
        this.options = options;
        this.cell = cell;
        this.round = round;
        this.runDir = runDir;
        this.proc = proc;
        this.clock = clock;
        this.progress = progress;
        this.seed = seed;
        this.value = new byte[cell.valueBytes()];
        Arrays.fill(value, (byte) 'v');
    }

    private String sessionDir(int i) {
        return runDir + "/s" + i;
    }

    private String sharedParent() {
        return runDir + "/kids";
    }

    private List<String> kids() {
        List<String> kids = new ArrayList<>();
        for (int i = 0; i < Workload.CHILD_COUNT; i++) {
            kids.add(sharedParent() + "/child-" + String.format("%03d", i));
        }
        return kids;
    }

    private String watchedNode() {
        return runDir + "/watched";
    }

    private String lockDir() {
        return runDir + "/lock";
    }

    private boolean needsNode() {
        return switch (cell.workload()) {
            case SET, GET, EXISTS, MIXED -> true;
            case CREATE, CHILDREN, EPHEMERAL_SEQUENTIAL, WATCH, CONNECT, LOCK -> false;
        };
    }

    /** Client sessions the run opens: the writer as well as the watchers; none for raw connects. */
    private int sessionCount() {
        return switch (cell.workload()) {
            case WATCH -> cell.clients() + 1;
            case CONNECT -> 0;
            default -> cell.clients();
        };
    }

    /** Runs it; never throws for a server's misbehaviour, which becomes the result's failure. */
    RunResult run() throws InterruptedException {
        List<ZooKeeper> sessions = new ArrayList<>();
        RunResult result;
        try {
            setUp();
            sessions = openSessions();
            result = measure(sessions);
        } catch (IOException e) {
            result = RunResult.failed(server.target(), cell, round, e.toString());
        } finally {
            for (ZooKeeper zk : sessions) {
                ZkConnect.closeQuietly(zk);
            }
        }
        String cleanup = cleanUp();
        if (!server.isAlive()) {
            return RunResult.failed(server.target(), cell, round, "server exited; see " + server.log());
        }
        return withCleanup(result, cleanup);
    }

    private static RunResult withCleanup(RunResult r, String cleanup) {
        return new RunResult(r.target(), r.cell(), r.round(), r.failure(), r.measuredOps(),
                r.measuredErrors(), r.windowNanos(), r.latencies(), r.serverCpuNanos(),
                r.clientCpuNanos(), r.serverRssBytes(), r.errorsByCode(), r.unanswered(), cleanup);
    }

    private void setUp() throws InterruptedException, IOException {
        check("create run directory", ops.createAll(List.of(runDir), new byte[0], SETUP_TIMEOUT_MS));
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < cell.clients(); i++) {
            dirs.add(sessionDir(i));
        }
        check("create session directories", ops.createAll(dirs, new byte[0], SETUP_TIMEOUT_MS));
        if (needsNode()) {
            List<String> nodes = dirs.stream().map(d -> d + "/node").toList();
            check("create nodes", ops.createAll(nodes, value, SETUP_TIMEOUT_MS));
        }
        if (cell.workload() == Workload.CHILDREN) {
            check("create shared parent", ops.createAll(List.of(sharedParent()), new byte[0],
                    SETUP_TIMEOUT_MS));
            check("create children", ops.createAll(kids(), value, SETUP_TIMEOUT_MS));
        }
        if (cell.workload() == Workload.WATCH) {
            check("create watched node", ops.createAll(List.of(watchedNode()), value, SETUP_TIMEOUT_MS));
        }
        if (cell.workload() == Workload.LOCK) {
            check("create lock directory", ops.createAll(List.of(lockDir()), new byte[0],
                    SETUP_TIMEOUT_MS));
        }
    }

    private static void check(String what, AdminOps.BatchResult r) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " failed: " + r.errors() + ", " + r.unanswered()
                    + " unanswered");
        }
    }

    private List<ZooKeeper> openSessions() throws IOException {
        List<ZooKeeper> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < sessionCount(); i++) {
                sessions.add(ZkConnect.open(server.port(), CONNECT_TIMEOUT_MS));
            }
        } catch (IOException e) {
            sessions.forEach(ZkConnect::closeQuietly);
            throw e;
        }
        return sessions;
    }

    private RunResult measure(List<ZooKeeper> sessions) throws InterruptedException {
        switch (cell.workload()) {
            case WATCH -> drivers.add(new FanOutDriver(sessions.get(0),
                    sessions.subList(1, sessions.size()), watchedNode(), value, clock));
            case CONNECT -> {
                for (int i = 0; i < cell.clients(); i++) {
                    drivers.add(new ConnectDriver(server.port(), clock));
                }
            }
            case LOCK -> {
                for (ZooKeeper zk : sessions) {
                    drivers.add(new LockDriver(zk, lockDir(), clock));
                }
            }
            default -> {
                for (int i = 0; i < sessions.size(); i++) {
                    drivers.add(new SessionDriver(sessions.get(i), cell.workload(), sessionDir(i),
                            sharedParent(), value, options.inflightPerSession(), clock,
                            seed * 1_000_003L + i));
                }
            }
        }
        long start = clock.nanos();
        long warmupEnd = start + TimeUnit.MILLISECONDS.toNanos(options.warmupMs());
        Window window = new Window(warmupEnd,
                warmupEnd + TimeUnit.MILLISECONDS.toNanos(options.measureMs()));
        AtomicReference<Throwable> driverFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < drivers.size(); i++) {
            Driver d = drivers.get(i);
            Thread t = new Thread(() -> {
                try {
                    d.drive(window);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    driverFailure.compareAndSet(null, e);
                }
            }, "load-driver-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long pid = ProcessHandle.current().pid();
        sleepUntil(warmupEnd, "warm-up");
        long serverCpu0 = proc.cpuNanos(server.pid());
        long clientCpu0 = proc.cpuNanos(pid);
        sleepWhileOpen(window);
        long serverCpu1 = proc.cpuNanos(server.pid());
        long clientCpu1 = proc.cpuNanos(pid);
        long rss = proc.rssBytes(server.pid());
        for (Thread t : threads) {
            t.join(DRAIN_TIMEOUT_MS);
        }
        int unanswered = 0;
        for (Driver d : drivers) {
            unanswered += d.drain(DRAIN_TIMEOUT_MS);
        }
        return collect(window.lengthNanos(), delta(serverCpu0, serverCpu1),
                delta(clientCpu0, clientCpu1), rss, unanswered, driverFailure.get());
    }

    private static long delta(long a, long b) {
        return a < 0 || b < 0 ? -1 : b - a;
    }

    private RunResult collect(long windowNanos, long serverCpu, long clientCpu, long rss,
            int unanswered, Throwable driverFailure) {
        Histogram merged = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
        long ok = 0;
        long errors = 0;
        Map<String, Long> byCode = new TreeMap<>();
        for (Driver d : drivers) {
            merged.add(d.latencies());
            ok += d.measuredOk();
            errors += d.measuredErrors();
            d.errorsByCode().forEach((k, v) -> byCode.merge(k, v, Long::sum));
        }
        String failure = driverFailure == null ? null : "driver failed: " + driverFailure;
        return new RunResult(server.target(), cell, round, failure, ok, errors, windowNanos, merged,
                serverCpu, clientCpu, rss, byCode, unanswered, "pending");
    }

    /** Sleeps until the window has closed, with progress lines. */
    private void sleepWhileOpen(Window window) throws InterruptedException {
        String label = server.target().label() + " " + cell.label() + " round " + round + "/"
                + options.rounds();
        while (window.open(clock.nanos())) {
            long ok = drivers.stream().mapToLong(Driver::measuredOk).sum();
            progress.tick(label + ": measuring, " + ok + " ops");
            long left = window.measureEndNanos() - clock.nanos();
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000L, Math.min(left, 250_000_000L)));
        }
    }

    private void sleepUntil(long deadline, String phase) throws InterruptedException {
        String label = server.target().label() + " " + cell.label() + " round " + round + "/"
                + options.rounds();
        while (true) {
            long left = deadline - clock.nanos();
            if (left <= 0) {
                return;
            }
            long ok = drivers.stream().mapToLong(Driver::measuredOk).sum();
            progress.tick(label + ": " + phase + (phase.equals("measuring") ? ", " + ok + " ops" : ""));
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 250_000_000L));
        }
    }

    /** Deletes everything this run created; returns "ok" or what is left. */
    private String cleanUp() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (Driver d : drivers) {
            paths.addAll(d.createdPaths());
        }
        if (cell.workload() == Workload.CHILDREN) {
            paths.addAll(kids());
            paths.add(sharedParent());
        }
        if (cell.workload() == Workload.WATCH) {
            paths.add(watchedNode());
        }
        if (cell.workload() == Workload.LOCK) {
            paths.add(lockDir());
        }
        for (int i = 0; i < cell.clients(); i++) {
            if (needsNode()) {
                paths.add(sessionDir(i) + "/node");
            }
        }
        AdminOps.BatchResult leaves = ops.deleteAll(paths, CLEANUP_TIMEOUT_MS);
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < cell.clients(); i++) {
            dirs.add(sessionDir(i));
        }
        AdminOps.BatchResult parents = ops.deleteAll(dirs, CLEANUP_TIMEOUT_MS);
        AdminOps.BatchResult root = ops.deleteAll(List.of(runDir), CLEANUP_TIMEOUT_MS);
        try {
            if (admin.exists(runDir, false) == null && leaves.ok() && parents.ok() && root.ok()) {
                return "ok";
            }
        } catch (KeeperException e) {
            return "could not verify: " + e.code();
        }
        return "left behind under " + runDir + ": leaves " + leaves + ", dirs " + parents
                + ", run dir " + root;
    }
}
