package io.warden.compat.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.curator.Eventually;
import io.warden.compat.curator.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Curator 5.9.0 across a SIGKILL and restart of a forked server (same data directory and port),
 * on Warden and on real ZooKeeper: both clients go SUSPENDED then RECONNECTED, never LOST, with
 * the same session; their ephemerals (plain and protected sequential) are still there; and the
 * watcher, cut off by a proxy before the kill and let through only after the other client wrote,
 * gets the events it missed (a change before the kill; a create and a delete after the restart).
 */
class CuratorRestartTest {
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** Connection states of one client; bounded and thread-safe. */
    private static final class States {
        final BlockingQueue<ConnectionState> seen = new ArrayBlockingQueue<>(1000);

        List<ConnectionState> all() {
            return List.copyOf(seen);
        }
    }

    private static CuratorFramework connect(String address, States states) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(RestartableServer.connectString(address))
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .connectionTimeoutMs(8_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 12, 1000))
                .build();
        c.getConnectionStateListenable().addListener((client, state) -> states.seen.offer(state));
        c.start();
        assertTrue(c.blockUntilConnected((int) WAIT.toSeconds(), TimeUnit.SECONDS), "connected to " + address);
        return c;
    }

    private static long sessionId(CuratorFramework c) throws Exception {
        return c.getZookeeperClient().getZooKeeper().getSessionId();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(RestartableServer.Kind.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sessionEphemeralsAndMissedWatchEventsSurviveSigkill(RestartableServer.Kind kind) throws Exception {
        try (RestartableServer server = RestartableServer.start(kind, workDir);
                TcpProxy proxy = TcpProxy.start(server.address())) {
            States writerStates = new States();
            States watcherStates = new States();
            CuratorFramework writer = connect(server.address(), writerStates);
            CuratorFramework watcher = connect(proxy.connectString(), watcherStates);
            try {
                long writerSession = sessionId(writer);
                long watcherSession = sessionId(watcher);
                writer.create().forPath("/c", bytes("root"));
                writer.create().forPath("/c/before", bytes("0"));
                writer.create().forPath("/c/gone", bytes("0"));
                writer.create().withMode(CreateMode.EPHEMERAL).forPath("/c/eph-writer", bytes("w"));
                watcher.create().withMode(CreateMode.EPHEMERAL).forPath("/c/eph-watcher", bytes("v"));
                String protectedSeq = watcher.create().withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                        .forPath("/c/lock-", bytes("p"));

                BlockingQueue<String> events = new ArrayBlockingQueue<>(100);
                Watcher record = e -> {
                    if (e.getType() != Watcher.Event.EventType.None) {
                        events.offer(e.getType() + " " + e.getPath());
                    }
                };
                watcher.getData().usingWatcher(record).forPath("/c/before");
                watcher.getData().usingWatcher(record).forPath("/c/gone");
                assertNull(watcher.checkExists().usingWatcher(record).forPath("/c/new"));

                proxy.partition();
                Eventually.await("the watcher is SUSPENDED", WAIT,
                        () -> watcherStates.all().contains(ConnectionState.SUSPENDED), () -> watcherStates.all().toString());
                writer.setData().forPath("/c/before", bytes("1"));

                server.stop(RestartableServer.Stop.SIGKILL);
                server.startAgain();

                writer.create().forPath("/c/new", bytes("n"));
                writer.delete().forPath("/c/gone");
                assertEquals(writerSession, sessionId(writer), "the writer kept its session");
                assertTrue(events.isEmpty(), "nothing reaches the cut-off watcher: " + events);

                proxy.heal();
                Eventually.await("the watcher is RECONNECTED", WAIT,
                        () -> watcherStates.all().contains(ConnectionState.RECONNECTED), () -> watcherStates.all().toString());
                assertEquals(watcherSession, sessionId(watcher), "the watcher kept its session");
                Set<String> expected = Set.of("NodeDataChanged /c/before", "NodeDeleted /c/gone", "NodeCreated /c/new");
                Set<String> seen = new TreeSet<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
                    String e = events.poll(100, TimeUnit.MILLISECONDS);
                    if (e != null) {
                        assertTrue(seen.add(e), "delivered twice: " + e);
                    }
                }
                String extra = events.poll(300, TimeUnit.MILLISECONDS);
                if (extra != null) {
                    seen.add(extra);
                }
                assertEquals(new TreeSet<>(expected), seen, "every missed event, each once");

                for (States s : List.of(writerStates, watcherStates)) {
                    assertFalse(s.all().contains(ConnectionState.LOST), "never LOST: " + s.all());
                }
                Stat eph = writer.checkExists().forPath("/c/eph-watcher");
                assertNotNull(eph, "the watcher's ephemeral survived");
                assertEquals(watcherSession, eph.getEphemeralOwner());
                Stat seq = writer.checkExists().forPath(protectedSeq);
                assertNotNull(seq, "the protected sequential ephemeral survived: " + protectedSeq);
                assertEquals(watcherSession, seq.getEphemeralOwner());
                assertEquals(writerSession, writer.checkExists().forPath("/c/eph-writer").getEphemeralOwner());
                assertEquals("1", new String(watcher.getData().forPath("/c/before"), StandardCharsets.UTF_8));
            } finally {
                watcher.close();
                writer.close();
            }
        }
    }
}
