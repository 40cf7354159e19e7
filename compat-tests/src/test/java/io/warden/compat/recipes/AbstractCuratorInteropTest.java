package io.warden.compat.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.WardenClient;
import io.warden.recipe.counter.SharedCounter;
import io.warden.recipe.group.GroupMember;
import io.warden.recipe.leader.LeaderLatch;
import io.warden.recipe.leader.Participant;
import io.warden.recipe.lock.LockHandle;
import io.warden.recipe.lock.Mutex;
import io.warden.recipe.lock.ReadWriteLock;
import io.warden.recipe.lock.Semaphore;
import io.warden.recipe.registry.InstanceJson;
import io.warden.recipe.registry.PayloadCodec;
import io.warden.recipe.registry.ServiceCache;
import io.warden.recipe.registry.ServiceInstance;
import io.warden.recipe.registry.ServiceRegistry;
import io.warden.recipe.support.ZPaths;
import io.warden.recipe.testing.RecipeTestBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;
import org.junit.jupiter.api.Test;

/**
 * Our recipes and Apache Curator 5.9.0's on the same paths, on one server (subclasses: real
 * ZooKeeper 3.9.5 and Warden): the node layouts must agree for these to pass, since each library
 * sorts and watches the other's nodes.
 */
abstract class AbstractCuratorInteropTest extends RecipeTestBase {
    private static final Duration SHORT = Duration.ofMillis(300);

    protected CuratorFramework curator() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connectString())
                .sessionTimeoutMs(SESSION_TIMEOUT_MS).connectionTimeoutMs(8000)
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 1000)).build();
        closeLater(c::close);
        c.start();
        assertTrue(c.blockUntilConnected(20, TimeUnit.SECONDS), "Curator connected");
        return c;
    }

    private String lockDir() {
        return base + "/lock";
    }

    @Test
    void ourMutexAndCuratorsInterProcessMutexExcludeEachOther() throws Exception {
        Mutex ours = new Mutex(client("ours"), lockDir());
        InterProcessMutex theirs = new InterProcessMutex(curator(), lockDir());
        try (LockHandle h = ours.acquire()) {
            assertFalse(theirs.acquire(300, TimeUnit.MILLISECONDS), "Curator waits while we hold");
            assertTrue(h.isHeld());
        }
        assertTrue(theirs.acquire(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Optional.empty(), ours.acquire(SHORT), "we wait while Curator holds");
        assertEquals(1, children(lockDir()).size(), "our timed-out node is gone");
        String curatorNode = children(lockDir()).get(0);
        assertTrue(curatorNode.matches("_c_[0-9a-f-]{36}-lock-\\d{10}"), "Curator's protected name: " + curatorNode);
        theirs.release();
        try (LockHandle h = ours.acquire(WAIT).orElseThrow()) {
            assertTrue(h.isHeld());
        }
        assertNoOrphans(base);
    }

    @Test
    void mixedQueueIsServedInOrder() throws Exception {
        InterProcessMutex first = new InterProcessMutex(curator(), lockDir());
        Mutex second = new Mutex(client("ours"), lockDir());
        InterProcessMutex third = new InterProcessMutex(curator(), lockDir());
        assertTrue(first.acquire(WAIT.toSeconds(), TimeUnit.SECONDS));
        CompletableFuture<LockHandle> ours = second.acquireAsync();
        eventually("ours queued", () -> childrenQuietly(lockDir()).size() == 2);
        CompletableFuture<Boolean> curatorThird = CompletableFuture.supplyAsync(() -> {
            try {
                boolean got = third.acquire(20, TimeUnit.SECONDS);
                if (got) {
                    third.release();
                }
                return got;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        eventually("Curator's second waiter queued", () -> childrenQuietly(lockDir()).size() == 3);
        first.release();
        LockHandle h = ours.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertFalse(curatorThird.isDone(), "the third waits for us, not for the first");
        h.close();
        assertTrue(curatorThird.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertNoOrphans(base);
    }

    @Test
    void mixedContendersNeverOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int rounds = 10;
        for (int i = 0; i < 2; i++) {
            Mutex ours = new Mutex(client("ours" + i), lockDir());
            InterProcessMutex theirs = new InterProcessMutex(curator(), lockDir());
            threads.add(new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        try (LockHandle h = ours.acquire(Duration.ofSeconds(20)).orElseThrow()) {
                            critical(inside, violations, h.isHeld() ? "ours" : "ours (not held!)");
                        }
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
            threads.add(new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        assertTrue(theirs.acquire(20, TimeUnit.SECONDS));
                        try {
                            critical(inside, violations, "curator");
                        } finally {
                            theirs.release();
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
        assertEquals(List.of(), violations);
        assertNoOrphans(base);
    }

    private static void critical(AtomicInteger inside, List<String> violations, String who)
            throws InterruptedException {
        if (inside.incrementAndGet() != 1) {
            violations.add(who + " entered while someone was inside");
        }
        Thread.sleep(2);
        inside.decrementAndGet();
    }

    @Test
    void readWriteLocksInteroperate() throws Exception {
        ReadWriteLock ours = new ReadWriteLock(client("ours"), lockDir());
        InterProcessReadWriteLock theirs = new InterProcessReadWriteLock(curator(), lockDir());
        try (LockHandle read = ours.readLock().acquire()) {
            assertTrue(read.isHeld());
            assertTrue(theirs.readLock().acquire(WAIT.toSeconds(), TimeUnit.SECONDS), "readers share across libraries");
            theirs.readLock().release();
            assertFalse(theirs.writeLock().acquire(300, TimeUnit.MILLISECONDS), "our reader excludes their writer");
        }
        assertTrue(theirs.writeLock().acquire(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Optional.empty(), ours.readLock().acquire(SHORT), "their writer excludes our reader");
        theirs.writeLock().release();
        assertNoOrphans(base);
    }

    @Test
    void semaphoresShareLeases() throws Exception {
        String dir = base + "/sem";
        Semaphore ours = new Semaphore(client("ours"), dir, 2);
        InterProcessSemaphoreV2 theirs = new InterProcessSemaphoreV2(curator(), dir, 2);
        LockHandle l1 = ours.acquire();
        Lease l2 = theirs.acquire(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(l2 != null);
        assertEquals(Optional.empty(), ours.acquire(SHORT), "two leases out of two are taken");
        assertEquals(null, theirs.acquire(300, TimeUnit.MILLISECONDS));
        theirs.returnLease(l2);
        LockHandle l3 = ours.acquire(WAIT).orElseThrow();
        l1.close();
        l3.close();
        assertNoOrphans(base);
    }

    @Test
    void ourLatchAndCuratorsLeaderLatchElectOneLeader() throws Exception {
        String dir = base + "/election";
        WardenClient c = client("ours");
        org.apache.curator.framework.recipes.leader.LeaderLatch theirs =
                new org.apache.curator.framework.recipes.leader.LeaderLatch(curator(), dir, "curator-1");
        closeLater(theirs::close);
        theirs.start();
        assertTrue(theirs.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        LeaderLatch ours = closeLater(new LeaderLatch(c, dir, "ours-1"));
        ours.start();
        assertFalse(ours.await(SHORT), "Curator leads; we wait");
        eventually("our participant queued", () -> childrenQuietly(dir).size() == 2);
        List<Participant> seenByUs = ours.participants();
        assertEquals(List.of("curator-1", "ours-1"), seenByUs.stream().map(Participant::id).toList());
        assertTrue(seenByUs.get(0).isLeader());
        eventually("Curator sees our participant", () -> curatorParticipants(theirs).equals(List.of("curator-1", "ours-1")));
        assertEquals("curator-1", theirs.getLeader().getId());
        theirs.close();
        assertTrue(ours.await(WAIT), "we lead once Curator leaves");
        org.apache.curator.framework.recipes.leader.LeaderLatch late =
                new org.apache.curator.framework.recipes.leader.LeaderLatch(curator(), dir, "curator-2");
        closeLater(late::close);
        late.start();
        eventually("the late Curator latch queued", () -> childrenQuietly(dir).size() == 2);
        assertFalse(late.await(300, TimeUnit.MILLISECONDS), "Curator waits while we lead");
        assertEquals("ours-1", late.getLeader().getId());
        ours.close();
        assertTrue(late.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        late.close();
        assertNoOrphans(base);
    }

    private static List<String> curatorParticipants(org.apache.curator.framework.recipes.leader.LeaderLatch latch) {
        try {
            List<String> ids = new ArrayList<>();
            latch.getParticipants().forEach(p -> ids.add(p.getId()));
            return ids;
        } catch (Exception e) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- service discovery

    @Test
    void ourRegistryAndCuratorDiscoverySeeEachOther() throws Exception {
        String basePath = base + "/services";
        ServiceRegistry<String> ours = closeLater(new ServiceRegistry<>(client("ours"), basePath, PayloadCodec.string()));
        ServiceDiscovery<String> theirs = ServiceDiscoveryBuilder.builder(String.class).client(curator())
                .basePath(basePath).build();
        closeLater(theirs);
        theirs.start();
        ServiceInstance<String> mine = ServiceInstance.<String>builder("orders", "ours-1").address("10.0.0.1")
                .port(8080).sslPort(8443).payload("from-us").registrationTimeUtc(1_700_000_000_000L)
                .uriSpec("{scheme}://{address}:{ssl-port}/orders").build();
        ours.register(mine);
        org.apache.curator.x.discovery.ServiceInstance<String> seen = theirs.queryForInstance("orders", "ours-1");
        assertEquals("orders", seen.getName());
        assertEquals("10.0.0.1", seen.getAddress());
        assertEquals(8080, seen.getPort());
        assertEquals(8443, seen.getSslPort());
        assertEquals("from-us", seen.getPayload());
        assertEquals(1_700_000_000_000L, seen.getRegistrationTimeUTC());
        assertEquals(org.apache.curator.x.discovery.ServiceType.DYNAMIC, seen.getServiceType());
        assertTrue(seen.isEnabled());
        assertEquals("https://10.0.0.1:8443/orders", seen.buildUriSpec());
        assertEquals(seen.buildUriSpec(), mine.buildUri());

        org.apache.curator.x.discovery.ServiceInstance<String> curators =
                org.apache.curator.x.discovery.ServiceInstance.<String>builder().name("orders").id("curator-1")
                        .address("10.0.0.2").port(9090).payload("from-curator").registrationTimeUTC(1_700_000_000_001L)
                        .uriSpec(new org.apache.curator.x.discovery.UriSpec("{scheme}://{address}:{port}")).build();
        theirs.registerService(curators);
        ServiceInstance<String> back = ours.queryForInstance("orders", "curator-1").orElseThrow();
        assertEquals(ServiceInstance.<String>builder("orders", "curator-1").address("10.0.0.2").port(9090)
                .payload("from-curator").registrationTimeUtc(1_700_000_000_001L).uriSpec("{scheme}://{address}:{port}")
                .build(), back);
        assertEquals(curators.buildUriSpec(), back.buildUri());

        ServiceCache<String> ourCache = closeLater(ours.cache("orders"));
        ourCache.start().get();
        assertEquals(List.of("curator-1", "ours-1"), ourCache.instances().stream().map(ServiceInstance::id).toList());
        assertEquals(2, theirs.queryForInstances("orders").size());
        org.apache.curator.x.discovery.ServiceCache<String> theirCache =
                theirs.serviceCacheBuilder().name("orders").build();
        closeLater(theirCache);
        theirCache.start();
        ours.register(ServiceInstance.<String>builder("orders", "ours-2").address("10.0.0.3").port(1).build()
                .withEnabled(false));
        eventually("Curator's cache sees our second instance", () -> theirCache.getInstances().size() == 3);
        assertFalse(theirs.queryForInstance("orders", "ours-2").isEnabled(), "enabled=false is understood");
        theirs.unregisterService(curators);
        eventually("our cache follows Curator's unregistration",
                () -> ourCache.instances().stream().map(ServiceInstance::id).toList().equals(List.of("ours-1", "ours-2")));
    }

    @Test
    @SuppressWarnings("rawtypes") // Curator's Map payload class is the raw Map.class
    void instanceJsonIsByteForByteCuratorsDefault() throws Exception {
        org.apache.curator.x.discovery.ServiceInstance<String> curators =
                org.apache.curator.x.discovery.ServiceInstance.<String>builder().name("orders").id("o-1")
                        .address("10.0.0.1").port(8080).payload("q\"\u00e9\n").registrationTimeUTC(5L)
                        .uriSpec(new org.apache.curator.x.discovery.UriSpec("{scheme}://{address}:{port}/x")).build();
        byte[] theirBytes = new JsonInstanceSerializer<>(String.class).serialize(curators);
        ServiceInstance<String> ours = ServiceInstance.<String>builder("orders", "o-1").address("10.0.0.1").port(8080)
                .payload("q\"\u00e9\n").registrationTimeUtc(5L).uriSpec("{scheme}://{address}:{port}/x").build();
        assertEquals(new String(theirBytes, java.nio.charset.StandardCharsets.UTF_8),
                new String(InstanceJson.toBytes(ours, PayloadCodec.string()), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(ours, InstanceJson.fromBytes(theirBytes, PayloadCodec.string()));

        org.apache.curator.x.discovery.ServiceInstance<Map> mapInstance =
                org.apache.curator.x.discovery.ServiceInstance.<Map>builder().name("kv").id("k").address("h")
                        .payload(new java.util.LinkedHashMap<>(Map.of("zone", "eu"))).registrationTimeUTC(1L).build();
        byte[] mapBytes = new JsonInstanceSerializer<>(Map.class).serialize(mapInstance);
        ServiceInstance<Map<String, String>> ourMap = InstanceJson.fromBytes(mapBytes, PayloadCodec.stringMap());
        assertEquals(Map.of("zone", "eu"), ourMap.payload());
        assertEquals(new String(mapBytes, java.nio.charset.StandardCharsets.UTF_8),
                new String(InstanceJson.toBytes(ourMap, PayloadCodec.stringMap()), java.nio.charset.StandardCharsets.UTF_8));
        Map<?, ?> theirMap = new JsonInstanceSerializer<>(Map.class)
                .deserialize(InstanceJson.toBytes(ourMap, PayloadCodec.stringMap())).getPayload();
        assertEquals(Map.of("zone", "eu"), theirMap);
    }

    // ---------------------------------------------------------------- counter, group

    @Test
    void sharedCounterAndCuratorsSharedCountAgree() throws Exception {
        String path = base + "/counter";
        SharedCounter ours = closeLater(new SharedCounter(client("ours"), path, 7));
        ours.start();
        org.apache.curator.framework.recipes.shared.SharedCount theirs =
                new org.apache.curator.framework.recipes.shared.SharedCount(curator(), path, 99);
        closeLater(theirs);
        theirs.start();
        assertEquals(7, theirs.getCount(), "Curator reads our value");
        assertTrue(theirs.trySetCount(theirs.getVersionedValue(), 20));
        eventually("we see Curator's value", () -> ours.count() == 20);
        assertEquals(21, ours.add(1));
        eventually("Curator sees ours", () -> theirs.getCount() == 21);
        org.apache.curator.framework.recipes.shared.VersionedValue<Integer> stale = theirs.getVersionedValue();
        assertEquals(22, ours.add(1));
        assertFalse(theirs.trySetCount(stale, 5), "Curator's stale version loses against our write");
        assertEquals(22, ours.count());
    }

    @Test
    void groupMembersOfBothLibrariesSeeEachOther() throws Exception {
        String group = base + "/group";
        GroupMember ours = closeLater(new GroupMember(client("ours"), group, "ours-1", "a".getBytes()));
        ours.start();
        assertTrue(ours.awaitJoined(WAIT));
        org.apache.curator.framework.recipes.nodes.GroupMember theirs =
                new org.apache.curator.framework.recipes.nodes.GroupMember(curator(), group, "curator-1", "b".getBytes());
        closeLater(theirs);
        theirs.start();
        eventually("we see Curator's member", () -> ours.currentMembers().keySet().equals(Set.of("ours-1", "curator-1")));
        assertEquals("b", ours.currentMembers().get("curator-1").toUtf8());
        eventually("Curator sees ours", () -> theirs.getCurrentMembers().keySet().equals(Set.of("ours-1", "curator-1")));
        assertEquals("a", new String(theirs.getCurrentMembers().get("ours-1")));
    }

    static String name(String path) {
        return ZPaths.name(path);
    }
}
