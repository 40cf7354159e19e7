package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessLock;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link InterProcessMutex} and {@link InterProcessReadWriteLock} with two clients contending:
 * mutual exclusion is checked by counting who is inside, on both servers; the lock is kept across
 * a server restart (its ephemeral sequential node survives with the session) and passes to the
 * waiter when the holder's session is expired, after which the old holder can acquire again.
 */
class CuratorLockTest extends CuratorTestBase {
    private static final int ROUNDS_PER_THREAD = 8;
    private static final Duration BLOCKED = Duration.ofMillis(300);

    private final ExecutorService pool = Executors.newFixedThreadPool(6);

    @AfterAll
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "lock threads ended");
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void mutexExcludesAcrossClientsAndIsReentrant(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            InterProcessMutex ma = new InterProcessMutex(a, "/locks/mutex");
            InterProcessMutex mb = new InterProcessMutex(b, "/locks/mutex");
            assertTrue(ma.acquire(10, TimeUnit.SECONDS));
            assertTrue(ma.acquire(10, TimeUnit.SECONDS), "re-entrant in the same thread");
            assertFalse(mb.acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS), "b is excluded while a holds");
            assertEquals(1, ma.getParticipantNodes().size(), "b's timed-out attempt removed its node");
            ma.release();
            assertFalse(mb.acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS), "a still holds it once");
            ma.release();
            assertTrue(mb.acquire(10, TimeUnit.SECONDS), "b acquires after a's last release");
            mb.release();

            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger entries = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (CuratorFramework client : List.of(a, b, a, b)) {
                workers.add(pool.submit(() -> {
                    InterProcessMutex m = new InterProcessMutex(client, "/locks/mutex");
                    for (int i = 0; i < ROUNDS_PER_THREAD; i++) {
                        assertTrue(m.acquire(30, TimeUnit.SECONDS), "acquired in round " + i);
                        try {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            entries.incrementAndGet();
                            Thread.sleep(2);
                            inside.decrementAndGet();
                        } finally {
                            m.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(90, TimeUnit.SECONDS);
            }
            assertEquals(4 * ROUNDS_PER_THREAD, entries.get());
            assertEquals(0, overlaps.get(), "never two holders at once");
            assertTrue(a.getChildren().forPath("/locks/mutex").isEmpty(), "every lock node is gone");
            a.delete().deletingChildrenIfNeeded().forPath("/locks");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void readWriteLockSharesReadsAndExcludesWrites(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            InterProcessReadWriteLock rwa = new InterProcessReadWriteLock(a, "/rw/lock");
            InterProcessReadWriteLock rwb = new InterProcessReadWriteLock(b, "/rw/lock");
            assertTrue(rwa.readLock().acquire(10, TimeUnit.SECONDS));
            assertTrue(rwb.readLock().acquire(10, TimeUnit.SECONDS), "two readers at once");
            assertFalse(onOtherThread(() -> rwb.writeLock().acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS)),
                    "a writer waits for the readers");
            rwa.readLock().release();
            rwb.readLock().release();
            assertTrue(rwa.writeLock().acquire(10, TimeUnit.SECONDS));
            assertFalse(rwb.readLock().acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS), "no reads during a write");
            assertTrue(rwa.readLock().acquire(10, TimeUnit.SECONDS), "the writer may also read (downgrade)");
            rwa.writeLock().release();
            assertFalse(onOtherThread(() -> rwb.writeLock().acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS)),
                    "the downgraded read still excludes writers");
            assertTrue(rwb.readLock().acquire(10, TimeUnit.SECONDS), "but admits readers");
            rwb.readLock().release();
            rwa.readLock().release();

            AtomicInteger readers = new AtomicInteger();
            AtomicInteger writers = new AtomicInteger();
            AtomicInteger violations = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            int index = 0;
            for (CuratorFramework client : List.of(a, b, a, b)) {
                boolean writer = index++ % 2 == 0;
                workers.add(pool.submit(() -> {
                    InterProcessReadWriteLock rw = new InterProcessReadWriteLock(client, "/rw/lock");
                    InterProcessLock lock = writer ? rw.writeLock() : rw.readLock();
                    for (int i = 0; i < ROUNDS_PER_THREAD; i++) {
                        assertTrue(lock.acquire(30, TimeUnit.SECONDS), "acquired in round " + i);
                        try {
                            int w = writer ? writers.incrementAndGet() : writers.get();
                            int r = writer ? readers.get() : readers.incrementAndGet();
                            if (w > 1 || (w == 1 && r > 0)) {
                                violations.incrementAndGet();
                            }
                            Thread.sleep(2);
                            if (writer) {
                                writers.decrementAndGet();
                            } else {
                                readers.decrementAndGet();
                            }
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(90, TimeUnit.SECONDS);
            }
            assertEquals(0, violations.get(), "a writer is always alone");
            a.delete().deletingChildrenIfNeeded().forPath("/rw");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void heldLocksSurviveRestart(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            InterProcessMutex ma = new InterProcessMutex(a, "/lr/mutex");
            InterProcessReadWriteLock rwa = new InterProcessReadWriteLock(a, "/lr/rw");
            assertTrue(ma.acquire(10, TimeUnit.SECONDS));
            assertTrue(rwa.writeLock().acquire(10, TimeUnit.SECONDS));
            List<String> nodes = List.copyOf(ma.getParticipantNodes());
            Stat lockNode = a.checkExists().forPath("/lr/mutex/" + a.getChildren().forPath("/lr/mutex").get(0));

            clients.restartServer();

            assertEquals(nodes, List.copyOf(ma.getParticipantNodes()));
            assertEquals(lockNode, a.checkExists().forPath("/lr/mutex/" + a.getChildren().forPath("/lr/mutex").get(0)),
                    "the lock node is untouched");
            InterProcessMutex mb = new InterProcessMutex(b, "/lr/mutex");
            InterProcessReadWriteLock rwb = new InterProcessReadWriteLock(b, "/lr/rw");
            assertFalse(mb.acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS), "a still holds the mutex");
            assertFalse(rwb.readLock().acquire(BLOCKED.toMillis(), TimeUnit.MILLISECONDS), "a still holds the write lock");
            ma.release();
            rwa.writeLock().release();
            assertTrue(mb.acquire(10, TimeUnit.SECONDS));
            assertTrue(rwb.readLock().acquire(10, TimeUnit.SECONDS));
            mb.release();
            rwb.readLock().release();
            a.delete().deletingChildrenIfNeeded().forPath("/lr");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void locksPassToTheWaiterWhenTheHoldersSessionExpires(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            InterProcessMutex ma = new InterProcessMutex(a, "/le/mutex");
            InterProcessReadWriteLock rwa = new InterProcessReadWriteLock(a, "/le/rw");
            assertTrue(ma.acquire(10, TimeUnit.SECONDS));
            assertTrue(rwa.writeLock().acquire(10, TimeUnit.SECONDS));
            InterProcessMutex mb = new InterProcessMutex(b, "/le/mutex");
            InterProcessReadWriteLock rwb = new InterProcessReadWriteLock(b, "/le/rw");
            Future<Boolean> mutexWaiter = pool.submit(() -> {
                boolean got = mb.acquire(60, TimeUnit.SECONDS);
                if (got) {
                    mb.release();
                }
                return got;
            });
            Future<Boolean> readWaiter = pool.submit(() -> {
                boolean got = rwb.readLock().acquire(60, TimeUnit.SECONDS);
                if (got) {
                    rwb.readLock().release();
                }
                return got;
            });
            Eventually.await("both waiters queued", () -> participants(ma) == 2);
            assertFalse(mutexWaiter.isDone());
            assertFalse(readWaiter.isDone());

            clients.expire(a);

            assertTrue(mutexWaiter.get(30, TimeUnit.SECONDS), "b acquired the mutex after a's session ended");
            assertTrue(readWaiter.get(30, TimeUnit.SECONDS), "b read-locked after a's write lock vanished");
            ma.release(); // the node is already gone: release must still succeed
            rwa.writeLock().release();
            assertTrue(ma.acquire(10, TimeUnit.SECONDS), "a, on its new session, acquires again");
            assertEquals(CuratorClients.sessionId(a), a.checkExists().forPath(
                    "/le/mutex/" + a.getChildren().forPath("/le/mutex").get(0)).getEphemeralOwner());
            ma.release();
            assertNull(nullIfEmpty(a.getChildren().forPath("/le/mutex")));
            a.delete().deletingChildrenIfNeeded().forPath("/le");
        }
    }

    private static int participants(InterProcessMutex m) {
        try {
            return m.getParticipantNodes().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> nullIfEmpty(List<String> list) {
        return list.isEmpty() ? null : list;
    }

    /** Runs a lock attempt on another thread (a lock is re-entrant per thread). */
    private boolean onOtherThread(java.util.concurrent.Callable<Boolean> attempt) throws Exception {
        Future<Boolean> f = pool.submit(attempt);
        Boolean got = f.get(30, TimeUnit.SECONDS);
        assertNotNull(got);
        return got;
    }
}
