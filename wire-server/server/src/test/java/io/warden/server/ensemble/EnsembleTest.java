package io.warden.server.ensemble;

import static io.warden.server.testing.InJvmEnsemble.create;
import static io.warden.server.testing.InJvmEnsemble.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import io.warden.server.testing.InJvmEnsemble;
import io.warden.server.testing.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Warden servers in one JVM replicated on Apache Ratis (docs/ensemble-design.md), each
 * started from a zoo.cfg with server lines and a myid file, all on 127.0.0.1 with free ports:
 * writes accepted by every server and applied everywhere with the same zxid, per-session order,
 * watches across servers, sessions that survive their server, leader failover without losing an
 * acknowledged write, expiry decided by the leader, sync on a follower.
 */
class EnsembleTest {
    private static final long WAIT_NANOS = 30_000_000_000L;

    @TempDir
    Path dir;

    private InJvmEnsemble ensemble;

    @AfterEach
    void closeAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private void startEnsemble(int n) throws Exception {
        startEnsemble(n, 4000, "");
    }

    private void startEnsemble(int n, int minSessionTimeoutMs) throws Exception {
        startEnsemble(n, minSessionTimeoutMs, "");
    }

    /**
     * Starts {@code n} members (tickTime 500 ms, elections 0.8-1.6 s, a member without leader
     * contact for {@code minSessionTimeoutMs} stops serving); returns once one leads and all serve.
     */
    private void startEnsemble(int n, int minSessionTimeoutMs, String extraCfg) throws Exception {
        ensemble = InJvmEnsemble.builder(dir).members(n).minSessionTimeoutMs(minSessionTimeoutMs).extraCfg(extraCfg)
                .waitMs(WAIT_NANOS / 1_000_000).start();
    }

    private static void eventually(String what, Callable<Boolean> condition) throws Exception {
        InJvmEnsemble.eventually(what, WAIT_NANOS / 1_000_000, condition);
    }

    private int leader() throws Exception {
        return ensemble.leader();
    }

    private int follower(int leader, int skip) {
        return ensemble.follower(leader, skip);
    }

    private RawClient session(int server) throws Exception {
        return ensemble.session(server);
    }

    private void sameEverywhere(String path, Stat expected) throws Exception {
        ensemble.sameEverywhere(path, expected);
    }

    @Test
    void aWriteOnAFollowerIsAppliedEverywhereWithTheSameZxidAndStatInSessionOrder() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int follower = follower(leader, -1);
        try (RawClient c = session(follower)) {
            assertEquals(ensemble.server(follower).ensembleStatus().view().myId(), c.sessionId() >>> 56,
                    "session ids carry the myid of the server that created them");
            ReplyFrame created = create(c, "/a", "x", 0);
            assertEquals(0, created.header().err());
            Stat stat = stat(c, "/a");
            assertEquals(created.header().zxid(), stat.czxid(), "read-your-writes on the connected server");
            sameEverywhere("/a", stat);
            // per-session FIFO: pipelined writes answered in order, with increasing zxids, and a
            // read after them sees the last one
            int n = 30;
            int[] xids = new int[n];
            for (int i = 0; i < n; i++) {
                xids[i] = c.send(OpCode.SET_DATA, new SetDataRequest("/a", Bytes.utf8("v" + i), i));
            }
            long lastZxid = created.header().zxid();
            for (int i = 0; i < n; i++) {
                ReplyFrame f = c.readReply();
                assertEquals(xids[i], f.xid());
                assertEquals(0, f.header().err(), "version " + i + " in order");
                assertTrue(f.header().zxid() > lastZxid);
                lastZxid = f.header().zxid();
            }
            GetDataResponse r = (GetDataResponse) c.call(OpCode.GET_DATA, new GetDataRequest("/a", false)).response();
            assertEquals("v" + (n - 1), new String(r.data().toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(lastZxid, r.stat().mzxid());
            sameEverywhere("/a", r.stat());
        }
        try (RawClient c = session(leader)) {
            ReplyFrame created = create(c, "/b", "y", 0);
            sameEverywhere("/b", stat(c, "/b"));
            assertTrue(created.header().zxid() > 0);
        }
        // the same dense zxids everywhere
        long[] zxids = new long[3];
        for (int i = 0; i < 3; i++) {
            try (RawClient c = session(i)) {
                eventually("caught up", () -> stat(c, "/b") != null);
                zxids[i] = stat(c, "/b").czxid();
            }
        }
        assertEquals(zxids[0], zxids[1]);
        assertEquals(zxids[0], zxids[2]);
    }

    @Test
    void aWatchSetOnOneServerFiresForAWriteMadeOnAnother() throws Exception {
        startEnsemble(3);
        try (RawClient writer = session(2); RawClient watcher = session(1)) {
            assertEquals(0, create(writer, "/w", "0", 0).header().err());
            eventually("/w on server 2", () -> stat(watcher, "/w") != null);
            assertEquals(0, watcher.call(OpCode.GET_DATA, new GetDataRequest("/w", true)).header().err());
            ReplyFrame set = writer.call(OpCode.SET_DATA, new SetDataRequest("/w", Bytes.utf8("1"), -1));
            assertEquals(0, set.header().err());
            ReplyFrame event = watcher.readReply();
            assertEquals(Xids.NOTIFICATION, event.xid());
            WatcherEvent e = (WatcherEvent) event.response();
            assertEquals(3, e.type(), "NodeDataChanged");
            assertEquals("/w", e.path());
            assertEquals(set.header().zxid(), event.header().zxid());
        }
    }

    @Test
    void aSessionKeepsItsEphemeralsWhenItsServerGoesAwayAndItReattachesElsewhere() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int home = follower(leader, -1);
        int other = follower(leader, home);
        long sessionId;
        Bytes password;
        long lastZxid;
        try (RawClient c = session(home)) {
            sessionId = c.sessionId();
            password = c.password();
            assertEquals(0, create(c, "/watched", "0", 0).header().err());
            lastZxid = create(c, "/eph", "e", 1).header().zxid();
            ensemble.server(home).close();
        }
        // a change the client misses while it moves
        try (RawClient w = session(leader)) {
            assertEquals(0, w.call(OpCode.SET_DATA, new SetDataRequest("/watched", Bytes.utf8("1"), -1)).header()
                    .err());
        }
        try (RawClient c = new RawClient(ensemble.server(other).port())) {
            // the other server may not have applied lastZxid yet: then it closes the socket and the
            // client tries again (as ZooKeeper's clients do)
            eventually("re-attached", () -> {
                try (RawClient probe = new RawClient(ensemble.server(other).port())) {
                    ConnectResponse r = probe.connect(new ConnectRequest(lastZxid, 30_000, sessionId, password,
                            false));
                    return r.timeOut() > 0;
                } catch (IOException e) {
                    return false;
                }
            });
            ConnectResponse r = c.connect(new ConnectRequest(lastZxid, 30_000, sessionId, password, false));
            assertEquals(sessionId, r.sessionId());
            assertTrue(r.timeOut() > 0, "the session is valid on another server");
            // setWatches catch-up from the zxid the client had seen: the missed change fires at once
            int xid = c.send(OpCode.SET_WATCHES, new io.warden.protocol.request.SetWatches(lastZxid,
                    List.of("/watched"), List.of(), List.of()));
            boolean fired = false;
            boolean answered = false;
            for (int i = 0; i < 3 && !(fired && answered); i++) {
                ReplyFrame f = c.readReply();
                if (f.xid() == Xids.NOTIFICATION) {
                    fired |= ((WatcherEvent) f.response()).path().equals("/watched")
                            && ((WatcherEvent) f.response()).type() == 3;
                } else {
                    assertEquals(xid, f.xid());
                    answered = true;
                }
            }
            assertTrue(fired, "NodeDataChanged for the change made while the client moved");
            Stat s = stat(c, "/eph");
            assertEquals(sessionId, s.ephemeralOwner());
            assertEquals(0, c.call(OpCode.SET_DATA, new SetDataRequest("/eph", Bytes.utf8("moved"), -1)).header()
                    .err());
            assertEquals(0, c.call(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE).header().err());
        }
        try (RawClient c = session(leader)) {
            eventually("/eph deleted by the close", () -> stat(c, "/eph") == null);
        }
    }

    @Test
    void aWriteThroughTheServerASessionMovedAwayFromClosesTheConnectionAndIsNotApplied() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int home = follower(leader, -1);
        try (RawClient old = session(home); RawClient moved = new RawClient(ensemble.server(leader).port())) {
            ConnectResponse r = moved.connect(new ConnectRequest(0, 30_000, old.sessionId(), old.password(), false));
            assertEquals(old.sessionId(), r.sessionId());
            assertTrue(r.timeOut() > 0, "re-attached on the leader");
            // the old connection stays open (ZooKeeper does not close it either) until it is used
            old.socket().setSoTimeout(1000);
            assertFalse(old.closedWithoutData(), "still open");
            old.socket().setSoTimeout(RawClient.READ_TIMEOUT_MS);
            // a read on a follower is served locally, as ZooKeeper's follower does
            assertEquals(0, old.call(OpCode.EXISTS, new ExistsRequest("/", false)).header().err());
            old.send(OpCode.CREATE, new CreateRequest("/moved", Bytes.utf8("x"), Acl.OPEN_ACL_UNSAFE, 0));
            assertTrue(old.closedWithoutData(), "SESSIONMOVED: closed without a reply");
            assertEquals(0, moved.call(OpCode.SYNC, new io.warden.protocol.request.SyncRequest("/")).header().err());
            assertNull(stat(moved, "/moved"), "the write was not applied");
            // the leader refuses a read of a session that moved to a follower
            try (RawClient back = new RawClient(ensemble.server(home).port())) {
                ConnectResponse again = back.connect(new ConnectRequest(0, 30_000, old.sessionId(), old.password(),
                        false));
                assertTrue(again.timeOut() > 0, "re-attached on the follower");
                // once the leader has applied the claim (committed before the ConnectResponse)
                eventually("the leader closes a moved session's read", () -> {
                    try {
                        moved.call(OpCode.EXISTS, new ExistsRequest("/", false));
                        return false;
                    } catch (IOException e) {
                        return true;
                    }
                });
                assertEquals(0, create(back, "/moved", "x", 0).header().err(), "the owner writes");
            }
        }
    }

    @Test
    void aNewLeaderTakesOverAndNoAcknowledgedWriteIsLost() throws Exception {
        // followers keep serving through the election: no leader contact for up to 8 s is tolerated
        startEnsemble(3, 8000);
        int leader = leader();
        int f1 = follower(leader, -1);
        List<String> acked = new ArrayList<>();
        try (RawClient c = session(f1)) {
            for (int i = 0; i < 20; i++) {
                assertEquals(0, create(c, "/before" + i, "x", 0).header().err());
                acked.add("/before" + i);
            }
            long t0 = System.nanoTime();
            ensemble.server(leader).close();
            int newLeader = leader();
            long electedMs = (System.nanoTime() - t0) / 1_000_000;
            assertNotEquals(leader, newLeader);
            // the client's connection to a surviving follower keeps working
            long firstWriteMs = -1;
            for (int i = 0; i < 20; i++) {
                ReplyFrame f = create(c, "/after" + i, "x", 0);
                assertEquals(0, f.header().err());
                if (firstWriteMs < 0) {
                    firstWriteMs = (System.nanoTime() - t0) / 1_000_000;
                }
                acked.add("/after" + i);
            }
            System.out.println("[ensemble] leader closed: new leader after " + electedMs + " ms, first write after "
                    + firstWriteMs + " ms");
        }
        for (int i = 0; i < ensemble.size(); i++) {
            if (ensemble.server(i).isRunning()) {
                try (RawClient c = session(i)) {
                    for (String p : acked) {
                        eventually(p + " on server " + (i + 1), () -> stat(c, p) != null);
                    }
                }
            }
        }
    }

    @Test
    void onlyTheLeaderExpiresAVanishedSessionAndItsEphemeralsGoEverywhere() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int home = follower(leader, -1);
        long sessionId;
        try (RawClient c = new RawClient(ensemble.server(home).port())) {
            ConnectResponse r = c.connect(new ConnectRequest(0, 4_000, 0, Bytes.wrapOwned(new byte[16]), false));
            sessionId = r.sessionId();
            assertEquals(0, create(c, "/vanishing", "v", 1).header().err());
            // the client vanishes without closeSession
        }
        try (RawClient c = session(leader)) {
            eventually("the session expired", () -> stat(c, "/vanishing") == null);
        }
        for (int i = 0; i < ensemble.size(); i++) {
            try (RawClient c = session(i)) {
                eventually("/vanishing gone on server " + (i + 1), () -> stat(c, "/vanishing") == null);
            }
            int server = i;
            eventually("session forgotten on server " + (i + 1), () -> !hasSession(ensemble.server(server), sessionId));
        }
    }

    @Test
    void aMemberCutOffFromTheLeaderStopsServingUntilALeaderIsBack() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int lonely = follower(leader, -1);
        int other = follower(leader, lonely);
        try (RawClient c = session(lonely)) {
            assertEquals(0, create(c, "/kept", "k", 0).header().err());
            ensemble.server(leader).close();
            ensemble.server(other).close();
            // no leader contact for minSessionTimeout (4 s): the client is disconnected
            assertTrue(c.closedEventually(), "the client's connection is closed");
        }
        eventually("not serving", () -> !ensemble.server(lonely).ensembleStatus().view().serving());
        try (RawClient refused = new RawClient(ensemble.server(lonely).port())) {
            refused.write(RawClient.encode(new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false)));
            assertTrue(refused.closedWithoutData(), "a new client is refused while not serving");
        }
        // a member restarts on its data: a leader again, the lonely member serves again
        ensemble.restart(other);
        leader();
        eventually("serving again", () -> ensemble.server(lonely).ensembleStatus().view().serving());
        try (RawClient c = session(lonely)) {
            assertTrue(stat(c, "/kept") != null);
            assertEquals(0, create(c, "/later", "l", 0).header().err());
            sameEverywhere("/later", stat(c, "/later"));
        }
    }

    private static boolean hasSession(WardenServer server, long sessionId) throws IOException {
        String dump = RawClient.fourLetterWord(server.port(), "dump");
        assertTrue(dump.contains("Session"), dump);
        return dump.contains("0x" + Long.toHexString(sessionId));
    }

    @Test
    void aReadAfterSyncOnAFollowerSeesEveryWriteCommittedBeforeTheSync() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int follower = follower(leader, -1);
        try (RawClient writer = session(leader); RawClient reader = session(follower)) {
            assertEquals(0, create(writer, "/s", "0", 0).header().err());
            for (int i = 1; i <= 30; i++) {
                ReplyFrame w = writer.call(OpCode.SET_DATA, new SetDataRequest("/s", Bytes.utf8(String.valueOf(i)),
                        -1));
                assertEquals(0, w.header().err());
                ReplyFrame sync = reader.call(OpCode.SYNC, new SyncRequest("/s"));
                assertEquals(0, sync.header().err());
                assertTrue(sync.header().zxid() >= w.header().zxid(), "sync answered after the write is applied");
                ReplyFrame read = reader.call(OpCode.GET_DATA, new GetDataRequest("/s", false));
                assertEquals(ErrorCode.OK.code(), read.header().err());
                assertEquals(w.header().zxid(), ((GetDataResponse) read.response()).stat().mzxid(),
                        "read after sync sees the write acknowledged before it");
            }
        }
    }

    @Test
    void aWholeEnsembleRestartKeepsDataZxidsAndSessions() throws Exception {
        // snapshots every 4 transactions: the restart loads one and replays the log after it
        startEnsemble(3, 4000, "snapCount=4\n");
        Stat before;
        long sessionId;
        Bytes password;
        long lastZxid;
        try (RawClient c = session(follower(leader(), -1))) {
            sessionId = c.sessionId();
            password = c.password();
            for (int i = 0; i < 10; i++) {
                create(c, "/r" + i, "r", 0);
            }
            lastZxid = create(c, "/r-eph", "e", 1).header().zxid();
            before = stat(c, "/r9");
        }
        ensemble.close();
        for (int i = 1; i <= ensemble.size(); i++) {
            try (var files = Files.list(dir.resolve("s" + i).resolve(WardenServer.SNAPSHOT_DIR))) {
                assertTrue(files.findAny().isPresent(), "member " + i + " wrote a snapshot");
            }
        }
        for (int i = 0; i < ensemble.size(); i++) {
            ensemble.restart(i);
        }
        leader();
        sameEverywhere("/r9", before);
        // the session (30 s) is still there: it re-attaches on any member, its ephemeral kept, and
        // writes go on. A connection loss (a member that stops serving after a stall of the loaded
        // machine) is retried; an invalid session is a failure.
        eventually("re-attached and wrote after the restart", () -> {
            try (RawClient c = new RawClient(ensemble.server(0).port())) {
                assertTrue(c.connect(new ConnectRequest(lastZxid, 30_000, sessionId, password, false)).timeOut() > 0,
                        "the session survived the restart");
                assertEquals(sessionId, stat(c, "/r-eph").ephemeralOwner());
                ReplyFrame f = create(c, "/r-after", "a", 0);
                if (f.header().err() == ErrorCode.NODEEXISTS.code()) {
                    return true; // an earlier try's create was applied
                }
                assertEquals(0, f.header().err());
                assertTrue(f.header().zxid() > lastZxid, "zxids go on from where they were");
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aLaggingMemberRevalidatesASessionItDoesNotKnowYet() throws Exception {
        startEnsemble(3);
        int leader = leader();
        int lagging = follower(leader, -1);
        ensemble.server(lagging).close();
        long sessionId;
        Bytes password;
        try (RawClient c = session(leader)) {
            sessionId = c.sessionId();
            password = c.password();
            for (int i = 0; i < 20; i++) {
                create(c, "/lag" + i, "x", 0);
            }
        }
        ensemble.restart(lagging);
        // at once, before it has caught up (lastZxidSeen 0: the client never read a zxid): the
        // member must not call the session expired
        eventually("re-attached on the restarted member", () -> {
            try (RawClient c = new RawClient(ensemble.server(lagging).port())) {
                ConnectResponse r = c.connect(new ConnectRequest(0, 30_000, sessionId, password, false));
                assertTrue(r.timeOut() > 0, "the session is valid on a member that lagged behind its creation");
                assertEquals(sessionId, r.sessionId());
                return true;
            } catch (IOException e) {
                return false; // not serving yet: refused, the client tries again
            }
        });
    }

    @Test
    void fiveMembersReplicateUnderSoak() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getProperty("warden.soak")),
                "five members in one JVM: -Psoak only");
        startEnsemble(5);
        int leader = leader();
        try (RawClient c = session(follower(leader, -1))) {
            assertEquals(0, create(c, "/five", "5", 0).header().err());
            sameEverywhere("/five", stat(c, "/five"));
        }
        ensemble.server(leader).close();
        int next = leader();
        try (RawClient c = session(follower(next, -1))) {
            assertEquals(0, create(c, "/five-after", "5", 0).header().err());
            sameEverywhere("/five-after", stat(c, "/five-after"));
        }
    }

    @Test
    void withLinearizableReadsAFollowerReadSeesEveryWriteAcknowledgedBeforeIt() throws Exception {
        startEnsemble(3, 4000, "warden.linearizableReads=true\n");
        int leader = leader();
        int follower = follower(leader, -1);
        try (RawClient writer = session(leader); RawClient reader = session(follower)) {
            assertEquals(0, create(writer, "/lin", "0", 0).header().err());
            for (int i = 1; i <= 20; i++) {
                ReplyFrame w = writer.call(OpCode.SET_DATA, new SetDataRequest("/lin", Bytes.utf8(String.valueOf(i)),
                        -1));
                ReplyFrame read = reader.call(OpCode.GET_DATA, new GetDataRequest("/lin", false));
                assertEquals(0, read.header().err());
                assertEquals(w.header().zxid(), ((GetDataResponse) read.response()).stat().mzxid(),
                        "a plain read on a follower, no sync: it sees the write acknowledged before it");
            }
        }
    }

    @Test
    void measuredLatencies() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getProperty("warden.soak")),
                "measurements: -Psoak only");
        long[] standalone;
        try (WardenServer single = WardenServer.start(ServerConfig.builder().dataDir(dir.resolve("single"))
                .clientPortAddress("127.0.0.1").clientPort(0).build())) {
            standalone = writes(RawClient.session(single.port()), "/x", 100);
        }
        startEnsemble(3);
        int leader = leader();
        int follower = follower(leader, -1);
        long[] viaLeader = writes(leader, "/l", 100);
        long[] viaFollower = writes(follower, "/f", 100);
        long[] syncs = new long[50];
        try (RawClient c = session(follower)) {
            for (int i = 0; i < syncs.length; i++) {
                long t = System.nanoTime();
                c.call(OpCode.SYNC, new SyncRequest("/"));
                syncs[i] = System.nanoTime() - t;
            }
        }
        System.out.println("[ensemble] write p50/p99 us: standalone " + p(standalone, 50) + "/" + p(standalone, 99)
                + ", via leader " + p(viaLeader, 50) + "/" + p(viaLeader, 99)
                + ", via follower " + p(viaFollower, 50) + "/" + p(viaFollower, 99) + "; sync on a follower "
                + p(syncs, 50) + "/" + p(syncs, 99));
    }

    private long[] writes(int server, String prefix, int n) throws Exception {
        return writes(session(server), prefix, n);
    }

    /** Latencies of {@code n} creates through {@code client}, which is closed after. */
    private static long[] writes(RawClient client, String prefix, int n) throws Exception {
        long[] out = new long[n];
        try (RawClient c = client) {
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                assertEquals(0, create(c, prefix + i, "x", 0).header().err());
                out[i] = System.nanoTime() - t;
            }
        }
        return out;
    }

    private static long p(long[] nanos, int percentile) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * percentile / 100)] / 1000;
    }
}
