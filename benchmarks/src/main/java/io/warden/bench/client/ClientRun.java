package io.warden.bench.client;

import io.warden.bench.load.MonotonicClock;
import io.warden.bench.load.ProcStats;
import io.warden.bench.load.ServerProcess;
import io.warden.bench.load.Window;
import io.warden.client.BlockingClient;
import io.warden.client.KeeperException;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One run: set up the cell's znodes, open its sessions with one client, drive them through a
 * warm-up and a measured window, drain, close the sessions, delete everything and check it is
 * gone. Thread-confined to the coordinator thread (it starts and joins the driver threads).
 */
final class ClientRun {
    /** Bound on opening a session, draining, and joining a driver thread. */
    static final long STEP_TIMEOUT_MS = 30_000;

    private final ServerProcess server;
    private final BlockingClient admin;
    private final ClientBenchOptions options;
    private final ClientBenchOptions.Cell cell;
    private final ClientKind kind;
    private final int round;
    private final String runDir;
    private final ProcStats proc;
    private final MonotonicClock clock;

    ClientRun(ServerProcess server, BlockingClient admin, ClientBenchOptions options,
            ClientBenchOptions.Cell cell, ClientKind kind, int round, String runDir, ProcStats proc,
            MonotonicClock clock) {
        this.server = server;
        this.admin = admin;
        this.options = options;
        this.cell = cell;
        this.kind = kind;
        this.round = round;
        this.runDir = runDir;
        this.proc = proc;
        this.clock = clock;
    }

    ClientRunResult run() throws InterruptedException {
        byte[] value = new byte[options.valueBytes()];
        Arrays.fill(value, (byte) 'v');
        List<LoadSession> sessions = new ArrayList<>();
        ClientRunResult result;
        try {
            admin.create(runDir, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int i = 0; i < cell.clients(); i++) {
                String dir = runDir + "/s" + i;
                admin.create(dir, new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                LoadSession s = open(dir, value);
                sessions.add(s);
                admin.create(s.node(), value, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            result = measure(sessions);
        } catch (IOException | KeeperException e) {
            result = ClientRunResult.failed(server.target(), kind, cell, round, e.toString());
        } finally {
            for (LoadSession s : sessions) {
                s.close();
            }
        }
        String cleanup = cleanup();
        return new ClientRunResult(result.server(), kind, cell, round, result.failure(),
                result.measureNanos(), result.measuredOk(), result.measuredErrors(),
                result.errorsByName(), result.latencies(), result.allocatedBytes(),
                result.clientCpuNanos(), result.serverCpuNanos(), result.gcCount(), cleanup);
    }

    private LoadSession open(String dir, byte[] value) throws IOException, InterruptedException {
        return switch (kind) {
            case OURS -> OursSession.open(server.port(), STEP_TIMEOUT_MS, cell.workload(), dir, value,
                    options.inflightPerSession(), clock);
            case OFFICIAL -> OfficialSession.open(server.port(), STEP_TIMEOUT_MS, cell.workload(), dir,
                    value, options.inflightPerSession(), clock);
        };
    }

    private ClientRunResult measure(List<LoadSession> sessions) throws InterruptedException {
        long start = clock.nanos();
        long warmupEnd = start + TimeUnit.MILLISECONDS.toNanos(options.warmupMs());
        Window window = new Window(warmupEnd,
                warmupEnd + TimeUnit.MILLISECONDS.toNanos(options.measureMs()));
        List<Thread> drivers = new ArrayList<>();
        List<Throwable> driverFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < sessions.size(); i++) {
            LoadSession s = sessions.get(i);
            Thread t = new Thread(() -> {
                try {
                    s.drive(window);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    driverFailures.add(e);
                }
            }, "client-bench-driver-" + i);
            t.setDaemon(true);
            drivers.add(t);
        }
        drivers.forEach(Thread::start);
        sleepUntil(warmupEnd);
        JvmCost before = JvmCost.now();
        long serverCpuBefore = proc.cpuNanos(server.pid());
        while (window.open(clock.nanos())) {
            long left = window.measureEndNanos() - clock.nanos();
            TimeUnit.NANOSECONDS.sleep(Math.max(1_000_000L, Math.min(left, 250_000_000L)));
        }
        JvmCost after = JvmCost.now();
        long serverCpuAfter = proc.cpuNanos(server.pid());
        for (Thread t : drivers) {
            t.join(STEP_TIMEOUT_MS);
        }
        int stuck = 0;
        for (LoadSession s : sessions) {
            stuck += s.drain(STEP_TIMEOUT_MS);
        }
        if (stuck > 0 || !driverFailures.isEmpty()) {
            String why = stuck > 0 ? stuck + " requests unanswered after " + STEP_TIMEOUT_MS + " ms"
                    : "driver failed: " + driverFailures.get(0);
            return ClientRunResult.failed(server.target(), kind, cell, round, why);
        }
        Histogram merged = new Histogram(LoadSession.MAX_LATENCY_NANOS, 3);
        long ok = 0;
        long errors = 0;
        Map<String, Long> byName = new TreeMap<>();
        for (LoadSession s : sessions) {
            merged.add(s.latencies());
            ok += s.measuredOk();
            errors += s.measuredErrors();
            s.errorsByName().forEach((k, v) -> byName.merge(k, v, Long::sum));
        }
        long serverCpu = serverCpuBefore < 0 || serverCpuAfter < 0 ? -1 : serverCpuAfter - serverCpuBefore;
        return new ClientRunResult(server.target(), kind, cell, round, null, window.lengthNanos(),
                ok, errors, byName, merged, after.allocatedSince(before), after.cpuNanosSince(before),
                serverCpu, after.gcCountSince(before), "n/a");
    }

    /** Sleeps until the clock reaches {@code deadline} (bounded by it). */
    private void sleepUntil(long deadline) throws InterruptedException {
        for (long left = deadline - clock.nanos(); left > 0; left = deadline - clock.nanos()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Deletes the run's tree (bounded in depth: run dir, session dirs, their children). */
    private String cleanup() throws InterruptedException {
        try {
            if (admin.exists(runDir).isEmpty()) {
                return "ok";
            }
            for (String s : admin.getChildren(runDir)) {
                String dir = runDir + "/" + s;
                for (String child : admin.getChildren(dir)) {
                    deleteIfThere(dir + "/" + child);
                }
                deleteIfThere(dir);
            }
            deleteIfThere(runDir);
            return admin.exists(runDir).isEmpty() ? "ok" : runDir + " still there";
        } catch (KeeperException e) {
            return "clean-up failed: " + e.getMessage();
        }
    }

    private void deleteIfThere(String path) throws KeeperException, InterruptedException {
        try {
            admin.delete(path, -1);
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NONODE) {
                throw e;
            }
        }
    }
}
