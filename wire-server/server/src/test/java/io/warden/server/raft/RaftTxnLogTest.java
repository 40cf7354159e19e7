package io.warden.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.base.Ticker;
import io.warden.server.persist.SnapshotSettings;
import io.warden.server.persist.SnapshotStore;
import io.warden.server.sequencer.LogPosition;
import io.warden.server.sequencer.StateStore;
import io.warden.server.state.StateDump;
import io.warden.server.state.StateMachine;
import io.warden.server.testing.RandomHistory;
import io.warden.server.txn.StampedTxn;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ratis log with snapshots, without the network: a random history is applied live and logged
 * batch by batch; after a restart the state rebuilt from the newest snapshot plus the log tail
 * must equal the live one exactly (full dumps: nodes, stats, sessions, zxid). Also a torn final
 * record and a corrupt newest snapshot.
 */
class RaftTxnLogTest {
    private static final long SEED = 20261121L;
    private static final int BATCHES = 120;
    private static final int MAX_BATCH = 9;

    @TempDir
    Path dir;

    private RaftTxnLog open(int snapCount) throws IOException {
        return RaftTxnLog.open(new RaftTxnLog.Settings(dir.resolve("log"), dir.resolve("snapshots"), "127.0.0.1", 0,
                snapCount, new SnapshotSettings(3, 1000, 4096), RandomHistory.config()), Ticker.systemTicker());
    }

    /** Runs the history; returns the state digest after each batch, by zxid. */
    private Map<Long, String> run(RaftTxnLog log, long seed, int batches) throws Exception {
        StateMachine live = log.state();
        StateStore store = StateStore.of(live);
        RandomHistory history = new RandomHistory(seed, live);
        java.util.SplittableRandom sizes = new java.util.SplittableRandom(seed);
        Map<Long, String> digests = new HashMap<>();
        digests.put(live.lastZxid(), StateDump.digest(live));
        for (int b = 0; b < batches; b++) {
            List<StampedTxn> batch = new ArrayList<>();
            int n = 1 + sizes.nextInt(MAX_BATCH);
            for (int i = 0; i < n; i++) {
                batch.add(history.step());
            }
            LogPosition position = log.append(batch).get(30, TimeUnit.SECONDS);
            assertTrue(position.index() > 0, "position " + position);
            log.applied(position, store);
            digests.put(live.lastZxid(), StateDump.digest(live));
        }
        return digests;
    }

    private static void awaitSnapshot(RaftTxnLog log) throws InterruptedException {
        for (int i = 0; i < 600 && log.snapshotInProgress(); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void snapshotPlusLogReplayEqualsTheLiveState() throws Exception {
        List<String> expected;
        try (RaftTxnLog log = open(150)) {
            run(log, SEED, BATCHES);
            awaitSnapshot(log);
            expected = StateDump.lines(log.state());
        }
        List<Path> snapshots = new SnapshotStore(dir.resolve("snapshots"), SnapshotSettings.defaults(),
                Ticker.systemTicker()).snapshots();
        assertEquals(3, snapshots.size(), "snapshots kept: " + snapshots);
        try (RaftTxnLog log = open(150)) {
            List<String> actual = StateDump.lines(log.state());
            assertEquals(expected, actual, StateDump.firstDifference(expected, actual));
            // and it goes on from there: zxids continue after the recovered one
            long zxid = log.state().lastZxid();
            run(log, SEED + 1, 5);
            assertTrue(log.state().lastZxid() > zxid);
        }
    }

    @Test
    void aTornFinalRecordIsDroppedAndTheStateIsThePrefixBeforeIt() throws Exception {
        Map<Long, String> digests;
        long lastZxid;
        try (RaftTxnLog log = open(1_000_000)) {
            digests = run(log, SEED, 40);
            lastZxid = log.state().lastZxid();
        }
        Path segment = RaftLogFiles.segments(dir.resolve("log")).stream().map(s -> s.getPath())
                .filter(p -> p.getFileName().toString().startsWith("log_inprogress")).reduce((a, b) -> b).orElseThrow();
        long end = endOfData(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(end - 7);
        }
        try (RaftTxnLog log = open(1_000_000)) {
            long recovered = log.state().lastZxid();
            assertTrue(recovered < lastZxid, "the torn batch is gone: " + recovered + " vs " + lastZxid);
            assertNotNull(digests.get(recovered), "recovered at a batch boundary: zxid " + recovered);
            assertEquals(digests.get(recovered), StateDump.digest(log.state()));
            run(log, SEED + 2, 3);
        }
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToAnOlderOnePlusTheLog() throws Exception {
        List<String> expected;
        try (RaftTxnLog log = open(100)) {
            run(log, SEED, 80);
            awaitSnapshot(log);
            expected = StateDump.lines(log.state());
        }
        List<Path> snapshots = new SnapshotStore(dir.resolve("snapshots"), SnapshotSettings.defaults(),
                Ticker.systemTicker()).snapshots();
        assertTrue(snapshots.size() >= 2, "snapshots: " + snapshots);
        Path newest = snapshots.get(0);
        byte[] b = Files.readAllBytes(newest);
        b[b.length / 2] ^= 0x5a;
        Files.write(newest, b);
        try (RaftTxnLog log = open(100)) {
            List<String> actual = StateDump.lines(log.state());
            assertEquals(expected, actual, StateDump.firstDifference(expected, actual));
        }
    }

    /**
     * Touch entries (which consume no zxid: they carry the previous txn's) are replayed too, so an
     * expiry a touch overrode live is overridden again on replay, and the replayed state equals the
     * live one. An expiry decided before the touch (zxid 2 &lt; touch at 3) is skipped; one decided
     * at the touch's zxid is not.
     */
    @Test
    void touchesAreReplayedSoSkippedExpiriesStaySkipped() throws Exception {
        long s1 = 0x0100000000000001L;
        long s2 = 0x0100000000000002L;
        io.warden.protocol.data.Bytes pw = io.warden.protocol.data.Bytes.copyOf(new byte[16]);
        List<StampedTxn> first = List.of(
                txn(s1, 1, new io.warden.server.txn.CreateSessionTxn(30_000, pw)),
                txn(s2, 2, new io.warden.server.txn.CreateSessionTxn(30_000, pw)),
                txn(s1, 3, new io.warden.server.txn.RequestTxn(io.warden.protocol.OpCode.CREATE,
                        new io.warden.protocol.request.CreateRequest("/e1", null,
                                io.warden.protocol.data.Acl.OPEN_ACL_UNSAFE, 1), List.of())));
        List<StampedTxn> second = List.of(
                txn(0, 3, new io.warden.server.txn.TouchSessionsTxn(List.of(s1, s2))),
                txn(s1, 4, new io.warden.server.txn.CloseSessionTxn(2)),
                txn(s2, 5, new io.warden.server.txn.CloseSessionTxn(3)));
        List<String> expected;
        try (RaftTxnLog log = open(1_000_000)) {
            StateStore store = StateStore.of(log.state());
            for (List<StampedTxn> batch : List.of(first, second)) {
                LogPosition position = log.append(batch).get(30, TimeUnit.SECONDS);
                for (StampedTxn t : batch) {
                    store.apply(t.header(), t.txn());
                }
                log.applied(position, store);
            }
            assertTrue(log.state().session(s1).isPresent(), "touched at 3 after the decision at 2: lives on");
            assertTrue(log.state().session(s2).isEmpty(), "decided at 3, the touch's own zxid: closed");
            assertEquals(5, log.state().lastZxid());
            expected = StateDump.lines(log.state());
        }
        try (RaftTxnLog log = open(1_000_000)) {
            List<String> actual = StateDump.lines(log.state());
            assertEquals(expected, actual, StateDump.firstDifference(expected, actual));
            assertTrue(log.state().session(s1).isPresent());
            assertEquals(List.of("/e1"), log.state().ephemerals(s1));
        }
    }

    private static StampedTxn txn(long sessionId, long zxid, io.warden.server.txn.Txn txn) {
        return new StampedTxn(new io.warden.server.txn.TxnHeader(sessionId, 0, zxid, 1_700_000_000_000L + zxid), txn);
    }

    /** The offset after the last non-zero byte (Ratis preallocates segments with zeros). */
    private static long endOfData(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return end;
    }
}
