package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.OfficialJavaClient;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import io.warden.compat.matrix.Compat;
import io.warden.compat.matrix.CompatClient;
import io.warden.compat.matrix.CompatFeature;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SetWatches split by the client (issue 4, point 3): the official 3.9.5 Java client sends the
 * watches it re-registers after a reconnect in several SetWatches packets once their paths pass
 * 128 KB ({@code ClientCnxn}'s SET_WATCHES_MAX_LENGTH). With {@value #NODES} watched nodes of
 * {@value #NAME_CHARS}-character names (about 240 KB of paths) cut off by a {@link TcpProxy}
 * partition while every node changes, every watch must catch up, whichever packet carried it, on
 * both servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Compat(client = CompatClient.JAVA_395, features = {CompatFeature.WATCHES, CompatFeature.RECONNECT})
class SplitSetWatchesTest {
    private static final int NODES = 400;
    private static final int NAME_CHARS = 600;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Targets servers = new Targets(Target.Settings.defaults());

    @AfterAll
    void closeServers() throws IOException {
        servers.close();
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void everyWatchOfASplitSetWatchesCatchesUp(Target.Kind kind) throws Exception {
        Target server = servers.get(kind);
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        Watcher watcher = e -> {
            if (e.getType() != Watcher.Event.EventType.None) {
                events.add(e.getType() + " " + e.getPath());
            }
        };
        String root = "/split-set-watches";
        List<String> paths = new ArrayList<>();
        String longName = "n".repeat(NAME_CHARS);
        for (int i = 0; i < NODES; i++) {
            paths.add(root + "/" + longName + String.format("%04d", i));
        }
        try (TcpProxy proxy = TcpProxy.start(server.connectString());
                ZooKeeper writer = OfficialJavaClient.connect(server.connectString())) {
            writer.create(root, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            createAll(writer, paths);
            ZooKeeper zk = OfficialJavaClient.connect(proxy.connectString(), 20_000, WAIT,
                    state -> states.add(state.name()));
            try {
                for (String path : paths) {
                    zk.getData(path, watcher, null);
                }
                long session = zk.getSessionId();
                states.clear();

                proxy.partition();
                assertEquals("Disconnected", states.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
                List<Op> sets = new ArrayList<>();
                for (String path : paths) {
                    sets.add(Op.setData(path, new byte[] {1}, -1));
                }
                writer.multi(sets);
                proxy.heal();
                assertEquals("SyncConnected", states.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertEquals(session, zk.getSessionId(), "re-attached to the same session");

                Set<String> seen = new TreeSet<>();
                Deadline deadline = Deadline.after(WAIT);
                while (seen.size() < NODES && !deadline.expired()) {
                    String e = events.poll(1, TimeUnit.SECONDS);
                    if (e != null) {
                        assertTrue(e.startsWith("NodeDataChanged " + root + "/"), e);
                        assertTrue(seen.add(e), "twice: " + e);
                    }
                }
                assertEquals(NODES, seen.size(), "one NodeDataChanged per watched node, across every packet");
            } finally {
                zk.close();
            }
            List<Op> deletes = new ArrayList<>();
            for (String path : paths) {
                deletes.add(Op.delete(path, -1));
            }
            deletes.add(Op.delete(root, -1));
            writer.multi(deletes);
        }
    }

    private static void createAll(ZooKeeper zk, List<String> paths) throws Exception {
        List<Op> creates = new ArrayList<>();
        for (String path : paths) {
            creates.add(Op.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        }
        zk.multi(creates);
    }
}
