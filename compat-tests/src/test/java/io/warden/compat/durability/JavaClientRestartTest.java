package io.warden.compat.durability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official ZooKeeper 3.9.5 Java client across a restart of a forked server (same data
 * directory and port; SIGTERM and SIGKILL), on Warden and on real ZooKeeper: both clients keep
 * their sessions (no Expired event, same id) and their ephemerals, and the watcher, which reaches
 * the server through a proxy the test cuts and heals, gets through setWatches every event it
 * missed: a change made just before the stop while it was cut off, and a create, a change, a
 * delete and a child change made by the other client after the restart before it reconnected.
 */
class JavaClientRestartTest {
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (RestartableServer.Kind kind : RestartableServer.Kind.values()) {
            for (RestartableServer.Stop stop : RestartableServer.Stop.values()) {
                out.add(Arguments.of(kind, stop));
            }
        }
        return out;
    }

    /** The events one client's default watcher saw; bounded. Thread-safe. */
    private static final class Events implements Watcher {
        final BlockingQueue<String> nodeEvents = new ArrayBlockingQueue<>(1000);
        final BlockingQueue<Event.KeeperState> states = new ArrayBlockingQueue<>(1000);

        @Override
        public void process(WatchedEvent e) {
            if (e.getType() == Event.EventType.None) {
                states.offer(e.getState());
            } else {
                nodeEvents.offer(e.getType() + " " + e.getPath());
            }
        }

        /** Waits for exactly {@code expected} (in any order), and then a little for anything extra. */
        Set<String> await(Set<String> expected) throws InterruptedException {
            Set<String> seen = new TreeSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
                String e = nodeEvents.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    assertTrue(seen.add(e), "event delivered twice: " + e + " after " + seen);
                }
            }
            String extra = nodeEvents.poll(300, TimeUnit.MILLISECONDS);
            if (extra != null) {
                seen.add(extra);
            }
            return seen;
        }
    }

    private static ZooKeeper connect(String connectString, Events events) throws Exception {
        ZooKeeper zk = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, events);
        Eventually.await("connected to " + connectString, WAIT, () -> zk.getState() == ZooKeeper.States.CONNECTED);
        return zk;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sessionsEphemeralsAndMissedWatchEventsSurviveARestart(RestartableServer.Kind kind,
            RestartableServer.Stop stop) throws Exception {
        try (RestartableServer server = RestartableServer.start(kind, workDir);
                TcpProxy proxy = TcpProxy.start(server.address())) {
            Events writerEvents = new Events();
            Events watcherEvents = new Events();
            ZooKeeper writer = connect(RestartableServer.connectString(server.address()), writerEvents);
            ZooKeeper watcher = connect(RestartableServer.connectString(proxy.connectString()), watcherEvents);
            try {
                long writerSession = writer.getSessionId();
                long watcherSession = watcher.getSessionId();
                List<org.apache.zookeeper.data.ACL> open = ZooDefs.Ids.OPEN_ACL_UNSAFE;
                writer.create("/r", bytes("root"), open, CreateMode.PERSISTENT);
                writer.create("/r/changed-later", bytes("0"), open, CreateMode.PERSISTENT);
                writer.create("/r/changed-before", bytes("0"), open, CreateMode.PERSISTENT);
                writer.create("/r/deleted-later", bytes("0"), open, CreateMode.PERSISTENT);
                writer.create("/r/eph-writer", bytes("w"), open, CreateMode.EPHEMERAL);
                watcher.create("/r/eph-watcher", bytes("v"), open, CreateMode.EPHEMERAL);
                String seq = watcher.create("/r/eph-seq-", bytes("s"), open, CreateMode.EPHEMERAL_SEQUENTIAL);
                assertEquals("/r/eph-seq-0000000005", seq, "the sixth child of /r");

                watcher.getData("/r/changed-later", true, null);
                watcher.getData("/r/changed-before", true, null);
                watcher.getData("/r/deleted-later", true, null);
                assertNull(watcher.exists("/r/created-later", true));
                watcher.getChildren("/r", true);

                // cut the watcher off, then change a node it watches: the server drops the
                // connection's watches, so the event is owed to it on its next connection
                proxy.partition();
                Eventually.await("the watcher sees the disconnect", WAIT,
                        () -> watcherEvents.states.contains(Watcher.Event.KeeperState.Disconnected));
                writer.setData("/r/changed-before", bytes("1"), -1);

                server.stop(stop);
                server.startAgain();

                // the writer (not behind the proxy) reconnects first and writes
                Eventually.await("the writer reconnects", WAIT, () -> writer.getState() == ZooKeeper.States.CONNECTED
                        && writer.getSessionId() == writerSession, server::outputTail);
                Stat changedBefore = writer.exists("/r/changed-before", false);
                assertNotNull(changedBefore, "an acknowledged write survived the " + stop);
                assertEquals(1, changedBefore.getVersion());
                writer.setData("/r/changed-later", bytes("2"), -1);
                writer.create("/r/created-later", bytes("c"), open, CreateMode.PERSISTENT);
                writer.delete("/r/deleted-later", -1);
                assertTrue(watcherEvents.nodeEvents.isEmpty(), "nothing reaches the cut-off watcher: "
                        + watcherEvents.nodeEvents);

                proxy.heal();
                Eventually.await("the watcher reconnects to its session", WAIT,
                        () -> watcher.getState() == ZooKeeper.States.CONNECTED, server::outputTail);
                assertEquals(watcherSession, watcher.getSessionId());
                Set<String> expected = Set.of("NodeDataChanged /r/changed-later", "NodeDataChanged /r/changed-before",
                        "NodeDeleted /r/deleted-later", "NodeCreated /r/created-later", "NodeChildrenChanged /r");
                assertEquals(new TreeSet<>(expected), watcherEvents.await(expected),
                        "every missed event, each once, through setWatches");
                assertFalse(watcherEvents.states.contains(Watcher.Event.KeeperState.Expired), "watcher states: "
                        + watcherEvents.states);
                assertFalse(writerEvents.states.contains(Watcher.Event.KeeperState.Expired), "writer states: "
                        + writerEvents.states);

                for (String path : List.of("/r/eph-writer", "/r/eph-watcher", seq)) {
                    Stat st = writer.exists(path, false);
                    assertNotNull(st, path + " survived the " + stop);
                    assertEquals(path.equals("/r/eph-writer") ? writerSession : watcherSession, st.getEphemeralOwner(),
                            path);
                }
                assertArrayEquals(bytes("v"), watcher.getData("/r/eph-watcher", false, null));
                assertEquals(List.of("changed-before", "changed-later", "created-later", "eph-seq-0000000005",
                        "eph-watcher", "eph-writer"), new TreeSet<>(writer.getChildren("/r", false)).stream().toList());

                // the sessions are the same live sessions: closing one removes its ephemerals
                watcher.close();
                Eventually.await("the watcher's ephemerals go with its session", WAIT, () -> {
                    try {
                        return writer.exists("/r/eph-watcher", false) == null && writer.exists(seq, false) == null;
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertNotNull(writer.exists("/r/eph-writer", false));
            } finally {
                watcher.close();
                writer.close();
            }
        }
    }
}
