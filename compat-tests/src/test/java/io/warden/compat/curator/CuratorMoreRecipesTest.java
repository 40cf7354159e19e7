package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.recipes.nodes.GroupMember;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.SharedCountListener;
import org.apache.curator.framework.recipes.shared.SharedCountReader;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * More Curator recipes, beyond the ones the suite is built around, on both servers:
 * {@link InterProcessSemaphoreV2} (leases, also across a restart), {@link SharedCount}
 * (versioned compare-and-set and its listener), {@link DistributedAtomicLong} (optimistic
 * increments from two clients), {@link DistributedDoubleBarrier}, {@link DistributedQueue} and
 * {@link GroupMember}.
 */
class CuratorMoreRecipesTest extends CuratorTestBase {
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterAll
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS), "recipe threads ended");
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void semaphoreGrantsAtMostItsLeasesAlsoAcrossRestart(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            InterProcessSemaphoreV2 sa = new InterProcessSemaphoreV2(a, "/sem", 2);
            InterProcessSemaphoreV2 sb = new InterProcessSemaphoreV2(b, "/sem", 2);
            Lease first = sa.acquire(10, TimeUnit.SECONDS);
            Lease second = sb.acquire(10, TimeUnit.SECONDS);
            assertNotNull(first);
            assertNotNull(second);
            assertNull(sb.acquire(300, TimeUnit.MILLISECONDS), "only two leases");
            assertEquals(2, sa.getParticipantNodes().size());

            clients.restartServer();

            assertNull(sb.acquire(300, TimeUnit.MILLISECONDS), "both leases are still held after the restart");
            Future<Lease> waiter = pool.submit(() -> sb.acquire(30, TimeUnit.SECONDS));
            sa.returnLease(first);
            Lease third = waiter.get(30, TimeUnit.SECONDS);
            assertNotNull(third, "a returned lease goes to the waiter");
            sb.returnAll(List.of(second, third));
            Eventually.await("every lease node is gone", () -> participants(sa) == 0);
            a.delete().deletingChildrenIfNeeded().forPath("/sem");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void sharedCountComparesAndSetsByVersion(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            try (SharedCount ca = new SharedCount(a, "/count", 7);
                    SharedCount cb = new SharedCount(b, "/count", 99)) {
                BlockingQueue<Integer> seen = new ArrayBlockingQueue<>(16);
                cb.addListener(new SharedCountListener() {
                    @Override
                    public void countHasChanged(SharedCountReader reader, int newCount) {
                        seen.add(newCount);
                    }

                    @Override
                    public void stateChanged(CuratorFramework client, ConnectionState newState) {
                    }
                });
                ca.start();
                cb.start();
                assertEquals(7, cb.getCount(), "the first to start seeds the value");
                VersionedValue<Integer> v = ca.getVersionedValue();
                assertTrue(ca.trySetCount(v, 8));
                assertFalse(ca.trySetCount(v, 9), "a stale version loses");
                // Curator may also re-read and report the seeded 7 (its CONNECTED event can reach
                // b's listener after start), so 8 must arrive, possibly after repeats of 7.
                Integer first = seen.poll(10, TimeUnit.SECONDS);
                for (int i = 0; i < 8 && Integer.valueOf(7).equals(first); i++) {
                    first = seen.poll(10, TimeUnit.SECONDS);
                }
                assertEquals(Integer.valueOf(8), first, "b's listener is told of the new count");
                Eventually.await("b sees 8", () -> cb.getCount() == 8);
                cb.setCount(20);
                Eventually.await("a sees 20", () -> ca.getCount() == 20);
            }
            a.delete().forPath("/count");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void atomicLongCountsEveryIncrement(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                CuratorFramework c = clients.connect();
                workers.add(pool.submit(() -> {
                    DistributedAtomicLong counter = new DistributedAtomicLong(c, "/atomic", new RetryNTimes(50, 5));
                    int succeeded = 0;
                    for (int i = 0; i < 20; i++) {
                        AtomicValue<Long> r = counter.increment();
                        if (r.succeeded()) {
                            succeeded++;
                            assertEquals(r.preValue() + 1, r.postValue());
                        }
                    }
                    return succeeded;
                }));
            }
            int total = 0;
            for (Future<Integer> w : workers) {
                total += w.get(60, TimeUnit.SECONDS);
            }
            CuratorFramework reader = clients.connect();
            DistributedAtomicLong counter = new DistributedAtomicLong(reader, "/atomic", new RetryNTimes(5, 5));
            assertEquals(total, counter.get().postValue().intValue(), "every successful increment counted once");
            assertEquals(40, total, "with 50 retries no increment gives up");
            reader.delete().forPath("/atomic");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void doubleBarrierReleasesAllMembersTogether(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            int members = 3;
            List<Future<String>> done = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                CuratorFramework c = clients.connect();
                int id = m;
                done.add(pool.submit(() -> {
                    DistributedDoubleBarrier barrier = new DistributedDoubleBarrier(c, "/barrier", members);
                    assertTrue(barrier.enter(30, TimeUnit.SECONDS), "member " + id + " entered");
                    assertTrue(barrier.leave(30, TimeUnit.SECONDS), "member " + id + " left");
                    return "m" + id;
                }));
            }
            List<String> finished = new ArrayList<>();
            for (Future<String> f : done) {
                finished.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(List.of("m0", "m1", "m2"), finished);
            CuratorFramework c = clients.connect();
            Eventually.await("the barrier is empty", () -> {
                try {
                    return c.checkExists().forPath("/barrier") == null || c.getChildren().forPath("/barrier").isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            if (c.checkExists().forPath("/barrier") != null) {
                c.delete().deletingChildrenIfNeeded().forPath("/barrier");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void queueDeliversEveryItemOnceInOrder(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework producerClient = clients.connect();
            CuratorFramework consumerClient = clients.connect();
            BlockingQueue<String> consumed = new ArrayBlockingQueue<>(100);
            QueueSerializer<String> serializer = new QueueSerializer<>() {
                @Override
                public byte[] serialize(String item) {
                    return bytes(item);
                }

                @Override
                public String deserialize(byte[] data) {
                    return string(data);
                }
            };
            QueueConsumer<String> consumer = new QueueConsumer<>() {
                @Override
                public void consumeMessage(String message) {
                    consumed.add(message);
                }

                @Override
                public void stateChanged(CuratorFramework client, ConnectionState newState) {
                }
            };
            try (DistributedQueue<String> producer = QueueBuilder.builder(producerClient, null, serializer, "/queue")
                            .buildQueue();
                    DistributedQueue<String> queue = QueueBuilder.builder(consumerClient, consumer, serializer, "/queue")
                            .buildQueue()) {
                producer.start();
                for (int i = 0; i < 10; i++) {
                    producer.put("item-" + i);
                }
                queue.start();
                List<String> got = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String item = consumed.poll(20, TimeUnit.SECONDS);
                    assertNotNull(item, "item " + i + " after " + got);
                    got.add(item);
                }
                assertEquals(List.of("item-0", "item-1", "item-2", "item-3", "item-4", "item-5", "item-6",
                        "item-7", "item-8", "item-9"), got);
                assertNull(consumed.poll(200, TimeUnit.MILLISECONDS), "each item once");
            }
            producerClient.delete().deletingChildrenIfNeeded().forPath("/queue");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void groupMembersSeeEachOther(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            try (GroupMember ga = new GroupMember(a, "/group", "alpha", bytes("A"));
                    GroupMember gb = new GroupMember(b, "/group", "beta", bytes("B"))) {
                ga.start();
                gb.start();
                Eventually.await("both members see both", () -> members(ga).keySet().equals(java.util.Set.of("alpha", "beta"))
                        && members(gb).keySet().equals(java.util.Set.of("alpha", "beta")));
                assertEquals("B", string(members(ga).get("beta")));
                gb.setThisData(bytes("B2"));
                Eventually.await("alpha sees beta's new data", () -> "B2".equals(string(members(ga).get("beta"))));
                clients.expire(b);
                Eventually.await("beta re-joins under its new session", () -> {
                    org.apache.zookeeper.data.Stat s = CuratorCrudTest.exists(a, "/group/beta");
                    return s != null && s.getEphemeralOwner() == CuratorClients.sessionId(b);
                });
                Eventually.await("alpha sees beta again", () -> members(ga).containsKey("beta"));
            }
            a.delete().deletingChildrenIfNeeded().forPath("/group");
        }
    }

    private static Map<String, byte[]> members(GroupMember g) {
        return g.getCurrentMembers();
    }

    private static int participants(InterProcessSemaphoreV2 s) {
        try {
            return s.getParticipantNodes().size();
        } catch (Exception e) {
            return -1;
        }
    }
}
