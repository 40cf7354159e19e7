package io.warden.recipe.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.ClientTestSupport;
import io.warden.client.KeeperException;
import io.warden.client.TxnOp;
import io.warden.client.WardenClient;
import io.warden.client.testing.ChaosProxy;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.recipe.support.ZPaths;
import io.warden.recipe.testing.ChaosHistory;
import io.warden.recipe.testing.Histories;
import io.warden.recipe.testing.RecipeTestBase;
import io.warden.recipe.testing.StaleSessionScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The lock scenarios (Mutex, ReadWriteLock, Semaphore), run against Warden (recipes) and real
 * ZooKeeper 3.9.5 (compat-tests): node layout, reentrancy, timeouts and interruption without
 * orphans, a release waking exactly one waiter (counted by the recipe and by the server's
 * {@code wchp}), fencing tokens and guarded writes against a stale holder, a create whose reply is
 * lost, session expiry of a waiter, a server restart under a holder, and a chaos run whose recorded
 * history is checked for mutual exclusion and fencing.
 */
public abstract class AbstractLockTest extends RecipeTestBase {
    private static final Duration SHORT = Duration.ofMillis(300);

    private String lockDir() {
        return base + "/lock";
    }

    @Test
    void acquireCreatesAProtectedNodeAndReleaseDeletesIt() throws Exception {
        WardenClient c = client("a");
        Mutex mutex = new Mutex(c, lockDir());
        try (LockHandle h = mutex.acquire()) {
            String name = ZPaths.name(h.nodePath());
            assertTrue(name.matches("_c_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-lock-\\d{10}"),
                    name);
            Stat stat = admin.blocking().exists(h.nodePath()).orElseThrow();
            assertEquals(stat.czxid(), h.fencingToken(), "the fencing token is the node's czxid");
            assertEquals(c.sessionId(), stat.ephemeralOwner());
            assertTrue(h.isHeld());
            assertTrue(mutex.isHeldByCurrentThread());
            assertEquals(List.of(name), children(lockDir()));
        }
        assertEquals(List.of(), children(lockDir()));
        assertFalse(mutex.isHeldByCurrentThread());
        assertNoOrphans(base);
    }

    @Test
    void reentrantPerThreadAndReleasableFromAnyThread() throws Exception {
        Mutex mutex = new Mutex(client("a"), lockDir());
        LockHandle first = mutex.acquire();
        LockHandle second = mutex.acquire();
        assertEquals(first.nodePath(), second.nodePath(), "reentrant acquire reuses the node");
        assertEquals(first.fencingToken(), second.fencingToken());
        first.close();
        first.close(); // idempotent
        assertEquals(LockState.RELEASED, first.state());
        assertTrue(second.isHeld());
        assertEquals(1, children(lockDir()).size(), "the node stays while a handle is open");
        Thread other = new Thread(second::close);
        other.start();
        other.join(WAIT.toMillis());
        assertEquals(List.of(), children(lockDir()), "closed from another thread");
        assertFalse(mutex.isHeldByCurrentThread());
        try (LockHandle again = mutex.acquire()) {
            assertNotEquals(first.nodePath(), again.nodePath());
            assertTrue(again.fencingToken() > first.fencingToken());
        }
    }

    @Test
    void timeoutLeavesNoNodeBehind() throws Exception {
        Mutex a = new Mutex(client("a"), lockDir());
        Mutex b = new Mutex(client("b"), lockDir());
        try (LockHandle held = a.acquire()) {
            assertEquals(Optional.empty(), b.acquire(SHORT));
            assertEquals(List.of(ZPaths.name(held.nodePath())), children(lockDir()));
        }
        assertNoOrphans(base);
    }

    @Test
    void interruptLeavesNoNodeBehind() throws Exception {
        Mutex a = new Mutex(client("a"), lockDir());
        Mutex b = new Mutex(client("b"), lockDir());
        try (LockHandle held = a.acquire()) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    outcome.set(new AssertionError("acquired: " + b.acquire()));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.start();
            eventually("the waiter queued", () -> childCount(lockDir()) == 2);
            waiter.interrupt();
            waiter.join(WAIT.toMillis());
            assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
            eventually("the waiter's node is gone", () -> childCount(lockDir()) == 1);
            assertEquals(List.of(ZPaths.name(held.nodePath())), children(lockDir()));
        }
        assertNoOrphans(base);
    }

    @Test
    void asyncAcquireCanBeCancelled() throws Exception {
        Mutex a = new Mutex(client("a"), lockDir());
        Mutex b = new Mutex(client("b"), lockDir());
        LockHandle held = a.acquire();
        CompletableFuture<LockHandle> pending = b.acquireAsync();
        eventually("queued", () -> childCount(lockDir()) == 2);
        pending.cancel(false);
        eventually("the cancelled waiter's node is gone", () -> childCount(lockDir()) == 1);
        CompletableFuture<LockHandle> next = b.acquireAsync();
        held.close();
        LockHandle got = next.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(got.fencingToken() > held.fencingToken());
        got.close();
        assertNoOrphans(base);
    }

    @Test
    void releaseWakesExactlyOneWaiter() throws Exception {
        int n = 6;
        List<WardenClient> clients = new ArrayList<>();
        List<Mutex> mutexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(client("c" + i));
            mutexes.add(new Mutex(clients.get(i), lockDir()));
        }
        List<LockHandle> handles = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(n, null)));
        handles.set(0, mutexes.get(0).acquire());
        List<Thread> waiters = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            int k = i;
            eventually("contender " + (k - 1) + " queued", () -> childCount(lockDir()) == k);
            Thread t = new Thread(() -> {
                try {
                    handles.set(k, mutexes.get(k).acquire(WAIT).orElseThrow());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            waiters.add(t);
        }
        eventually("all queued", () -> childCount(lockDir()) == n);
        List<String> queue = mutexes.get(0).queue().get();
        Map<String, Long> owners = new java.util.HashMap<>();
        for (String name : queue) {
            owners.put(name, admin.blocking().exists(ZPaths.join(lockDir(), name)).orElseThrow().ephemeralOwner());
        }
        // The server's view: each node is watched by its successor only (and the holder by itself).
        eventually("every waiter watches its predecessor", () -> watchedPairs(lockDir()) == n);
        Map<String, Set<Long>> watches = watchesUnder(lockDir());
        for (int i = 0; i < n; i++) {
            Set<Long> allowed = new HashSet<>();
            allowed.add(owners.get(queue.get(i)));
            if (i + 1 < n) {
                allowed.add(owners.get(queue.get(i + 1)));
            }
            Set<Long> seen = watches.getOrDefault(ZPaths.join(lockDir(), queue.get(i)), Set.of());
            assertTrue(allowed.containsAll(seen), "node " + i + " watched by " + seen + ", allowed " + allowed);
            if (i + 1 < n) {
                assertTrue(seen.contains(owners.get(queue.get(i + 1))), "node " + i + " watched by its successor");
            }
        }
        for (int i = 0; i < n - 1; i++) {
            long before = totalWakeups(mutexes);
            handles.get(i).close();
            int next = i + 1;
            eventually("contender " + next + " holds", () -> handles.get(next) != null);
            for (WardenClient c : clients) {
                settle(c); // a herd's wake-ups would all have been counted by now
            }
            assertEquals(1, totalWakeups(mutexes) - before, "one release wakes exactly one waiter");
        }
        handles.get(n - 1).close();
        for (Thread t : waiters) {
            t.join(WAIT.toMillis());
        }
        assertEquals(n - 1, totalWakeups(mutexes));
        assertNoOrphans(base);
    }

    @Test
    void staleHolderIsFencedOff() throws Exception {
        WardenClient ca = client("a");
        WardenClient cb = client("b");
        admin.blocking().create(base + "/resource", "init".getBytes(), OPEN, CreateMode.PERSISTENT);
        Mutex a = new Mutex(ca, lockDir());
        Mutex b = new Mutex(cb, lockDir());
        LockHandle ha = a.acquire();
        ha.guardedWrite(List.of(new TxnOp.SetData(base + "/resource", Bytes.utf8("a"), -1))).get();
        CompletableFuture<LockHandle> bWaits = b.acquireAsync();
        ClientTestSupport.forceSessionExpiry(ca);
        LockHandle hb = bWaits.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(hb.fencingToken() > ha.fencingToken(), "tokens increase across holders");
        ha.whenLost().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(LockState.LOST, ha.state());
        ExecutionException stale = assertThrows(ExecutionException.class,
                () -> ha.guardedWrite(List.of(new TxnOp.SetData(base + "/resource", Bytes.utf8("stale"), -1))).get());
        KeeperException k = (KeeperException) stale.getCause();
        assertEquals(ErrorCode.NONODE, k.code());
        assertEquals(ha.nodePath(), k.path());
        hb.guardedWrite(List.of(new TxnOp.SetData(base + "/resource", Bytes.utf8("b"), -1))).get();
        assertEquals("b", admin.blocking().getData(base + "/resource").utf8());
        ha.close();
        hb.close();
        assertNoOrphans(base);
    }

    @Test
    void lostCreateReplyIsRecoveredByProtectedName() throws Exception {
        ChaosProxy proxy = chaosProxy();
        WardenClient c = clientTo(proxy.connectString(), "cut", b -> { });
        admin.blocking().create(lockDir(), null, OPEN, CreateMode.PERSISTENT);
        proxy.cutAfter(createUnder(lockDir()));
        Mutex mutex = new Mutex(c, lockDir());
        try (LockHandle h = mutex.acquire(WAIT).orElseThrow()) {
            assertEquals(1, proxy.cuts(), "the create's reply was lost");
            assertEquals(List.of(ZPaths.name(h.nodePath())), children(lockDir()), "exactly one node: ours, recovered");
            assertEquals(c.sessionId(), admin.blocking().exists(h.nodePath()).orElseThrow().ephemeralOwner());
        }
        assertNoOrphans(base);
    }

    @Test
    void lostCreateReplyThenTimeoutLeavesNoOrphan() throws Exception {
        Mutex a = new Mutex(client("a"), lockDir());
        ChaosProxy proxy = chaosProxy();
        WardenClient c = clientTo(proxy.connectString(), "cut", b -> { });
        try (LockHandle held = a.acquire()) {
            proxy.cutAfter(createUnder(lockDir()));
            assertEquals(Optional.empty(), new Mutex(c, lockDir()).acquire(Duration.ofSeconds(2)));
            eventually("the create's reply was lost", () -> proxy.cuts() == 1);
            eventually("only the holder's node is left",
                    () -> childrenQuietly(lockDir()).equals(List.of(ZPaths.name(held.nodePath()))));
        }
        assertNoOrphans(base);
    }

    @Test
    void waiterSurvivesSessionExpiry() throws Exception {
        WardenClient cb = client("b");
        Mutex a = new Mutex(client("a"), lockDir());
        Mutex b = new Mutex(cb, lockDir());
        LockHandle ha = a.acquire();
        CompletableFuture<LockHandle> bWaits = b.acquireAsync();
        eventually("b queued", () -> childCount(lockDir()) == 2);
        long oldSession = cb.sessionId();
        ClientTestSupport.forceSessionExpiry(cb);
        // Waiting means watching a's node from the new session; a node alone is not enough (a
        // release before the watch is set is found by a read, not a wake-up).
        eventually("b re-queued in its new session, watching a's node", () -> {
            long now = cb.sessionId();
            return now != 0 && now != oldSession && ownersUnder(lockDir()).contains(now)
                    && !ownersUnder(lockDir()).contains(oldSession) && watchersOf(ha.nodePath()).contains(now);
        });
        assertFalse(bWaits.isDone());
        ha.close();
        LockHandle hb = bWaits.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(cb.sessionId(), hb.sessionId());
        assertEquals(1, b.wakeups(), "one wake-up: a's release");
        hb.close();
        assertNoOrphans(base);
    }

    /**
     * The grant-time session check: b's "am I first?" answer was read in its old session and is
     * processed only after its client declared that session lost (own timer) and started a new one,
     * while the server still holds the old session and its node (see {@link StaleSessionScenario}).
     * The lock must not be granted with that node; b deletes it and gets the lock with a node of its
     * new session.
     */
    @Test
    void lockIsNeverGrantedWithANodeOfASessionItsClientDeclaredLost() throws Exception {
        LockHandle ha = new Mutex(client("a"), lockDir()).acquire();
        ChaosProxy proxy = chaosProxy();
        WardenClient cb = clientTo(proxy.connectString(), "b",
                b -> b.sessionTimeoutMs(StaleSessionScenario.SESSION_TIMEOUT_MS));
        Mutex b = new Mutex(cb, lockDir());
        CompletableFuture<LockHandle> bWaits = b.acquireAsync();
        eventually("b watches a's node", () -> watchersOf(ha.nodePath()).contains(cb.sessionId()));
        StaleSessionScenario.Stale stale = StaleSessionScenario.run(admin, serverAddress(), proxy, cb, lockDir(),
                ha.nodePath(), base, ha::close);
        closeLater(stale.standIn());
        LockHandle hb = bWaits.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotEquals(stale.staleCzxid(), hb.fencingToken(), "never granted with the old session's node");
        assertEquals(stale.newSession(), hb.sessionId());
        assertEquals(stale.newSession(), admin.blocking().exists(hb.nodePath()).orElseThrow().ephemeralOwner());
        assertTrue(hb.isHeld());
        eventually("the old session's node was deleted", () -> !childrenQuietly(lockDir()).contains(
                ZPaths.name(stale.staleNode())));
        assertTrue(stale.standIn().isAlive(), "deleted by the lock, not by the session's expiry");
        hb.close();
        assertNoOrphans(base);
    }

    @Test
    void holderSurvivesServerRestart() throws Exception {
        Mutex a = new Mutex(client("a"), lockDir());
        Mutex b = new Mutex(client("b"), lockDir());
        LockHandle ha = a.acquire();
        List<LockState> states = new CopyOnWriteArrayList<>();
        ha.addListener(states::add);
        CompletableFuture<LockHandle> bWaits = b.acquireAsync();
        eventually("b queued", () -> childCount(lockDir()) == 2);
        restartServerAndAwaitReconnected();
        eventually("a suspended, then held again", () -> startsSuspendedEndsHeld(states));
        assertTrue(ha.isHeld());
        assertFalse(bWaits.isDone());
        ha.guardedWrite(List.of(new TxnOp.Create(base + "/after-restart", null, OPEN, CreateMode.PERSISTENT, -1,
                false))).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        ha.close();
        LockHandle hb = bWaits.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(hb.fencingToken() > ha.fencingToken());
        hb.close();
        assertNoOrphans(base);
    }

    @Test
    void connectionLossSuspendsTheHolderWhoKeepsTheLock() throws Exception {
        WardenClient ca = client("a");
        LockHandle ha = new Mutex(ca, lockDir()).acquire();
        List<LockState> states = new CopyOnWriteArrayList<>();
        ha.addListener(states::add);
        ClientTestSupport.forceConnectionLoss(ca);
        eventually("suspended, then held", () -> startsSuspendedEndsHeld(states));
        assertFalse(ha.whenLost().isDone());
        ha.close();
        assertNoOrphans(base);
    }

    @Test
    void mutualExclusionWithoutFaults() throws Exception {
        int workers = 4;
        int rounds = 8;
        List<Histories.Interval> intervals = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int w = 0; w < workers; w++) {
            Mutex m = new Mutex(client("w" + w), lockDir());
            String who = "w" + w;
            threads.add(new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        try (LockHandle h = m.acquire(WAIT).orElseThrow()) {
                            long start = System.nanoTime();
                            Thread.sleep(2);
                            intervals.add(new Histories.Interval(who, h.fencingToken(), start, System.nanoTime()));
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(List.of(), errors);
        assertEquals(workers * rounds, intervals.size());
        Histories.checkDisjoint(intervals);
        assertNoOrphans(base);
    }

    @Test
    void mutualExclusionAndFencingUnderFaults() throws Exception {
        ChaosHistory chaos = ChaosHistory.create(admin, base + "/hist", "mutualExclusionAndFencingUnderFaults");
        List<WardenClient> clients = new ArrayList<>();
        AtomicInteger fenced = new AtomicInteger();
        for (int w = 0; w < 4; w++) {
            WardenClient c = client("w" + w);
            clients.add(c);
            Mutex m = new Mutex(c, lockDir());
            String who = "w" + w;
            chaos.worker("worker-" + w, () -> {
                try {
                    Optional<LockHandle> got = m.acquire(Duration.ofSeconds(2));
                    if (got.isEmpty()) {
                        return;
                    }
                    try (LockHandle h = got.get()) {
                        for (int i = 0; i < 3; i++) { // on purpose also after a loss: the fence must refuse
                            try {
                                h.guardedWrite(List.of(chaos.record(who, h.fencingToken()))).get(10, TimeUnit.SECONDS);
                            } catch (ExecutionException e) {
                                fenced.incrementAndGet();
                            }
                            Thread.sleep(3);
                        }
                    }
                } catch (KeeperException e) {
                    // connection trouble while acquiring: try again
                }
            });
        }
        int faults = chaos.run(clients, 5, 10);
        List<Histories.GuardedWrite> writes = chaos.read(admin);
        assertTrue(writes.size() >= 10, "enough accepted writes: " + writes.size());
        assertTrue(writes.stream().map(Histories.GuardedWrite::writer).distinct().count() >= 2, "several writers");
        assertTrue(faults >= 5, "faults injected: " + faults);
        Histories.checkFencedWrites(writes);
        System.out.println("fencing run: " + writes.size() + " accepted writes, " + fenced.get() + " refused, "
                + faults + " faults, seed " + chaos.seed());
        for (WardenClient c : clients) {
            c.close();
        }
        assertNoOrphans(lockDir());
    }

    // ---------------------------------------------------------------- read/write lock, semaphore

    @Test
    void readersShareAndWritersExclude() throws Exception {
        ReadWriteLock r1 = new ReadWriteLock(client("r1"), lockDir());
        ReadWriteLock r2 = new ReadWriteLock(client("r2"), lockDir());
        ReadWriteLock w = new ReadWriteLock(client("w"), lockDir());
        LockHandle read1 = r1.readLock().acquire();
        LockHandle read2 = r2.readLock().acquire(WAIT).orElseThrow();
        assertTrue(ZPaths.name(read1.nodePath()).contains("-__READ__"));
        assertEquals(Optional.empty(), w.writeLock().acquire(SHORT), "readers exclude the writer");
        CompletableFuture<LockHandle> writer = w.writeLock().acquireAsync();
        eventually("writer queued", () -> childCount(lockDir()) == 3);
        ReadWriteLock r3 = new ReadWriteLock(client("r3"), lockDir());
        assertEquals(Optional.empty(), r3.readLock().acquire(SHORT), "a reader queues behind a waiting writer");
        read1.close();
        read2.close();
        LockHandle write = writer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(ZPaths.name(write.nodePath()).contains("-__WRIT__"));
        assertEquals(Optional.empty(), r2.readLock().acquire(SHORT), "the writer excludes readers");
        write.close();
        // Downgrade: the write lock's holder may take the read lock.
        try (LockHandle wl = w.writeLock().acquire(); LockHandle rl = w.readLock().acquire(WAIT).orElseThrow()) {
            assertTrue(wl.isHeld() && rl.isHeld());
        }
        assertNoOrphans(base);
    }

    @Test
    void semaphoreGrantsAtMostMaxLeases() throws Exception {
        String dir = base + "/sem";
        Semaphore s1 = new Semaphore(client("s1"), dir, 2);
        Semaphore s2 = new Semaphore(client("s2"), dir, 2);
        Semaphore s3 = new Semaphore(client("s3"), dir, 2);
        LockHandle l1 = s1.acquire();
        LockHandle l2 = s2.acquire(WAIT).orElseThrow();
        assertEquals(2, s1.leases().get().size());
        assertEquals(Optional.empty(), s3.acquire(SHORT));
        assertEquals(2, s1.leases().get().size(), "the timed-out acquirer left nothing behind");
        AtomicReference<LockHandle> third = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                third.set(s3.acquire(WAIT).orElseThrow());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        eventually("third lease pending", () -> leaseCount(s1) == 3);
        assertTrue(third.get() == null);
        l1.close();
        t.join(WAIT.toMillis());
        assertNotNull(third.get());
        assertTrue(third.get().fencingToken() > l2.fencingToken());
        assertEquals(2, s1.leases().get().size());
        l2.close();
        third.get().close();
        assertNoOrphans(base);
    }

    // ---------------------------------------------------------------- helpers

    private int childCount(String path) {
        try {
            return children(path).size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int leaseCount(Semaphore s) {
        try {
            return s.leases().get().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private int watchedPairs(String dir) {
        try {
            return watchesUnder(dir).values().stream().mapToInt(Set::size).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private Set<Long> ownersUnder(String dir) {
        Set<Long> out = new HashSet<>();
        try {
            for (String name : children(dir)) {
                admin.blocking().exists(ZPaths.join(dir, name)).ifPresent(s -> out.add(s.ephemeralOwner()));
            }
        } catch (Exception e) {
            // partial view; the caller polls
        }
        return out;
    }

    /** SUSPENDED first, HELD last, nothing but those two in between (a flaky link may bounce). */
    private static boolean startsSuspendedEndsHeld(List<LockState> states) {
        List<LockState> s = List.copyOf(states);
        return s.size() >= 2 && s.get(0) == LockState.SUSPENDED && s.get(s.size() - 1) == LockState.HELD
                && s.stream().allMatch(x -> x == LockState.SUSPENDED || x == LockState.HELD);
    }

    private static long totalWakeups(List<Mutex> mutexes) {
        return mutexes.stream().mapToLong(Mutex::wakeups).sum();
    }

    private static Predicate<RequestFrame> createUnder(String dir) {
        return f -> f.request() instanceof CreateRequest cr && cr.path().startsWith(dir + "/");
    }
}
