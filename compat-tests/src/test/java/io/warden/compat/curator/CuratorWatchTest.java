package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.zookeeper.WatchedEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CuratorCache} (on a persistent recursive watch) and {@link PersistentWatcher} (recursive
 * and not) on both servers: the initial load, then every change another client makes, in order,
 * each exactly once; still so after a server restart (the client re-registers its persistent
 * watches on the same session) and after a forced session expiry (the recipes re-add them on the
 * new session).
 */
class CuratorWatchTest extends CuratorTestBase {
    private static final Duration QUIET = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void curatorCacheLoadsTheTreeAndFollowsChanges(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework writer = clients.connect();
            writer.create().creatingParentsIfNeeded().forPath("/cache/a/b", bytes("b"));
            writer.setData().forPath("/cache/a", bytes("a"));
            CacheEvents events = new CacheEvents();
            try (CuratorCache cache = CuratorCache.build(c, "/cache")) {
                cache.listenable().addListener(events.listener());
                cache.start();
                assertTrue(events.initialized.await(20, TimeUnit.SECONDS), "initialized");
                assertEquals(List.of("create /cache", "create /cache/a a", "create /cache/a/b b"),
                        events.sortedSoFar(), "the initial load");
                assertArrayEquals(bytes("a"), cache.get("/cache/a").orElseThrow().getData());

                writer.setData().forPath("/cache/a", bytes("a2"));
                writer.create().forPath("/cache/a/c", bytes("c"));
                writer.delete().forPath("/cache/a/b");
                writer.create().creatingParentsIfNeeded().forPath("/cache/x/y", bytes("y"));
                events.expect("change /cache/a a2", "create /cache/a/c c", "delete /cache/a/b",
                        "create /cache/x", "create /cache/x/y y");
                assertEquals(tree(writer, "/cache"), contents(cache), "the cache mirrors the tree");
                assertEquals(cache.get("/cache/a/c").orElseThrow().getStat(), writer.checkExists().forPath("/cache/a/c"));
            }
            writer.delete().deletingChildrenIfNeeded().forPath("/cache");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void curatorCacheFollowsChangesAfterRestartAndExpiry(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework writer = clients.connect();
            writer.create().creatingParentsIfNeeded().forPath("/cacher/a", bytes("a"));
            CacheEvents events = new CacheEvents();
            try (CuratorCache cache = CuratorCache.build(c, "/cacher")) {
                cache.listenable().addListener(events.listener());
                cache.start();
                assertTrue(events.initialized.await(20, TimeUnit.SECONDS), "initialized");
                events.drain();

                clients.restartServer();
                writer.setData().forPath("/cacher/a", bytes("after-restart"));
                writer.create().forPath("/cacher/r", bytes("r"));
                events.expect("change /cacher/a after-restart", "create /cacher/r r");

                clients.expire(c);
                writer.setData().forPath("/cacher/a", bytes("after-expiry"));
                writer.delete().forPath("/cacher/r");
                Eventually.await("the cache converges on the tree after the expiry",
                        () -> tree(writer, "/cacher").equals(contents(cache)),
                        () -> contents(cache) + " vs " + tree(writer, "/cacher"));
                events.drain();
                writer.create().forPath("/cacher/later", bytes("l"));
                events.expect("create /cacher/later l");
            }
            writer.delete().deletingChildrenIfNeeded().forPath("/cacher");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void persistentWatchersFireEveryTimeWithoutReRegistering(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework writer = clients.connect();
            writer.create().forPath("/pw");
            writer.create().forPath("/pw2");
            WatchEvents recursive = new WatchEvents();
            WatchEvents flat = new WatchEvents();
            try (PersistentWatcher r = new PersistentWatcher(c, "/pw", true);
                    PersistentWatcher f = new PersistentWatcher(c, "/pw2", false)) {
                recursive.attach(r);
                flat.attach(f);
                recursive.awaitResets(1);
                flat.awaitResets(1);

                writer.create().forPath("/pw/a", bytes("1"));
                writer.setData().forPath("/pw/a", bytes("2"));
                writer.create().forPath("/pw/a/b");
                writer.delete().forPath("/pw/a/b");
                writer.setData().forPath("/pw", bytes("3"));
                recursive.expect("NodeCreated /pw/a", "NodeDataChanged /pw/a", "NodeCreated /pw/a/b",
                        "NodeDeleted /pw/a/b", "NodeDataChanged /pw");

                writer.create().forPath("/pw2/x");
                writer.setData().forPath("/pw2", bytes("1"));
                writer.setData().forPath("/pw2", bytes("2"));
                writer.create().forPath("/pw2/x/deeper");
                writer.delete().forPath("/pw2/x/deeper");
                writer.delete().forPath("/pw2/x");
                flat.expect("NodeChildrenChanged /pw2", "NodeDataChanged /pw2", "NodeDataChanged /pw2",
                        "NodeChildrenChanged /pw2");
            }
            writer.create().forPath("/pw/after-close");
            Eventually.sleep(QUIET);
            assertNull(recursive.events.poll(), "closed watchers are removed from the server");
            writer.delete().deletingChildrenIfNeeded().forPath("/pw");
            writer.delete().deletingChildrenIfNeeded().forPath("/pw2");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void persistentWatchersSurviveRestartAndExpiry(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework writer = clients.connect();
            writer.create().forPath("/pwr");
            WatchEvents events = new WatchEvents();
            try (PersistentWatcher w = new PersistentWatcher(c, "/pwr", true)) {
                events.attach(w);
                events.awaitResets(1);

                clients.restartServer();
                // The client re-registers its persistent watch with setWatches2, sent first on its
                // new connection; the writer's connection is another one, so its create can reach
                // the server first, and ZooKeeper (like Warden) gives persistent watches no
                // catch-up event on setWatches: the NodeCreated would be lost (seen once on
                // ZooKeeper). A round trip on the watcher's own connection orders it after
                // setWatches.
                c.checkExists().forPath("/pwr");
                writer.create().forPath("/pwr/a");
                writer.setData().forPath("/pwr/a", bytes("1"));
                events.expect("NodeCreated /pwr/a", "NodeDataChanged /pwr/a");

                int resets = events.resets.get();
                clients.expire(c);
                events.awaitResets(resets + 1);
                events.drain();
                writer.delete().forPath("/pwr/a");
                writer.create().forPath("/pwr/b");
                events.expect("NodeDeleted /pwr/a", "NodeCreated /pwr/b");
            }
            writer.delete().deletingChildrenIfNeeded().forPath("/pwr");
        }
    }

    private static Map<String, String> tree(CuratorFramework c, String root) {
        Map<String, String> out = new TreeMap<>();
        try {
            walk(c, root, out);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static void walk(CuratorFramework c, String path, Map<String, String> out) throws Exception {
        out.put(path, string(c.getData().forPath(path)));
        for (String child : c.getChildren().forPath(path)) {
            walk(c, path + "/" + child, out);
        }
    }

    private static Map<String, String> contents(CuratorCache cache) {
        Map<String, String> out = new TreeMap<>();
        cache.stream().forEach(d -> out.put(d.getPath(), string(d.getData())));
        return out;
    }

    /** What a CuratorCache listener saw, as lines; thread-safe (a blocking queue and a latch). */
    private static final class CacheEvents {
        final BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
        final CountDownLatch initialized = new CountDownLatch(1);

        CuratorCacheListener listener() {
            return CuratorCacheListener.builder()
                    .forCreates(d -> events.add("create " + describe(d)))
                    .forChanges((old, d) -> events.add("change " + describe(d)))
                    .forDeletes(d -> events.add("delete " + d.getPath()))
                    .forInitialized(initialized::countDown)
                    .build();
        }

        private static String describe(ChildData d) {
            String data = string(d.getData());
            return d.getPath() + (data == null || data.isEmpty() ? "" : " " + data);
        }

        /** The initial-load events, sorted (the cache loads in parallel). */
        List<String> sortedSoFar() {
            List<String> out = new ArrayList<>();
            events.drainTo(out);
            out.sort(null);
            return out;
        }

        void drain() {
            events.clear();
        }

        /**
         * The next events are exactly {@code expected}, in any order, and nothing follows them.
         * Any order: the cache fetches the data of created and changed nodes asynchronously but
         * applies deletions at once, so its listener order depends on round trips, on any server.
         */
        void expect(String... expected) throws InterruptedException {
            expectEvents(events, true, expected);
        }
    }

    /** What a PersistentWatcher delivered, as "Type path" lines, and how often it (re)set. */
    private static final class WatchEvents {
        final BlockingQueue<String> events = new ArrayBlockingQueue<>(1000);
        final AtomicInteger resets = new AtomicInteger();

        void attach(PersistentWatcher w) {
            w.getListenable().addListener((WatchedEvent e) -> {
                if (e.getType() != org.apache.zookeeper.Watcher.Event.EventType.None) {
                    events.add(e.getType() + " " + e.getPath());
                }
            });
            w.getResetListenable().addListener(resets::incrementAndGet);
            w.start();
        }

        void awaitResets(int n) {
            Eventually.await("the persistent watch is set (" + n + " resets)", () -> resets.get() >= n,
                    () -> resets.get() + " resets");
        }

        void drain() {
            events.clear();
        }

        /** The next events are exactly {@code expected}, in this order, and nothing follows them. */
        void expect(String... expected) throws InterruptedException {
            expectEvents(events, false, expected);
        }
    }

    /**
     * Takes {@code expected.length} events from {@code events} (waiting up to 20 s for each),
     * checks they are {@code expected} (in any order if {@code anyOrder}), then that no further
     * event arrives within {@link #QUIET}.
     */
    private static void expectEvents(BlockingQueue<String> events, boolean anyOrder, String... expected)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            String e = events.poll(20, TimeUnit.SECONDS);
            assertNotNull(e, "event " + i + " of " + List.of(expected) + "; seen " + seen);
            seen.add(e);
        }
        if (anyOrder) {
            List<String> sortedExpected = new ArrayList<>(List.of(expected));
            sortedExpected.sort(null);
            List<String> sortedSeen = new ArrayList<>(seen);
            sortedSeen.sort(null);
            assertEquals(sortedExpected, sortedSeen, "seen in this order: " + seen);
        } else {
            assertEquals(List.of(expected), seen);
        }
        String extra = events.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(extra, "no further event after " + seen);
    }
}
