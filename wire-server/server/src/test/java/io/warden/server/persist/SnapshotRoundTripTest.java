package io.warden.server.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.testing.Seeds;
import io.warden.server.state.FrozenState;
import io.warden.server.state.OpOutcome;
import io.warden.server.state.StateDump;
import io.warden.server.state.StateMachine;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RandomHistory;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TxnBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery end to end, without a server: a seeded random history runs on a live state
 * machine; at a random point it is frozen and saved to a snapshot on another thread while apply
 * goes on; the rest of the history goes through {@link TxnBatchFile} (so through the txn codec).
 * The state machine loaded from the snapshot must equal, dump for dump, one that applied exactly
 * the txns up to the capture; after replaying the rest it must equal the live one, and every
 * replayed txn must give the same reply as it gave live. {@code -Dwarden.soak=true} runs longer
 * histories.
 */
class SnapshotRoundTripTest {
    @TempDir
    Path dir;

    private static void assertSameState(StateMachine expected, StateMachine actual, String where) {
        assertNull(StateDump.firstDifference(StateDump.lines(expected), StateDump.lines(actual)), where);
    }

    @Test
    void snapshotPlusReplayEqualsTheLiveStateMachine() throws Exception {
        long seed = Seeds.seed("SnapshotRoundTripTest");
        int steps = Seeds.soak() ? 100_000 : 6_000;
        for (int run = 0; run < 3; run++) {
            runOnce(seed + run, steps, dir.resolve("run" + run));
        }
    }

    private void runOnce(long seed, int steps, Path runDir) throws Exception {
        String where = Seeds.describe(seed);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        SnapshotStore store = new SnapshotStore(runDir.resolve("snap"), new SnapshotSettings(2, 500, 4096),
                new FakeTicker());
        StateMachine live = new StateMachine(RandomHistory.config());
        StateMachine reference = new StateMachine(RandomHistory.config());
        RandomHistory history = new RandomHistory(seed, live);
        int captureAt = 1000 + rnd.nextInt(steps - 2000);
        for (int i = 0; i < captureAt; i++) {
            StampedTxn t = history.step();
            reference.apply(t.header(), t.txn());
        }
        FrozenState frozen = live.freeze();
        CompletableFuture<SnapshotInfo> saved = CompletableFuture.supplyAsync(() -> {
            try {
                return store.save(frozen);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<StampedTxn> tail = new ArrayList<>();
        List<OpOutcome> liveOutcomes = new ArrayList<>();
        for (int i = captureAt; i < steps; i++) {
            tail.add(history.step());
            liveOutcomes.add(history.lastOutcome());
        }
        SnapshotInfo info = saved.get(60, TimeUnit.SECONDS);
        assertEquals(reference.lastZxid(), info.lastZxid(), where);
        assertEquals(SnapshotStore.fileName(reference.lastZxid()), info.path().getFileName().toString());
        assertEquals(Files.size(info.path()), info.bytes());
        System.out.println(where + ": snapshot at step " + captureAt + " of " + steps + ": " + info + "; live "
                + live.stats());

        Path log = runDir.resolve("tail.txl");
        try (TxnBatchFile.Writer w = new TxnBatchFile.Writer(log)) {
            for (int i = 0; i < tail.size();) {
                int n = Math.min(tail.size() - i, 1 + rnd.nextInt(50));
                w.append(new TxnBatch(tail.subList(i, i + n)));
                i += n;
            }
        }

        StateMachine restored = store.loadNewest(RandomHistory.config()).orElseThrow().stateMachine();
        assertSameState(reference, restored, where + " snapshot");
        List<StampedTxn> replayed = new ArrayList<>();
        TxnBatchFile.read(log, (offset, batch) -> replayed.addAll(batch.txns()));
        assertEquals(tail, replayed, where);
        for (int i = 0; i < replayed.size(); i++) {
            StampedTxn t = replayed.get(i);
            OpOutcome o = restored.apply(t.header(), t.txn());
            OpOutcome expected = liveOutcomes.get(i);
            assertEquals(expected.err(), o.err(), where + " replay " + i);
            assertEquals(expected.response(), o.response(), where + " replay " + i);
            assertEquals(expected.zxid(), o.zxid(), where + " replay " + i);
        }
        assertSameState(live, restored, where + " after replay");

        // A second snapshot of the end state is now the newest; retention keeps both.
        SnapshotInfo second = store.save(live.freeze());
        assertSameState(live, store.loadNewest(RandomHistory.config()).orElseThrow().stateMachine(), where + " second");
        assertEquals(List.of(second.path(), info.path()), store.snapshots());
        assertTrue(info.preservedNodes() >= 0);
    }
}
