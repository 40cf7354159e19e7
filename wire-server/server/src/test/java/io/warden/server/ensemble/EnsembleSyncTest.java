package io.warden.server.ensemble;

import static io.warden.server.testing.InJvmEnsemble.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.raft.EnsembleLog;
import io.warden.server.testing.InJvmEnsemble;
import io.warden.server.testing.RawClient;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble's {@code sync} through a ReadIndex (docs/ensemble-design.md §5): a read after a
 * sync sees every write acknowledged before the sync, on a lagging follower too; the replies of a
 * pipelined session come in its order; a sync costs no log entry; without a leader a sync is not
 * answered. One three-member ensemble is shared by the tests that leave it whole (about 20 s in
 * all); the no-leader and linearizable-read cases start their own.
 */
class EnsembleSyncTest {
    private static final long WAIT_MS = 30_000;
    /** Ratis's test hook in a server's appendEntries handler (RaftServerImpl.APPEND_ENTRIES). */
    private static final String APPEND_ENTRIES = "RaftServerImpl.appendEntries";

    @TempDir
    static Path shared;

    private static InJvmEnsemble ensemble;

    @BeforeAll
    static void start() throws Exception {
        ensemble = InJvmEnsemble.builder(shared).members(3).waitMs(WAIT_MS).start();
    }

    @AfterAll
    static void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void aSyncOnAFollowerRightAfterAWriteAcknowledgedElsewhereSeesIt() throws Exception {
        int leader = ensemble.leader();
        int first = ensemble.follower(leader, -1);
        int second = ensemble.follower(leader, first);
        try (RawClient writer = ensemble.session(leader); RawClient a = ensemble.session(first);
                RawClient b = ensemble.session(second)) {
            assertEquals(0, create(writer, "/lag", "0", 0).header().err());
            for (int i = 1; i <= 20; i++) {
                ReplyFrame w = writer.call(OpCode.SET_DATA, new SetDataRequest("/lag", Bytes.utf8("v" + i), -1));
                assertEquals(0, w.header().err());
                // at once, both requests in one go: the follower may not even know the write is committed
                RawClient reader = i % 2 == 0 ? a : b;
                int syncXid = reader.nextXid();
                reader.write(concat(reader.frame(OpCode.SYNC, new SyncRequest("/lag")),
                        reader.frame(OpCode.GET_DATA, new GetDataRequest("/lag", false))));
                ReplyFrame sync = reader.readReply();
                assertEquals(syncXid, sync.xid());
                assertEquals(0, sync.header().err());
                ReplyFrame read = reader.readReply();
                assertEquals(syncXid + 1, read.xid());
                assertEquals(0, read.header().err());
                GetDataResponse data = (GetDataResponse) read.response();
                assertEquals("v" + i, new String(data.data().toByteArray(), StandardCharsets.UTF_8),
                        "a read after a sync sees the write acknowledged before the sync (round " + i + ")");
                assertEquals(w.header().zxid(), data.stat().mzxid());
            }
        }
    }

    /**
     * The follower cannot hear from the leader (its appendEntries handler is held through Ratis's
     * test hook) while a write is acknowledged by the other two; a sync then sent to it waits
     * until it has received and applied that write. A sync answered from the follower's own state
     * would answer at once with the old data.
     */
    @Test
    void aSyncOnAFollowerThatHasNotReceivedAnAcknowledgedWriteWaitsForIt() throws Exception {
        int leader = ensemble.leader();
        int follower = ensemble.follower(leader, -1);
        EnsembleLog followerLog = (EnsembleLog) ensemble.server(follower).ensembleStatus();
        String followerPeer = String.valueOf(followerLog.myId());
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        try (RawClient writer = ensemble.session(leader); RawClient reader = ensemble.session(follower)) {
            assertEquals(0, create(writer, "/gap", "old", 0).header().err());
            ensemble.eventually("the follower has /gap", () -> InJvmEnsemble.stat(reader, "/gap") != null);
            org.apache.ratis.util.CodeInjectionForTesting.put(APPEND_ENTRIES, (local, remote, args) -> {
                if (followerPeer.equals(String.valueOf(local))) {
                    try {
                        hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return true;
            });
            ReplyFrame w = writer.call(OpCode.SET_DATA, new SetDataRequest("/gap", Bytes.utf8("new"), -1));
            assertEquals(0, w.header().err(), "acknowledged by the leader and the other follower");
            long indexes = followerLog.readIndexCount();
            int syncXid = reader.nextXid();
            reader.write(concat(reader.frame(OpCode.SYNC, new SyncRequest("/gap")),
                    reader.frame(OpCode.GET_DATA, new GetDataRequest("/gap", false))));
            ensemble.eventually("the follower asked for a read index", () -> followerLog.readIndexCount() > indexes);
            assertEquals(0, reader.socket().getInputStream().available(),
                    "nothing answered while the follower has not received the write");
            hold.countDown();
            ReplyFrame sync = reader.readReply();
            assertEquals(syncXid, sync.xid());
            assertEquals(0, sync.header().err());
            ReplyFrame read = reader.readReply();
            assertEquals(syncXid + 1, read.xid());
            GetDataResponse data = (GetDataResponse) read.response();
            assertEquals("new", new String(data.data().toByteArray(), StandardCharsets.UTF_8),
                    "the read after the sync sees the write acknowledged before it");
            assertEquals(w.header().zxid(), data.stat().mzxid());
        } finally {
            hold.countDown();
            org.apache.ratis.util.CodeInjectionForTesting.remove(APPEND_ENTRIES);
        }
    }

    @Test
    void pipelinedWritesSyncsAndReadsOfASessionAreAnsweredInItsOrderOnLeaderAndFollower() throws Exception {
        int leader = ensemble.leader();
        int follower = ensemble.follower(leader, -1);
        for (int server : new int[] {leader, follower}) {
            try (RawClient c = ensemble.session(server)) {
                pipelinedInOrder(c, "/order" + server, 15);
            }
        }
    }

    /**
     * Sends {@code rounds} times (setData, sync, getData, sync, setData, getData) without waiting,
     * then checks that the replies come in xid order and each read sees the session's writes before it.
     */
    static void pipelinedInOrder(RawClient c, String path, int rounds) throws IOException {
        assertEquals(0, create(c, path, "0", 0).header().err());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<Object[]> expected = new ArrayList<>(); // {xid, op, data the read must see or null}
        for (int r = 0; r < rounds; r++) {
            String one = r + "a";
            String two = r + "b";
            expected.add(new Object[] {c.nextXid(), OpCode.SET_DATA, null});
            out.writeBytes(c.frame(OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(one), -1)));
            expected.add(new Object[] {c.nextXid(), OpCode.SYNC, null});
            out.writeBytes(c.frame(OpCode.SYNC, new SyncRequest(path)));
            expected.add(new Object[] {c.nextXid(), OpCode.GET_DATA, one});
            out.writeBytes(c.frame(OpCode.GET_DATA, new GetDataRequest(path, false)));
            expected.add(new Object[] {c.nextXid(), OpCode.SYNC, null});
            out.writeBytes(c.frame(OpCode.SYNC, new SyncRequest("/")));
            expected.add(new Object[] {c.nextXid(), OpCode.SET_DATA, null});
            out.writeBytes(c.frame(OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(two), -1)));
            expected.add(new Object[] {c.nextXid(), OpCode.GET_DATA, two});
            out.writeBytes(c.frame(OpCode.GET_DATA, new GetDataRequest(path, false)));
        }
        c.write(out.toByteArray());
        long lastZxid = 0;
        for (Object[] e : expected) {
            ReplyFrame f = c.readReply();
            while (f.xid() == Xids.NOTIFICATION) {
                f = c.readReply();
            }
            assertEquals((int) e[0], f.xid(), "replies in the session's order (" + e[1] + ")");
            assertEquals(0, f.header().err(), e[1] + " xid " + e[0]);
            assertTrue(f.header().zxid() >= lastZxid, "zxids never go back in a session");
            lastZxid = f.header().zxid();
            if (e[2] != null) {
                assertEquals(e[2], new String(((GetDataResponse) f.response()).data().toByteArray(),
                        StandardCharsets.UTF_8), "a read sees the session's earlier writes and none of its later ones");
            }
        }
    }

    @Test
    void aSyncAppendsNothingToTheLog() throws Exception {
        int leader = ensemble.leader();
        int follower = ensemble.follower(leader, -1);
        EnsembleLog leaderLog = (EnsembleLog) ensemble.server(leader).ensembleStatus();
        EnsembleLog followerLog = (EnsembleLog) ensemble.server(follower).ensembleStatus();
        try (RawClient onLeader = ensemble.session(leader); RawClient onFollower = ensemble.session(follower)) {
            int syncs = 100;
            long followerIndexes = followerLog.readIndexCount();
            long leaderIndexes = leaderLog.readIndexCount();
            long before = leaderLog.lastLogIndex();
            long start = System.nanoTime();
            for (int i = 0; i < syncs; i++) {
                assertEquals(0, onFollower.call(OpCode.SYNC, new SyncRequest("/")).header().err());
                assertEquals(0, onLeader.call(OpCode.SYNC, new SyncRequest("/")).header().err());
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            long appended = leaderLog.lastLogIndex() - before;
            // the only entries: each member with traffic logs one touch of its sessions per tickTime/2
            // (250 ms), and the earlier tests' sessions (their sockets closed without closeSession)
            // may expire meanwhile (at most one entry per expiry tick, fewer than 12 sessions); a
            // sync through the log would have cost 2 * syncs entries
            assertTrue(appended <= 12 + 2 * (elapsedMs / 250), appended + " log entries for "
                    + 2 * syncs + " syncs in " + elapsedMs + " ms");
            assertTrue(followerLog.readIndexCount() - followerIndexes >= 1, "the follower's syncs used a ReadIndex");
            assertTrue(leaderLog.readIndexCount() - leaderIndexes >= 1, "the leader's syncs used a ReadIndex");
        }
    }

    @Test
    void withoutALeaderASyncIsNotAnswered(@TempDir Path dir) throws Exception {
        try (InJvmEnsemble own = InJvmEnsemble.builder(dir).members(3).waitMs(WAIT_MS).start()) {
            int leader = own.leader();
            int follower = own.follower(leader, -1);
            int other = own.follower(leader, follower);
            try (RawClient c = own.session(follower)) {
                assertEquals(0, c.call(OpCode.SYNC, new SyncRequest("/")).header().err(), "answered with a leader");
                own.stop(leader);
                own.stop(other);
                int xid = c.send(OpCode.SYNC, new SyncRequest("/"));
                long start = System.nanoTime();
                // four-letter words do not wait behind the sync (ZooKeeper answers them at once)
                String srvr = RawClient.fourLetterWord(own.server(follower).port(), "srvr");
                long srvrMs = (System.nanoTime() - start) / 1_000_000;
                assertTrue(srvr.contains("Mode: ") || srvr.contains("not currently serving"), srvr);
                assertTrue(srvrMs < 5_000, "srvr answered after " + srvrMs + " ms while a sync waits for a leader");
                // as ZooKeeper's follower without a leader: no reply; the connection closes (the
                // client sees a connection loss and looks for a server with a leader)
                while (true) {
                    ReplyFrame f;
                    try {
                        f = c.readReply();
                    } catch (java.io.EOFException | SocketException e) {
                        break;
                    } catch (java.net.SocketTimeoutException e) {
                        // an append or ReadIndex in flight gives up after unknownOutcomeMs (10 s)
                        assertTrue(System.nanoTime() - start < WAIT_MS * 1_000_000L, "neither answered nor closed");
                        continue;
                    }
                    if (f.xid() == xid) {
                        assertNotEquals(0, f.header().err(), "a sync without a leader must not be answered OK");
                        break;
                    }
                    assertTrue(System.nanoTime() - start < WAIT_MS * 1_000_000L, "still open: " + f);
                }
            }
        }
    }

    @Test
    void withLinearizableReadsPipelinedRequestsStayInOrderAndReadsSeeOtherMembersWrites(@TempDir Path dir)
            throws Exception {
        try (InJvmEnsemble own = InJvmEnsemble.builder(dir).members(3).waitMs(WAIT_MS)
                .extraCfg("warden.linearizableReads=true\n").start()) {
            int leader = own.leader();
            int follower = own.follower(leader, -1);
            try (RawClient c = own.session(follower)) {
                pipelinedInOrder(c, "/lin-order", 10);
            }
            try (RawClient writer = own.session(leader); RawClient reader = own.session(follower)) {
                assertEquals(0, create(writer, "/lin", "0", 0).header().err());
                for (int i = 1; i <= 20; i++) {
                    ReplyFrame w = writer.call(OpCode.SET_DATA, new SetDataRequest("/lin", Bytes.utf8("v" + i), -1));
                    ReplyFrame read = reader.call(OpCode.GET_DATA, new GetDataRequest("/lin", false));
                    assertEquals(0, read.header().err());
                    assertEquals(w.header().zxid(), ((GetDataResponse) read.response()).stat().mzxid(),
                            "a plain read on a follower sees the write acknowledged before it");
                }
            }
        }
    }

    @Test
    void measuredSyncLatencies() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getProperty("warden.soak")),
                "measurements: -Psoak only");
        int leader = ensemble.leader();
        int follower = ensemble.follower(leader, -1);
        StringBuilder line = new StringBuilder("[ensemble] sync p50/p99 us:");
        for (int server : new int[] {leader, follower}) {
            long[] nanos = new long[300];
            try (RawClient c = ensemble.session(server)) {
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    assertEquals(0, c.call(OpCode.SYNC, new SyncRequest("/")).header().err());
                    nanos[i] = System.nanoTime() - t;
                }
            }
            line.append(server == leader ? " leader " : ", follower ").append(p(nanos, 50)).append('/')
                    .append(p(nanos, 99));
        }
        System.out.println(line);
    }

    private static long p(long[] nanos, int percentile) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * percentile / 100)] / 1000;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
