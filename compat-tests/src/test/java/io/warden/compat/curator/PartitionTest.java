package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.OfficialJavaClient;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients cut off from the server by a {@link TcpProxy} while the server keeps running, on both
 * servers (tickTime {@value #TICK_MS} ms, so sessions may be as short as 1 s):
 * <ul>
 *   <li>a short partition: the client re-attaches to its session and the server answers its
 *       SetWatches with the events it missed (data changed, node created, children changed,
 *       node deleted), but not for persistent watches, which are only re-armed;
 *   <li>a partition longer than the session timeout: the server expires the session on its own
 *       clock (deleting its ephemerals), the client learns it on reconnect (Curator: LOST), and
 *       Curator's {@code PersistentNode} re-creates its node on the new session.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionTest {
    private static final int TICK_MS = 500;
    private static final int SHORT_SESSION_MS = 2000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Targets servers =
            new Targets(Target.Settings.defaults().withTickTimeMs(TICK_MS));

    @AfterAll
    void closeServers() throws IOException {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void missedChangesAreReportedAfterAPartition(Target.Kind kind) throws Exception {
        Target server = servers.get(kind);
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Watcher watcher = e -> {
            if (e.getType() != Watcher.Event.EventType.None) {
                events.add(e.getType() + " " + e.getPath());
            }
        };
        try (TcpProxy proxy = TcpProxy.start(server.connectString());
                Closer closer = new Closer()) {
            ZooKeeper writer = closer.add(OfficialJavaClient.connect(server.connectString()));
            ZooKeeper zk = closer.add(OfficialJavaClient.connect(proxy.connectString(), 10_000, WAIT,
                    state -> states.add(state.name())));
            String p = "/part";
            writer.create(p, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (String child : List.of("a", "c", "d", "same", "pers")) {
                writer.create(p + "/" + child, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            zk.getData(p + "/a", watcher, null);
            zk.exists(p + "/b", watcher);
            zk.getChildren(p + "/c", watcher);
            zk.getData(p + "/d", watcher, null);
            zk.getData(p + "/same", watcher, null);
            zk.exists(p + "/absent", watcher);
            zk.addWatch(p + "/pers", watcher, AddWatchMode.PERSISTENT);
            long session = zk.getSessionId();
            states.clear();

            proxy.partition();
            assertEquals("Disconnected", states.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            writer.setData(p + "/a", new byte[] {1}, -1);
            writer.create(p + "/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writer.create(p + "/c/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writer.delete(p + "/d", -1);
            writer.setData(p + "/pers", new byte[] {1}, -1);
            proxy.heal();
            assertEquals("SyncConnected", states.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(session, zk.getSessionId(), "re-attached to the same session");

            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(e, "missed event " + i + " after " + missed);
                missed.add(e);
            }
            missed.sort(null);
            assertEquals(List.of("NodeChildrenChanged /part/c", "NodeCreated /part/b", "NodeDataChanged /part/a",
                    "NodeDeleted /part/d"), missed, "one event per missed change (any order)");
            zk.sync(p, (rc, path, ctx) -> { }, null);
            assertNull(events.poll(300, TimeUnit.MILLISECONDS),
                    "nothing for the persistent watch: SetWatches only re-arms it");

            writer.setData(p + "/same", new byte[] {2}, -1);
            writer.create(p + "/absent", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            writer.setData(p + "/pers", new byte[] {2}, -1);
            writer.setData(p + "/pers", new byte[] {3}, -1);
            List<String> later = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String e = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(e, "later event " + i + " after " + later);
                later.add(e);
            }
            assertEquals(List.of("NodeDataChanged /part/same", "NodeCreated /part/absent",
                    "NodeDataChanged /part/pers", "NodeDataChanged /part/pers"), later,
                    "unchanged watches were re-armed, the persistent one too");
            deleteRecursively(writer, p);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void aLongPartitionExpiresTheSessionOnTheServersClock(Target.Kind kind) throws Exception {
        Target server = servers.get(kind);
        try (TcpProxy proxy = TcpProxy.start(server.connectString());
                Closer closer = new Closer();
                CuratorClients direct = new CuratorClients(server)) {
            CuratorFramework observer = direct.connect();
            observer.create().forPath("/lp");
            CuratorClients.StateLog log = new CuratorClients.StateLog();
            CuratorFramework c = closer.add(org.apache.curator.framework.CuratorFrameworkFactory.builder()
                    .connectString(proxy.connectString())
                    .sessionTimeoutMs(SHORT_SESSION_MS)
                    .connectionTimeoutMs(SHORT_SESSION_MS)
                    .retryPolicy(new org.apache.curator.retry.ExponentialBackoffRetry(100, 12, 1000))
                    .build());
            c.getConnectionStateListenable().addListener((client, state) -> log.add(state));
            c.start();
            assertTrue(c.blockUntilConnected(20, TimeUnit.SECONDS));
            long oldSession = CuratorClients.sessionId(c);
            try (PersistentNode node = new PersistentNode(c, CreateMode.EPHEMERAL, false, "/lp/member", new byte[0])) {
                node.start();
                assertTrue(node.waitForInitialCreate(20, TimeUnit.SECONDS));
                BlockingQueue<WatchedEvent> deleted = new LinkedBlockingQueue<>();
                Watcher w = deleted::add;
                observer.checkExists().usingWatcher(w).forPath("/lp/member");

                proxy.partition();
                WatchedEvent gone = deleted.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(gone, "the server expired the cut-off session and deleted its ephemeral");
                assertEquals(Watcher.Event.EventType.NodeDeleted, gone.getType());
                proxy.heal();

                Eventually.await("Curator reports LOST, then RECONNECTED on a new session", WAIT,
                        () -> log.containsInOrder(0, ConnectionState.SUSPENDED, ConnectionState.LOST,
                                ConnectionState.RECONNECTED) && CuratorClients.sessionId(c) != oldSession,
                        log::toString);
                long newSession = CuratorClients.sessionId(c);
                assertNotEquals(oldSession, newSession);
                Eventually.await("PersistentNode re-creates its node on the new session", WAIT, () -> {
                    Stat s = CuratorCrudTest.exists(observer, "/lp/member");
                    return s != null && s.getEphemeralOwner() == newSession;
                }, () -> String.valueOf(CuratorCrudTest.exists(observer, "/lp/member")));
            }
            observer.delete().deletingChildrenIfNeeded().forPath("/lp");
        }
    }

    private static void deleteRecursively(ZooKeeper zk, String path) throws Exception {
        for (String child : zk.getChildren(path, false)) {
            deleteRecursively(zk, path + "/" + child);
        }
        zk.delete(path, -1);
    }

    /** Closes what it was given, newest first. Confined to the test thread. */
    private static final class Closer implements AutoCloseable {
        private final List<AutoCloseable> items = new ArrayList<>();

        <T extends AutoCloseable> T add(T item) {
            items.add(item);
            return item;
        }

        @Override
        public void close() throws Exception {
            Exception first = null;
            for (int i = items.size() - 1; i >= 0; i--) {
                try {
                    items.get(i).close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
