package io.warden.compat.linearizability;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.OfficialJavaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Drives N official ZooKeeper 3.9.5 Java clients (one session each, one thread each) against one
 * znode for a while, each doing a seeded random mix of {@code getData}, {@code sync} +
 * {@code getData}, versioned {@code setData} (CAS from the last version that client saw) and plain
 * {@code setData} with values unique to the run, while another thread calls a fault injector
 * periodically; records everything in a {@link History} for {@link LinearizabilityChecker}.
 *
 * <p>Classification: an answer is OK; {@code BADVERSION} is FAIL (and an observation);
 * {@code NONODE} is an OK read of "absent" or a FAIL write; {@code CONNECTIONLOSS},
 * {@code SESSIONEXPIRED}, {@code OPERATIONTIMEOUT}, any other error, a sync that does not answer
 * in time and an operation still running at the end are INFO. After an INFO a client waits
 * (bounded) until its session is connected again, so a fault costs about one INFO per client; a
 * client whose session expired opens a new one. After the run, once the fault thread has stopped
 * and the clients have run for {@link Settings#settle()} more, one fresh client does a final
 * {@code sync} + {@code getData}, so the end state is checked too.
 *
 * <p>Thread-safe to call from any thread; {@link #run} confines the clients to threads it starts
 * and joins (bounded) before returning. This class reads the monotonic clock for the history's
 * timestamps ({@link #MONOTONIC_NANOS}, the package's only clock reader besides
 * {@link Deadline}).
 */
public final class CasWorkload {
    /** The history's clock: one monotonic source for every client's timestamps. */
    static final LongSupplier MONOTONIC_NANOS = System::nanoTime;

    private static final System.Logger LOG = System.getLogger(CasWorkload.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_SLACK = Duration.ofSeconds(60);
    /** How long a fault in progress at the end may still take (a restart may wait 90 s to serve). */
    private static final Duration FAULT_JOIN_TIMEOUT = Duration.ofMinutes(3);
    private static final int MAX_FINAL_READ_ATTEMPTS = 20;
    private static final String INITIAL_VALUE = "init";

    private CasWorkload() {}

    /**
     * What to run.
     *
     * @param clients concurrent clients (sessions), at least 1
     * @param duration how long the clients run before the fault thread is stopped
     * @param faultInterval time between the end of one fault and the start of the next (the first
     *     starts one interval after the clients)
     * @param settle how long the clients keep running after the fault thread stopped
     * @param seed seeds every client's choices
     * @param path the znode; it must not exist (it is created with {@code "init"}, version 0)
     * @param readPercent share of plain {@code getData}
     * @param syncReadPercent share of {@code sync} + {@code getData}
     * @param casPercent share of versioned {@code setData}; the rest is plain {@code setData}
     * @param sessionTimeoutMs asked for by every client
     * @param maxOps bound on the history's size; clients stop early when it is reached
     */
    public record Settings(int clients, Duration duration, Duration faultInterval, Duration settle, long seed,
            String path, int readPercent, int syncReadPercent, int casPercent, int sessionTimeoutMs,
            int maxOps) {
        public Settings {
            Objects.requireNonNull(path, "path");
            if (clients < 1 || readPercent < 0 || syncReadPercent < 0 || casPercent < 0
                    || readPercent + syncReadPercent + casPercent > 100 || maxOps < 1
                    || duration.isNegative() || faultInterval.isNegative() || settle.isNegative()) {
                throw new IllegalArgumentException("bad settings: " + clients + " clients, mix "
                        + readPercent + "/" + syncReadPercent + "/" + casPercent + ", maxOps " + maxOps);
            }
        }

        /**
         * {@code clients} clients for {@code duration}, a fault every 4 s, 2 s settle, 25% reads,
         * 20% sync+reads, 40% CAS, 15% plain writes, 15 s sessions, at most 200 000 ops, znode
         * {@code /linearizability-<seed>}.
         */
        public static Settings of(int clients, Duration duration, long seed) {
            return new Settings(clients, duration, Duration.ofSeconds(4), Duration.ofSeconds(2), seed,
                    "/linearizability-" + Long.toHexString(seed), 25, 20, 40, 15_000, 200_000);
        }

        /** The same with another fault interval. */
        public Settings withFaultInterval(Duration interval) {
            return new Settings(clients, duration, interval, settle, seed, path, readPercent,
                    syncReadPercent, casPercent, sessionTimeoutMs, maxOps);
        }

        /** The same with another operation mix (percentages; the rest is plain setData). */
        public Settings withMix(int reads, int syncReads, int cas) {
            return new Settings(clients, duration, faultInterval, settle, seed, path, reads, syncReads,
                    cas, sessionTimeoutMs, maxOps);
        }

        /** The same on another znode (which must not exist), e.g. for several runs on one server. */
        public Settings withPath(String znode) {
            return new Settings(clients, duration, faultInterval, settle, seed, znode, readPercent,
                    syncReadPercent, casPercent, sessionTimeoutMs, maxOps);
        }

        /** The same with another session timeout. */
        public Settings withSessionTimeoutMs(int timeoutMs) {
            return new Settings(clients, duration, faultInterval, settle, seed, path, readPercent,
                    syncReadPercent, casPercent, timeoutMs, maxOps);
        }
    }

    /**
     * What a run produced.
     *
     * @param history every operation, the final read included
     * @param faults fault injections that returned normally
     * @param faultErrors what the ones that threw said (a fault that fails is a broken test)
     * @param newSessions sessions opened after an expiry
     * @param elapsed wall time of the run
     */
    public record Report(History history, int faults, List<String> faultErrors, int newSessions,
            Duration elapsed) {
        public Report {
            faultErrors = List.copyOf(faultErrors);
        }

        /** OK operations whose call is of type {@code kind}. */
        public long ok(Class<? extends Op.Call> kind) {
            return history.count(kind, Op.Outcome.OK);
        }

        /** For logs. */
        public String describe() {
            return history.summary() + "; " + faults + " faults" + (faultErrors.isEmpty() ? "" : " " + faultErrors)
                    + ", " + newSessions + " new sessions, " + elapsed.toMillis() + " ms";
        }
    }

    /**
     * Runs the workload against {@code connectString} (one {@code host:port} or a comma-separated
     * ensemble list), calling {@code faultInjector} every {@link Settings#faultInterval()} from a
     * thread of its own until {@link Settings#duration()} has passed. The injector should return
     * once the fault is done (e.g. SIGKILL and restart); it may throw, which is reported, not
     * rethrown.
     */
    public static Report run(String connectString, Settings settings, Runnable faultInjector)
            throws IOException, InterruptedException {
        Deadline total = Deadline.after(settings.duration());
        createZnode(connectString, settings);
        HistoryRecorder recorder = new HistoryRecorder(MONOTONIC_NANOS,
                new Op.Result.Observed(INITIAL_VALUE, 0), settings.maxOps());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger newSessions = new AtomicInteger();
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        List<Thread> clients = new ArrayList<>();
        List<Throwable> clientErrors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopFaults = new CountDownLatch(1);
        AtomicInteger faults = new AtomicInteger();
        List<String> faultErrors = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int c = 0; c < settings.clients(); c++) {
                Client client = new Client(c, connectString, settings, recorder, stop, newSessions,
                        seeds.split());
                Thread thread = new Thread(() -> {
                    try {
                        client.run();
                    } catch (Throwable t) {
                        clientErrors.add(t);
                    }
                }, "cas-workload-client-" + c);
                thread.setDaemon(true);
                clients.add(thread);
                thread.start();
            }
            Thread faultThread = new Thread(() -> {
                try {
                    while (!stopFaults.await(settings.faultInterval().toMillis(), TimeUnit.MILLISECONDS)
                            && !total.expired()) {
                        try {
                            faultInjector.run();
                            faults.incrementAndGet();
                        } catch (RuntimeException e) {
                            faultErrors.add(e.toString());
                            LOG.log(System.Logger.Level.WARNING, "fault injection failed", e);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cas-workload-faults");
            faultThread.setDaemon(true);
            faultThread.start();
            Thread.sleep(total.remainingMs(0));
            stopFaults.countDown();
            faultThread.join(FAULT_JOIN_TIMEOUT.toMillis());
            if (faultThread.isAlive()) {
                faultErrors.add("fault injector still running " + FAULT_JOIN_TIMEOUT + " after the end");
            }
            Thread.sleep(settings.settle().toMillis());
        } finally {
            stop.set(true);
            Deadline join = Deadline.after(JOIN_SLACK.plusMillis(settings.sessionTimeoutMs()));
            for (Thread thread : clients) {
                thread.join(join.remainingMs(1));
            }
        }
        for (Thread thread : clients) {
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop");
            }
        }
        if (!clientErrors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("a client thread failed");
            clientErrors.forEach(e::addSuppressed);
            throw e;
        }
        finalRead(connectString, settings, recorder);
        return new Report(recorder.history(), faults.get(), faultErrors, newSessions.get(), total.elapsed());
    }

    private static void createZnode(String connectString, Settings settings)
            throws IOException, InterruptedException {
        ZooKeeper zk = OfficialJavaClient.connect(connectString, settings.sessionTimeoutMs(), CONNECT_TIMEOUT);
        try {
            zk.create(settings.path(), INITIAL_VALUE.getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            throw new IOException("cannot create " + settings.path() + ": " + e, e);
        } finally {
            zk.close();
        }
    }

    /** One more sync + getData from a fresh session (process id = clients), retried while INFO. */
    private static void finalRead(String connectString, Settings settings, HistoryRecorder recorder)
            throws IOException, InterruptedException {
        ZooKeeper zk = OfficialJavaClient.connect(connectString, settings.sessionTimeoutMs(), CONNECT_TIMEOUT);
        try {
            for (int attempt = 0; attempt < MAX_FINAL_READ_ATTEMPTS; attempt++) {
                Executed executed = execute(zk, recorder, settings, settings.clients(), new Op.Call.SyncRead());
                if (executed == null || executed.outcome() != Op.Outcome.INFO) {
                    return;
                }
                Thread.sleep(500);
            }
        } finally {
            zk.close();
        }
    }

    /** What {@link #execute} did: the outcome and the version it saw or produced (-1 if none). */
    record Executed(Op.Outcome outcome, int version) {}

    /** Runs one operation and records it; null (and nothing run) if the history is full. */
    static Executed execute(ZooKeeper zk, HistoryRecorder recorder, Settings settings, int process,
            Op.Call call) throws InterruptedException {
        HistoryRecorder.Pending pending = recorder.invoke(process, call);
        if (pending == null) {
            return null;
        }
        String path = settings.path();
        try {
            if (call instanceof Op.Call.Read) {
                return observed(zk, recorder, pending, path);
            }
            if (call instanceof Op.Call.SyncRead) {
                String syncError = sync(zk, path, settings.sessionTimeoutMs());
                if (syncError != null) {
                    recorder.info(pending, syncError);
                    return new Executed(Op.Outcome.INFO, -1);
                }
                return observed(zk, recorder, pending, path);
            }
            String value;
            int expected;
            if (call instanceof Op.Call.Cas cas) {
                value = cas.value();
                expected = cas.expectedVersion();
            } else {
                value = ((Op.Call.Write) call).value();
                expected = -1;
            }
            Stat stat = zk.setData(path, value.getBytes(StandardCharsets.UTF_8), expected);
            recorder.ok(pending, new Op.Result.Written(stat.getVersion()));
            return new Executed(Op.Outcome.OK, stat.getVersion());
        } catch (KeeperException e) {
            return new Executed(classify(recorder, pending, call, e.code()), -1);
        } catch (InterruptedException e) {
            recorder.info(pending, "interrupted");
            throw e;
        } catch (RuntimeException e) {
            recorder.info(pending, e.toString());
            return new Executed(Op.Outcome.INFO, -1);
        }
    }

    private static Executed observed(ZooKeeper zk, HistoryRecorder recorder, HistoryRecorder.Pending pending,
            String path) throws KeeperException, InterruptedException {
        Stat stat = new Stat();
        byte[] data = zk.getData(path, false, stat);
        recorder.ok(pending, new Op.Result.Observed(new String(data, StandardCharsets.UTF_8), stat.getVersion()));
        return new Executed(Op.Outcome.OK, stat.getVersion());
    }

    private static Op.Outcome classify(HistoryRecorder recorder, HistoryRecorder.Pending pending, Op.Call call,
            KeeperException.Code code) {
        boolean read = call instanceof Op.Call.Read || call instanceof Op.Call.SyncRead;
        switch (code) {
            case BADVERSION -> {
                recorder.fail(pending, "BADVERSION");
                return Op.Outcome.FAIL;
            }
            case NONODE -> {
                if (read) {
                    recorder.ok(pending, Op.Result.Observed.ABSENT);
                    return Op.Outcome.OK;
                }
                recorder.fail(pending, "NONODE");
                return Op.Outcome.FAIL;
            }
            default -> {
                // CONNECTIONLOSS, SESSIONEXPIRED, OPERATIONTIMEOUT and anything unexpected: unknown.
                recorder.info(pending, code.name());
                return Op.Outcome.INFO;
            }
        }
    }

    /** {@code sync(path)}; null on success, else why not (a code name or a timeout). */
    private static String sync(ZooKeeper zk, String path, int sessionTimeoutMs) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger rc = new AtomicInteger();
        zk.sync(path, (code, p, ctx) -> {
            rc.set(code);
            done.countDown();
        }, null);
        if (!done.await(sessionTimeoutMs + 10_000L, TimeUnit.MILLISECONDS)) {
            return "sync timeout";
        }
        KeeperException.Code code = KeeperException.Code.get(rc.get());
        return code == KeeperException.Code.OK ? null : code.name();
    }

    /**
     * One client: its session, its random choices and the last version it saw (its CAS
     * expectation). Confined to its thread.
     */
    private static final class Client {
        private final int id;
        private final String connectString;
        private final Settings settings;
        private final HistoryRecorder recorder;
        private final AtomicBoolean stop;
        private final AtomicInteger newSessions;
        private final SplittableRandom random;
        private int lastVersion;
        private int written;

        Client(int id, String connectString, Settings settings, HistoryRecorder recorder, AtomicBoolean stop,
                AtomicInteger newSessions, SplittableRandom random) {
            this.id = id;
            this.connectString = connectString;
            this.settings = settings;
            this.recorder = recorder;
            this.stop = stop;
            this.newSessions = newSessions;
            this.random = random;
        }

        private ZooKeeper connect() throws IOException {
            return OfficialJavaClient.connect(connectString, settings.sessionTimeoutMs(), CONNECT_TIMEOUT);
        }

        void run() throws IOException, InterruptedException {
            ZooKeeper zk = connect();
            try {
                while (!stop.get()) {
                    Executed executed = execute(zk, recorder, settings, id, nextCall());
                    if (executed == null) {
                        return; // the history is full
                    }
                    if (executed.version() >= 0) {
                        lastVersion = executed.version();
                    }
                    if (executed.outcome() == Op.Outcome.INFO) {
                        zk = awaitConnected(zk);
                    }
                }
            } finally {
                zk.close();
            }
        }

        private Op.Call nextCall() {
            int dice = random.nextInt(100);
            if (dice < settings.readPercent()) {
                return new Op.Call.Read();
            }
            if (dice < settings.readPercent() + settings.syncReadPercent()) {
                return new Op.Call.SyncRead();
            }
            String value = "c" + id + "-" + (written++);
            if (dice < settings.readPercent() + settings.syncReadPercent() + settings.casPercent()) {
                return new Op.Call.Cas(lastVersion, value);
            }
            return new Op.Call.Write(value);
        }

        /**
         * After an INFO: waits, bounded, until the session is connected again (or until stop);
         * opens a new session if it expired. Returns the client to continue with (possibly still
         * disconnected when the wait ran out: its next operation then fails fast as INFO).
         */
        private ZooKeeper awaitConnected(ZooKeeper zk) throws InterruptedException {
            Deadline deadline = Deadline.after(CONNECT_TIMEOUT);
            ZooKeeper current = zk;
            while (!stop.get() && !deadline.expired()) {
                if (current.getState().isConnected()) {
                    return current;
                }
                if (!current.getState().isAlive()) { // closed: the session expired
                    current.close();
                    try {
                        current = connect();
                        newSessions.incrementAndGet();
                        return current;
                    } catch (IOException e) {
                        // connect() closed its client; keep a closed handle and try again.
                        LOG.log(System.Logger.Level.INFO, "client " + id + " could not open a new session: " + e);
                        continue;
                    }
                }
                Thread.sleep(20);
            }
            return current;
        }
    }
}
