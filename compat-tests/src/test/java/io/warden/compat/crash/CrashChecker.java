package io.warden.compat.crash;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The crash test: runs a server under test as a child process, puts it under concurrent write
 * load from the official ZooKeeper 3.9.5 Java client, SIGKILLs it at a random point of the load
 * (seeded), starts it again on the same data directory and port, and checks what the restarted
 * server shows against everything that was acknowledged before the kill:
 * <ul>
 *   <li>{@value #WRITERS} writer sessions ({@link Writer}) each own a subtree and do setData with
 *       expected versions, persistent-sequential creates, multi {create + setData + check} and
 *       deletes; every acknowledged node must be there with its exact data, version and mzxid;
 *       the one request each writer had in flight at the kill may be applied or not, but
 *       completely (a multi all-or-nothing);</li>
 *   <li>a new sequential create after the restart must get a suffix above every existing one,
 *       and a zxid ({@code srvr} and the create's czxid) above every acknowledged one;</li>
 *   <li>{@value #KEEPERS} keeper sessions stay open across every kill and add an ephemeral each
 *       cycle: they must reconnect within their timeout with all their ephemerals;</li>
 *   <li>a closer thread opens sessions, creates an ephemeral, closes the session and checks from
 *       another session that the ephemeral is gone: it must stay gone after the restart.</li>
 * </ul>
 * The run stops after the first cycle that finds a violation and returns a {@link CrashReport};
 * it never throws for a violation, only for a broken harness (a server that does not start, a
 * thread that does not stop).
 *
 * <p>Every wait is bounded; every process and session the run starts is killed or closed in a
 * {@code finally}. Not thread-safe: one {@link #run} at a time, on the caller's thread, which
 * also runs verification; load threads are joined before their state is read.
 */
public final class CrashChecker {
    /** Violations of each kind kept in a report (all are counted, every kind found is kept). */
    public static final int MAX_VIOLATIONS_PER_KIND = 50;
    static final int WRITERS = 4;
    static final int KEEPERS = 2;
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final int CLOSER_SESSION_TIMEOUT_MS = 10_000;
    private static final int MAX_CLOSED_SESSIONS_PER_CYCLE = 25;
    private static final int MAX_OPS_PER_WRITER_PER_CYCLE = 5_000;
    private static final int READ_WINDOW = 500;
    private static final int CONNECT_STRING_COPIES = 5;
    static final int MIN_EARLY_KILL_MS = 100;
    static final int MAX_EARLY_KILL_MS = 2500;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(25);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(2);
    private static final Duration STOPWATCH = Duration.ofDays(1);
    private static final Pattern SRVR_ZXID = Pattern.compile("Zxid: 0x([0-9a-fA-F]+)");

    /**
     * How a run goes. Immutable.
     *
     * @param cycles kill/restart cycles
     * @param seed seeds every random choice (kill points, operations, data sizes)
     * @param minAcksBeforeKill the kill comes after at least this many acknowledged writes ...
     * @param maxAcksBeforeKill ... and at most this many (uniform in between)
     * @param reconnectTimeout how long long-lived sessions get to reconnect after the restart
     *     (default 25 s, under their 30 s session timeout; a real ZooKeeper refuses a client that
     *     has seen a higher zxid than its own, so on a server that lost its log they never do)
     * @param earlyKillPercent in this share of cycles the restarted server is SIGKILLed once more
     *     while it recovers, {@value #MIN_EARLY_KILL_MS}..{@value #MAX_EARLY_KILL_MS} ms after its
     *     launch, before it is started for good
     */
    public record Settings(int cycles, long seed, int minAcksBeforeKill, int maxAcksBeforeKill,
            Duration reconnectTimeout, int earlyKillPercent) {
        public Settings {
            if (cycles < 1 || minAcksBeforeKill < 1 || maxAcksBeforeKill < minAcksBeforeKill
                    || reconnectTimeout.isNegative() || reconnectTimeout.isZero()
                    || earlyKillPercent < 0 || earlyKillPercent > 100) {
                throw new IllegalArgumentException("bad settings: " + cycles + " cycles, kill after "
                        + minAcksBeforeKill + ".." + maxAcksBeforeKill + " acks, reconnect within "
                        + reconnectTimeout + ", " + earlyKillPercent + "% early kills");
            }
        }

        /** These settings with another {@link #reconnectTimeout}. */
        public Settings withReconnectTimeout(Duration timeout) {
            return new Settings(cycles, seed, minAcksBeforeKill, maxAcksBeforeKill, timeout, earlyKillPercent);
        }

        /** These settings with another {@link #earlyKillPercent}. */
        public Settings withEarlyKillPercent(int percent) {
            return new Settings(cycles, seed, minAcksBeforeKill, maxAcksBeforeKill, reconnectTimeout, percent);
        }

        /**
         * {@code cycles} cycles (50 under {@code -Psoak}, i.e. {@code warden.soak=true}, if
         * {@code cycles} is 0), the seed from {@code -Dwarden.crash.seed} or a fresh one.
         */
        public static Settings fromSystemProperties(int cycles) {
            int n = cycles > 0 ? cycles : "true".equals(System.getProperty("warden.soak")) ? 50 : 10;
            Long configured = Long.getLong("warden.crash.seed");
            long seed = configured != null ? configured : ThreadLocalRandom.current().nextLong();
            return new Settings(n, seed, 20, 400, RECONNECT_TIMEOUT, 25);
        }
    }

    private final ServerUnderTest server;
    private final Settings settings;

    public CrashChecker(ServerUnderTest server, Settings settings) {
        this.server = server;
        this.settings = settings;
    }

    /** Runs every cycle (or until the first with a violation) with {@code workDir} as scratch. */
    public CrashReport run(Path workDir) throws Exception {
        System.out.println("crash test on " + server.name() + ": seed " + settings.seed() + ", "
                + settings.cycles() + " cycles (rerun with -Dwarden.crash.seed=" + settings.seed() + ")");
        SplittableRandom random = new SplittableRandom(settings.seed());
        Path dataDir = workDir.resolve("data");
        Files.createDirectories(dataDir);
        int port = FreePorts.pick();
        // The server five times: the client's connect timeout is its session timeout divided by
        // the number of hosts, so a connection attempt the restarting server accepts and never
        // answers is abandoned after 6 s and retried. Seen about once per 10-20 restarts with
        // ZooKeeper 3.9.5: with one host the client waited its full 30 s and missed the
        // reconnect window.
        String address = FreePorts.LOOPBACK_HOST + ":" + port;
        String connectString = String.join(",", Collections.nCopies(CONNECT_STRING_COPIES, address));
        List<TrackedClient> sessions = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        List<CrashReport.Cycle> cycles = new ArrayList<>();
        int violationCount = 0;
        Map<Violation.Kind, Integer> keptPerKind = new EnumMap<>(Violation.Kind.class);
        ServerUnderTest.Running running = null;
        try {
            running = server.start(workDir, dataDir, port);
            TrackedClient observer = connect("observer", connectString, SESSION_TIMEOUT_MS, sessions);
            observer.zk().create("/crash", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            observer.zk().create("/crash/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            List<Writer> writers = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Writer writer = new Writer(i, connect("writer-" + i, connectString, SESSION_TIMEOUT_MS,
                        sessions), "/crash/w" + i, random.split());
                writer.setUp();
                writers.add(writer);
            }
            List<TrackedClient> keepers = new ArrayList<>();
            List<List<String>> keeperEphemerals = new ArrayList<>();
            for (int i = 0; i < KEEPERS; i++) {
                keepers.add(connect("keeper-" + i, connectString, SESSION_TIMEOUT_MS, sessions));
                keeperEphemerals.add(new ArrayList<>());
            }
            List<String> closedEphemerals = new ArrayList<>();
            long maxAckedZxid = 0;

            for (int cycle = 0; cycle < settings.cycles(); cycle++) {
                Deadline cycleClock = Deadline.after(STOPWATCH);
                List<Violation> found = new ArrayList<>();
                long ackedBefore = 0;
                for (int k = 0; k < KEEPERS; k++) {
                    String path = "/crash/eph/keeper" + k + "-c" + cycle;
                    Stat stat = new Stat();
                    keepers.get(k).zk().create(path, Writer.bytes("keeper " + k), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.EPHEMERAL, stat);
                    keeperEphemerals.get(k).add(path);
                    maxAckedZxid = Math.max(maxAckedZxid, stat.getCzxid());
                    ackedBefore++;
                }

                // Load, then SIGKILL once the seeded number of writes has been acknowledged.
                AtomicBoolean stop = new AtomicBoolean();
                AtomicLong acks = new AtomicLong();
                List<Thread> threads = new ArrayList<>();
                final int c = cycle;
                Deadline loadDeadline = Deadline.after(LOAD_TIMEOUT);
                for (Writer writer : writers) {
                    threads.add(new Thread(() -> writer.runLoad(c, stop, acks, MAX_OPS_PER_WRITER_PER_CYCLE,
                            loadDeadline), "crash-writer-" + writers.indexOf(writer)));
                }
                List<String> closedThisCycle = new ArrayList<>();
                threads.add(new Thread(() -> closeSessions(c, connectString, observer, stop, acks,
                        closedThisCycle), "crash-closer"));
                int target = settings.minAcksBeforeKill()
                        + random.nextInt(settings.maxAcksBeforeKill() - settings.minAcksBeforeKill() + 1);
                threads.forEach(Thread::start);
                try {
                    awaitAcks(acks, target, threads, loadDeadline);
                    if (acks.get() < target) {
                        found.add(new Violation(cycle, Violation.Kind.NO_PROGRESS, "only " + acks.get()
                                + " of " + target + " writes acknowledged before the load stopped"));
                    }
                    long killedPid = running.pid();
                    Deadline restartClock = Deadline.after(STOPWATCH);
                    running.kill();
                    running = null;
                    stop.set(true);
                    joinAll(threads);
                    int earlyKillMs = -1;
                    if (random.nextInt(100) < settings.earlyKillPercent()) {
                        earlyKillMs = MIN_EARLY_KILL_MS + random.nextInt(MAX_EARLY_KILL_MS - MIN_EARLY_KILL_MS + 1);
                        ServerUnderTest.Running recovering = server.launch(workDir, dataDir, port);
                        try {
                            ForkedProcess.sleep(Duration.ofMillis(earlyKillMs));
                        } finally {
                            recovering.kill();
                        }
                    }
                    running = server.start(workDir, dataDir, port);
                    Duration restart = elapsed(restartClock);

                    // Every long-lived session must come back (they asked for 30 s).
                    Deadline reconnectClock = Deadline.after(STOPWATCH);
                    Deadline reconnectDeadline = Deadline.after(settings.reconnectTimeout());
                    List<TrackedClient> longLived = new ArrayList<>(keepers);
                    writers.forEach(w -> longLived.add(w.client()));
                    longLived.add(observer);
                    for (TrackedClient session : longLived) {
                        if (!session.awaitConnected(reconnectDeadline, () -> false)) {
                            found.add(new Violation(cycle, Violation.Kind.SESSION_LOST, session.name()
                                    + " session 0x" + Long.toHexString(session.sessionId())
                                    + (session.expired() ? " was expired by the restarted server"
                                            : " did not reconnect within " + settings.reconnectTimeout())));
                        }
                    }
                    Duration reconnect = elapsed(reconnectClock);

                    for (Writer writer : writers) {
                        maxAckedZxid = Math.max(maxAckedZxid, writer.maxAckedZxid());
                    }
                    int inFlight = (int) writers.stream().filter(Writer::hasPending).count();
                    long acked = ackedBefore + acks.get();
                    closedEphemerals.addAll(closedThisCycle);

                    int verifiedNodes = 0;
                    int verifiedEphemerals = 0;
                    long zxid;
                    try (TrackedClient verifier = TrackedClient.connect("verifier-" + cycle, connectString,
                            SESSION_TIMEOUT_MS, CONNECT_TIMEOUT, () -> false)) {
                        ZooKeeper zk = verifier.zk();
                        for (Writer writer : writers) {
                            verifiedNodes += writer.verify(cycle, readChildren(zk, writer.directories()), found);
                        }
                        for (int k = 0; k < KEEPERS; k++) {
                            for (String path : keeperEphemerals.get(k)) {
                                Stat stat = zk.exists(path, false);
                                long owner = keepers.get(k).sessionId();
                                if (stat == null || stat.getEphemeralOwner() != owner) {
                                    found.add(new Violation(cycle, Violation.Kind.LOST_EPHEMERAL, path
                                            + ": ephemeral of live session 0x" + Long.toHexString(owner)
                                            + (stat == null ? " is missing" : " is owned by 0x"
                                                    + Long.toHexString(stat.getEphemeralOwner()))));
                                }
                                verifiedEphemerals++;
                            }
                        }
                        for (String path : closedEphemerals) {
                            Stat stat = zk.exists(path, false);
                            if (stat != null) {
                                found.add(new Violation(cycle, Violation.Kind.RESURRECTED_EPHEMERAL, path
                                        + ": its session was closed (and the node seen gone) before the"
                                        + " kill, but the node is back, owner 0x"
                                        + Long.toHexString(stat.getEphemeralOwner())));
                            }
                        }
                        zxid = srvrZxid(port);
                        if (zxid < maxAckedZxid) {
                            found.add(new Violation(cycle, Violation.Kind.ZXID_BACKWARDS, "srvr says zxid 0x"
                                    + Long.toHexString(zxid) + " after the restart, below acknowledged 0x"
                                    + Long.toHexString(maxAckedZxid)));
                        }
                        for (Writer writer : writers) {
                            Stat probe = writer.probeSequence(zk, cycle, found);
                            if (probe == null) {
                                continue;
                            }
                            if (probe.getCzxid() <= maxAckedZxid) {
                                found.add(new Violation(cycle, Violation.Kind.ZXID_BACKWARDS, "a create after"
                                        + " the restart got czxid 0x" + Long.toHexString(probe.getCzxid())
                                        + ", not above acknowledged 0x" + Long.toHexString(maxAckedZxid)));
                            }
                            maxAckedZxid = Math.max(maxAckedZxid, probe.getCzxid());
                        }
                    }
                    int inFlightApplied = (int) writers.stream().filter(Writer::lastPendingApplied).count();
                    CrashReport.Cycle result = new CrashReport.Cycle(cycle, killedPid, acked, inFlight,
                            inFlightApplied, earlyKillMs,
                            verifiedNodes, verifiedEphemerals, closedEphemerals.size(), zxid, restart,
                            reconnect, elapsed(cycleClock));
                    System.out.println("  " + result);
                    cycles.add(result);
                    if (!found.isEmpty()) {
                        System.out.println("server output after the restart (" + workDir.resolve("server.log")
                                + "):\n" + running.outputTail());
                    }
                } finally {
                    stop.set(true);
                    joinAll(threads);
                }
                violationCount += found.size();
                for (Violation v : found) {
                    int ofKind = keptPerKind.merge(v.kind(), 1, Integer::sum);
                    if (ofKind <= MAX_VIOLATIONS_PER_KIND) {
                        violations.add(v);
                    }
                }
                if (!found.isEmpty()) {
                    break;
                }
            }
        } finally {
            for (TrackedClient session : sessions) {
                session.close();
            }
            if (running != null) {
                running.kill();
            }
        }
        CrashReport report = new CrashReport(server.name(), settings.seed(), cycles, violations, violationCount);
        System.out.println(report.describe());
        return report;
    }

    /**
     * The closer: sessions that create an ephemeral and close. A session counts as closed (its
     * ephemeral must stay gone) only once another session has seen the ephemeral gone; anything
     * that fails on the way (the kill) leaves that session's outcome unknown and ends the loop.
     */
    private static void closeSessions(int cycle, String connectString, TrackedClient observer,
            AtomicBoolean stop, AtomicLong acks, List<String> closed) {
        for (int n = 0; n < MAX_CLOSED_SESSIONS_PER_CYCLE && !stop.get(); n++) {
            TrackedClient session;
            try {
                session = TrackedClient.connect("closer-" + cycle + "-" + n, connectString,
                        CLOSER_SESSION_TIMEOUT_MS, CONNECT_TIMEOUT, stop::get);
            } catch (IOException e) {
                return;
            }
            String path = "/crash/eph/closed-c" + cycle + "-" + n;
            try {
                session.zk().create(path, Writer.bytes("closer"), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.EPHEMERAL);
            } catch (KeeperException | InterruptedException e) {
                session.close();
                return;
            }
            session.close();
            try {
                if (observer.zk().exists(path, false) != null) {
                    return;
                }
            } catch (KeeperException | InterruptedException e) {
                return;
            }
            closed.add(path);
            acks.incrementAndGet();
        }
    }

    private static TrackedClient connect(String name, String connectString, int sessionTimeoutMs,
            List<TrackedClient> sessions) throws IOException {
        TrackedClient client = TrackedClient.connect(name, connectString, sessionTimeoutMs,
                CONNECT_TIMEOUT, () -> false);
        sessions.add(client);
        return client;
    }

    private static void awaitAcks(AtomicLong acks, int target, List<Thread> threads, Deadline deadline)
            throws IOException {
        long maxPolls = deadline.budget().toMillis() / POLL.toMillis() + 1;
        for (long poll = 0; poll < maxPolls && acks.get() < target && !deadline.expired(); poll++) {
            if (threads.stream().noneMatch(Thread::isAlive)) {
                return;
            }
            ForkedProcess.sleep(POLL);
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        Deadline deadline = Deadline.after(JOIN_TIMEOUT);
        for (Thread thread : threads) {
            thread.join(deadline.remainingMs(1));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " still running " + JOIN_TIMEOUT
                        + " after the load was stopped");
            }
        }
    }

    /** Every child of {@code dirs} with data and stat, read with pipelined async getData calls. */
    static Map<String, Znode> readChildren(ZooKeeper zk, List<String> dirs)
            throws KeeperException, InterruptedException, IOException {
        List<String> paths = new ArrayList<>();
        for (String dir : dirs) {
            try {
                for (String child : zk.getChildren(dir, false)) {
                    paths.add(dir + "/" + child);
                }
            } catch (KeeperException.NoNodeException e) {
                // The directory itself is gone: every acknowledged child shows up as lost.
            }
        }
        Map<String, Znode> found = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Semaphore window = new Semaphore(READ_WINDOW);
        CountDownLatch done = new CountDownLatch(paths.size());
        Deadline deadline = Deadline.after(READ_TIMEOUT);
        for (String path : paths) {
            if (!window.tryAcquire(deadline.remainingMs(1), TimeUnit.MILLISECONDS)) {
                throw new IOException("reads of " + dirs + " not answered within " + READ_TIMEOUT);
            }
            zk.getData(path, false, (rc, p, ctx, data, stat) -> {
                try {
                    if (rc == KeeperException.Code.OK.intValue()) {
                        found.put(p, new Znode(data == null ? "" : new String(data, StandardCharsets.UTF_8),
                                stat.getVersion(), stat.getMzxid(), stat.getEphemeralOwner()));
                    } else {
                        errors.add(p + ": " + KeeperException.Code.get(rc));
                    }
                } finally {
                    window.release();
                    done.countDown();
                }
            }, null);
        }
        if (!done.await(deadline.remainingMs(1), TimeUnit.MILLISECONDS)) {
            throw new IOException("reads of " + dirs + " not answered within " + READ_TIMEOUT);
        }
        if (!errors.isEmpty()) {
            throw new IOException("listed nodes could not be read (nothing else writes there): " + errors);
        }
        return new TreeMap<>(found);
    }

    private static long srvrZxid(int port) throws IOException {
        String srvr = FourLetterWords.send(FreePorts.LOOPBACK_HOST, port, "srvr");
        Matcher m = SRVR_ZXID.matcher(srvr);
        if (!m.find()) {
            throw new IOException("no Zxid in srvr: " + srvr);
        }
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    private static Duration elapsed(Deadline since) {
        return since.budget().minus(since.remaining());
    }
}
