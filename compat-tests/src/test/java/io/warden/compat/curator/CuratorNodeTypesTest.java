package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TTL nodes, container nodes and Curator's {@link PersistentNode} on both servers; the reaper
 * runs every {@value CuratorTestBase#CONTAINER_CHECK_INTERVAL_MS} ms on both. Each also across a
 * server restart and, for the session-bound {@code PersistentNode}, a forced session expiry.
 */
class CuratorNodeTypesTest extends CuratorTestBase {
    /** Long enough for several reaper passes: what "not reaped" waits for. */
    private static final Duration SEVERAL_PASSES = Duration.ofMillis(5 * CONTAINER_CHECK_INTERVAL_MS);
    private static final long TTL_MS = 300;

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void ttlNodesExpireOnlyWhenChildless(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            c.create().forPath("/ttl");
            Stat stat = new Stat();
            c.create().withTtl(TTL_MS).storingStatIn(stat).withMode(CreateMode.PERSISTENT_WITH_TTL)
                    .forPath("/ttl/lone", bytes("t"));
            assertEquals(0, stat.getEphemeralOwner(), "a TTL node's ephemeralOwner reads as 0");
            assertEquals(1, stat.getDataLength());
            String seq = c.create().withTtl(TTL_MS).withMode(CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL)
                    .forPath("/ttl/seq-");
            assertTrue(seq.matches("/ttl/seq-\\d{10}"), seq);
            c.create().withTtl(TTL_MS).withMode(CreateMode.PERSISTENT_WITH_TTL).forPath("/ttl/parent");
            c.create().forPath("/ttl/parent/child");

            Eventually.await("childless TTL nodes are deleted after their TTL",
                    () -> exists(c, "/ttl/lone") == null && exists(c, seq) == null);
            Eventually.sleep(SEVERAL_PASSES);
            assertNotNull(exists(c, "/ttl/parent"), "a TTL node with children stays");
            c.delete().forPath("/ttl/parent/child");
            Eventually.await("the TTL node is deleted once childless", () -> exists(c, "/ttl/parent") == null);
            assertNotNull(exists(c, "/ttl"), "a plain node is never reaped");
            c.delete().forPath("/ttl");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void containersAreReapedOnlyAfterTheyHadChildren(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework watcher = clients.connect();
            Stat stat = new Stat();
            c.create().storingStatIn(stat).withMode(CreateMode.CONTAINER).forPath("/cont", bytes("c"));
            assertEquals(0, stat.getEphemeralOwner());
            Eventually.sleep(SEVERAL_PASSES);
            assertNotNull(exists(c, "/cont"), "a container that never had a child stays");

            c.create().forPath("/cont/child");
            BlockingQueue<WatchedEvent> events = new ArrayBlockingQueue<>(4);
            Watcher w = events::add;
            watcher.checkExists().usingWatcher(w).forPath("/cont");
            c.delete().forPath("/cont/child");
            WatchedEvent deleted = events.poll(20, TimeUnit.SECONDS);
            assertNotNull(deleted, "the emptied container is reaped and its watchers told");
            assertEquals(Watcher.Event.EventType.NodeDeleted, deleted.getType());
            assertEquals("/cont", deleted.getPath());
            assertNull(exists(c, "/cont"));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void reapingContinuesAcrossRestart(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            c.create().creatingParentContainersIfNeeded().forPath("/rr/cont/child");
            c.create().withTtl(TTL_MS).withMode(CreateMode.PERSISTENT_WITH_TTL).forPath("/rr/ttl");
            c.create().forPath("/rr/ttl/child");
            Stat before = exists(c, "/rr/cont");

            clients.restartServer();

            assertEquals(before, exists(c, "/rr/cont"), "the container is unchanged by the restart");
            c.delete().forPath("/rr/ttl/child");
            c.delete().forPath("/rr/cont/child");
            Eventually.await("the restarted server reaps the emptied container and TTL node, then /rr",
                    () -> exists(c, "/rr") == null);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void persistentNodeIsRecreatedAndFollowsItsData(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework other = clients.connect();
            c.create().forPath("/pn");
            String path;
            try (PersistentNode node = new PersistentNode(c, CreateMode.EPHEMERAL, false, "/pn/member", bytes("a"))) {
                node.start();
                assertTrue(node.waitForInitialCreate(20, TimeUnit.SECONDS), "initial create");
                path = node.getActualPath();
                assertEquals("/pn/member", path);
                Stat first = exists(other, path);
                assertEquals(CuratorClients.sessionId(c), first.getEphemeralOwner());

                other.delete().forPath(path);
                Eventually.await("PersistentNode re-creates its deleted node", () -> {
                    Stat s = exists(other, path);
                    return s != null && s.getCzxid() > first.getCzxid();
                });
                node.setData(bytes("b"));
                Eventually.await("the node follows setData",
                        () -> "b".equals(string(getData(other, path))));
            }
            assertNull(exists(other, path), "close deletes the node");

            try (PersistentNode seq = new PersistentNode(c, CreateMode.EPHEMERAL_SEQUENTIAL, true, "/pn/seq-",
                    bytes("s"))) {
                seq.start();
                assertTrue(seq.waitForInitialCreate(20, TimeUnit.SECONDS), "initial create");
                String name = ZKPaths.getNodeFromPath(seq.getActualPath());
                assertTrue(name.matches("_c_[0-9a-f-]{36}-seq-\\d{10}"), name);
                assertArrayEquals(bytes("s"), other.getData().forPath(seq.getActualPath()));
            }
            c.delete().deletingChildrenIfNeeded().forPath("/pn");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void persistentNodeKeepsItsNodeAcrossRestart(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework other = clients.connect();
            try (PersistentNode node = new PersistentNode(c, CreateMode.EPHEMERAL, false, "/pnr/member",
                    bytes("a"))) {
                other.create().forPath("/pnr");
                node.start();
                assertTrue(node.waitForInitialCreate(20, TimeUnit.SECONDS), "initial create");
                Stat before = exists(other, "/pnr/member");

                clients.restartServer();

                Stat after = exists(other, "/pnr/member");
                assertEquals(before.getCzxid(), after.getCzxid(), "the ephemeral survives the restart");
                assertEquals(before.getEphemeralOwner(), after.getEphemeralOwner());
                // On RECONNECTED, PersistentNode finds its node and writes its data again (both
                // servers: one setData, version 1).
                Eventually.await("PersistentNode rewrote its data after reconnecting",
                        () -> exists(other, "/pnr/member").getVersion() == 1);
                node.setData(bytes("after"));
                Eventually.await("setData after the restart",
                        () -> "after".equals(string(getData(other, "/pnr/member"))));
            }
            other.delete().deletingChildrenIfNeeded().forPath("/pnr");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void persistentNodeIsRecreatedByTheNewSessionAfterExpiry(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework other = clients.connect();
            other.create().forPath("/pne");
            try (PersistentNode node = new PersistentNode(c, CreateMode.EPHEMERAL, false, "/pne/member",
                    bytes("a"))) {
                node.start();
                assertTrue(node.waitForInitialCreate(20, TimeUnit.SECONDS), "initial create");
                long oldSession = CuratorClients.sessionId(c);
                Stat before = exists(other, "/pne/member");
                assertEquals(oldSession, before.getEphemeralOwner());
                BlockingQueue<WatchedEvent> events = new ArrayBlockingQueue<>(4);
                Watcher w = events::add;
                other.checkExists().usingWatcher(w).forPath("/pne/member");

                clients.expire(c);

                WatchedEvent deleted = events.poll(20, TimeUnit.SECONDS);
                assertNotNull(deleted, "the expired session's ephemeral was deleted");
                assertEquals(Watcher.Event.EventType.NodeDeleted, deleted.getType());
                long newSession = CuratorClients.sessionId(c);
                assertNotEquals(oldSession, newSession);
                Eventually.await("PersistentNode re-creates the node under the new session", () -> {
                    Stat s = exists(other, "/pne/member");
                    return s != null && s.getEphemeralOwner() == newSession;
                });
                assertArrayEquals(bytes("a"), other.getData().forPath("/pne/member"));
            }
            other.delete().deletingChildrenIfNeeded().forPath("/pne");
        }
    }

    static Stat exists(CuratorFramework c, String path) {
        return CuratorCrudTest.exists(c, path);
    }

    static byte[] getData(CuratorFramework c, String path) {
        try {
            return c.getData().forPath(path);
        } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException("getData " + path, e);
        }
    }
}
