package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.testing.Seeds;
import io.warden.server.testing.RandomHistory;
import io.warden.server.txn.StampedTxn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The copy-on-write capture: a {@link FrozenState} read after (or while) the apply thread goes on
 * must show every znode exactly as it was at the capture, and {@link StateRestorer} must rebuild
 * from it a state machine whose full dump equals the state at the capture; a superseded or
 * closed capture refuses to be read; the restorer refuses impossible trees.
 */
class FrozenStateTest {
    private static Map<String, NodeImage> images(FrozenState f) {
        Map<String, NodeImage> out = new HashMap<>();
        List<String> order = new ArrayList<>();
        f.forEachNode(n -> {
            out.put(n.path(), n);
            order.add(n.path());
        });
        assertEquals(f.nodeCount(), out.size(), "each node once");
        for (String p : order) {
            if (!p.equals("/")) {
                String parent = p.substring(0, Math.max(1, p.lastIndexOf('/')));
                assertTrue(order.indexOf(parent) < order.indexOf(p), "parent first: " + p);
            }
        }
        return out;
    }

    private static StateMachine restore(FrozenState f) {
        StateRestorer r = new StateRestorer(RandomHistory.config());
        f.sessions().forEach(r::session);
        f.forEachNode(r::node);
        return r.finish(f.lastZxid(), f.containerOrder(), f.ttlOrder());
    }

    private static void assertSameState(StateMachine expected, StateMachine actual, String where) {
        String diff = StateDump.firstDifference(StateDump.lines(expected), StateDump.lines(actual));
        assertNull(diff, where);
    }

    @Test
    void changesAfterTheCaptureAreInvisibleToIt() {
        long seed = Seeds.seed("FrozenStateTest.changesAfterTheCaptureAreInvisibleToIt");
        for (int run = 0; run < 10; run++) {
            String where = Seeds.describe(seed) + " run " + run;
            StateMachine live = new StateMachine(RandomHistory.config());
            StateMachine reference = new StateMachine(RandomHistory.config());
            RandomHistory h = new RandomHistory(seed + run, live);
            for (int i = 0; i < 1500; i++) {
                StampedTxn t = h.step();
                reference.apply(t.header(), t.txn());
            }
            Map<String, NodeImage> atCapture;
            try (FrozenState quiet = reference.freeze()) {
                atCapture = images(quiet);
            }
            FrozenState frozen = live.freeze();
            for (int i = 0; i < 1500; i++) {
                h.step();
            }
            assertTrue(frozen.preservedCount() > 0, where);
            assertEquals(atCapture, images(frozen), where);
            assertSameState(reference, restore(frozen), where);
            frozen.close();
            assertThrows(IllegalStateException.class, () -> frozen.forEachNode(n -> { }));
            for (DataNode n : live.tree().allNodes()) {
                assertTrue(n.kept == null || n.kept.image() == null, "image dropped at close: " + n.path);
            }
        }
    }

    /** The writer reads on its own thread while the apply thread keeps changing the same nodes. */
    @Test
    void aConcurrentReaderSeesTheCapture() throws Exception {
        long seed = Seeds.seed("FrozenStateTest.aConcurrentReaderSeesTheCapture");
        for (int run = 0; run < 20; run++) {
            String where = Seeds.describe(seed) + " run " + run;
            StateMachine live = new StateMachine(RandomHistory.config());
            StateMachine reference = new StateMachine(RandomHistory.config());
            RandomHistory h = new RandomHistory(seed + run, live);
            for (int i = 0; i < 2000; i++) {
                StampedTxn t = h.step();
                reference.apply(t.header(), t.txn());
            }
            FrozenState frozen = live.freeze();
            CompletableFuture<StateMachine> restored = CompletableFuture.supplyAsync(() -> restore(frozen));
            for (int i = 0; i < 3000 && !restored.isDone(); i++) {
                h.step();
            }
            assertSameState(reference, restored.get(30, TimeUnit.SECONDS), where);
            frozen.close();
        }
    }

    @Test
    void aNewerCaptureAbandonsTheOpenOne() {
        StateMachine live = new StateMachine(RandomHistory.config());
        RandomHistory h = new RandomHistory(1, live);
        for (int i = 0; i < 200; i++) {
            h.step();
        }
        FrozenState first = live.freeze();
        h.step();
        FrozenState second = live.freeze();
        assertTrue(first.isReleased());
        assertThrows(IllegalStateException.class, () -> first.forEachNode(n -> { }));
        assertEquals(live.lastZxid(), second.lastZxid());
        for (int i = 0; i < 200; i++) {
            h.step();
        }
        assertEquals(second.nodeCount(), images(second).size());
    }

    @Test
    void closedCaptureStopsCopying() {
        StateMachine live = new StateMachine(RandomHistory.config());
        RandomHistory h = new RandomHistory(2, live);
        for (int i = 0; i < 300; i++) {
            h.step();
        }
        FrozenState f = live.freeze();
        f.close();
        for (int i = 0; i < 300; i++) {
            h.step();
        }
        assertEquals(0, f.preservedCount());
    }

    private static NodeImage node(String path, long zxid) {
        return new NodeImage(path, Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, zxid, zxid, 0, 0, zxid, 0, 0, 0,
                NodeKind.PERSISTENT, 0);
    }

    private static StateRestorer withBuiltIns() {
        StateRestorer r = new StateRestorer(StateConfig.defaults());
        try (FrozenState fresh = new StateMachine(StateConfig.defaults()).freeze()) {
            fresh.forEachNode(r::node);
        }
        return r;
    }

    @Test
    void restorerRefusesImpossibleTrees() {
        StateRestorer orphan = withBuiltIns();
        assertThrows(IllegalArgumentException.class, () -> orphan.node(node("/a/b", 1)));

        StateRestorer dup = withBuiltIns();
        dup.node(node("/a", 1));
        assertThrows(IllegalArgumentException.class, () -> dup.node(node("/a", 1)));

        StateRestorer owner = withBuiltIns();
        assertThrows(IllegalArgumentException.class, () -> owner.node(new NodeImage("/e", null, Acl.OPEN_ACL_UNSAFE,
                1, 1, 0, 0, 1, 0, 0, 0, NodeKind.CONTAINER, 5)));

        StateRestorer noSession = withBuiltIns();
        noSession.node(new NodeImage("/e", null, Acl.OPEN_ACL_UNSAFE, 1, 1, 0, 0, 1, 0, 0, 0, NodeKind.EPHEMERAL, 5));
        assertThrows(IllegalArgumentException.class, () -> noSession.finish(1, List.of(), List.of()));

        StateRestorer future = withBuiltIns();
        future.node(node("/a", 9));
        assertThrows(IllegalArgumentException.class, () -> future.finish(8, List.of(), List.of()));

        StateRestorer missing = new StateRestorer(StateConfig.defaults());
        missing.node(node("/a", 1));
        assertThrows(IllegalArgumentException.class, () -> missing.finish(1, List.of(), List.of()));

        StateRestorer order = withBuiltIns();
        assertThrows(IllegalArgumentException.class, () -> order.finish(0, List.of("/nope"), List.of()));

        StateRestorer session = withBuiltIns();
        session.session(new SessionInfo(7, 1000, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> session.session(new SessionInfo(7, 1000, Bytes.EMPTY)));
    }
}
