package io.warden.server.ensemble;

import static io.warden.server.testing.InJvmEnsemble.create;
import static io.warden.server.testing.InJvmEnsemble.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.server.testing.InJvmEnsemble;
import io.warden.server.testing.RawClient;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observers ({@code :observer} server lines, Ratis listeners) in an in-JVM ensemble of three
 * participants and one or two observers (members 0-2 participants, member 3 = myid 4 an observer): it
 * applies the log with the same zxids, forwards writes and answers them after its own apply,
 * serves watches and sync, shows as an observer in the four-letter words and
 * {@code /zookeeper/config}, catches up after a restart, never leads and never makes a quorum.
 */
class ObserverTest {
    private static final int OBSERVER = 3;

    @TempDir
    Path dir;

    private InJvmEnsemble ensemble;

    @AfterEach
    void closeAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private void start(int observers) throws Exception {
        ensemble = InJvmEnsemble.builder(dir).members(3).observers(observers).minSessionTimeoutMs(4000).start();
    }

    private static Map<String, String> mntr(int port) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : RawClient.fourLetterWord(port, "mntr").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                m.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return m;
    }

    @Test
    void anObserverAppliesForwardsWatchesSyncsReportsItselfAndCatchesUp() throws Exception {
        start(1);
        int leader = ensemble.leader();
        assertTrue(leader < OBSERVER, "a participant leads");
        assertEquals("observer", ensemble.server(OBSERVER).ensembleStatus().view().mode());
        int follower = ensemble.follower(leader, OBSERVER);

        // a write through the observer: answered after its own apply (read-your-writes there),
        // applied everywhere with the same zxid
        try (RawClient c = ensemble.session(OBSERVER)) {
            assertEquals(4, c.sessionId() >>> 56, "session ids carry the observer's myid");
            ReplyFrame created = create(c, "/o", "x", 0);
            assertEquals(0, created.header().err());
            Stat stat = stat(c, "/o");
            assertEquals(created.header().zxid(), stat.czxid(), "read-your-writes on the observer");
            ensemble.sameEverywhere("/o", stat);
        }

        // a watch set on the observer fires for a write made on a participant, with its zxid
        try (RawClient writer = ensemble.session(follower); RawClient watcher = ensemble.session(OBSERVER)) {
            assertEquals(0, watcher.call(OpCode.GET_DATA, new GetDataRequest("/o", true)).header().err());
            ReplyFrame set = writer.call(OpCode.SET_DATA, new SetDataRequest("/o", Bytes.utf8("1"), -1));
            assertEquals(0, set.header().err());
            ReplyFrame event = watcher.readReply();
            assertEquals(Xids.NOTIFICATION, event.xid());
            WatcherEvent e = (WatcherEvent) event.response();
            assertEquals(3, e.type(), "NodeDataChanged");
            assertEquals("/o", e.path());
            assertEquals(set.header().zxid(), event.header().zxid());
        }

        // sync on the observer: a read after it sees every write acknowledged before it
        try (RawClient writer = ensemble.session(leader); RawClient reader = ensemble.session(OBSERVER)) {
            for (int i = 2; i <= 11; i++) {
                ReplyFrame w = writer.call(OpCode.SET_DATA, new SetDataRequest("/o", Bytes.utf8(String.valueOf(i)),
                        -1));
                assertEquals(0, w.header().err());
                ReplyFrame sync = reader.call(OpCode.SYNC, new SyncRequest("/o"));
                assertEquals(0, sync.header().err());
                assertTrue(sync.header().zxid() >= w.header().zxid(), "sync answered after the write is applied");
                ReplyFrame read = reader.call(OpCode.GET_DATA, new GetDataRequest("/o", false));
                assertEquals(w.header().zxid(), ((GetDataResponse) read.response()).stat().mzxid(),
                        "read after sync sees the write acknowledged before it");
            }
        }

        // four-letter words as ZooKeeper 3.9.5's with an observer
        int observerPort = ensemble.server(OBSERVER).port();
        assertTrue(RawClient.fourLetterWord(observerPort, "srvr").contains("\nMode: observer\n"));
        assertTrue(RawClient.fourLetterWord(observerPort, "stat").contains("\nMode: observer\n"));
        Map<String, String> o = mntr(observerPort);
        assertEquals("observer", o.get("zk_server_state"));
        assertEquals("observing - broadcast", o.get("zk_peer_state"));
        assertEquals(String.valueOf(leader + 1), o.get("zk_observer_master_id"));
        assertEquals("3", o.get("zk_quorum_size"), "an observer does not vote");
        ensemble.eventually("the leader counts 2 synced followers and 1 synced observer", () -> {
            Map<String, String> l = mntr(ensemble.server(leader).port());
            return "3".equals(l.get("zk_learners")) && "2".equals(l.get("zk_synced_followers"))
                    && "1".equals(l.get("zk_synced_observers")) && "0".equals(l.get("zk_synced_non_voting_followers"))
                    && "3".equals(l.get("zk_quorum_size"));
        });
        assertTrue(RawClient.fourLetterWord(observerPort, "conf").contains("\npeerType=1\n"));

        // /zookeeper/config lists the observer as ZooKeeper does, on every member
        String expectedConfig = ConfigNode.content(ensemble.config(0).ensemble());
        assertTrue(expectedConfig.contains("server.4=127.0.0.1:"), expectedConfig);
        assertTrue(expectedConfig.lines().anyMatch(l -> l.startsWith("server.4=") && l.contains(":observer;")),
                expectedConfig);
        for (int i : new int[] {leader, OBSERVER}) {
            try (RawClient c = ensemble.session(i)) {
                GetDataResponse r = (GetDataResponse) c.call(OpCode.GET_DATA,
                        new GetDataRequest("/zookeeper/config", false)).response();
                assertEquals(expectedConfig, new String(r.data().toByteArray(), StandardCharsets.UTF_8));
            }
        }

        // the observer stopped, writes go on without it (it is not in the quorum), and after a
        // restart it catches up with the same zxids
        ensemble.stop(OBSERVER);
        Stat later;
        try (RawClient c = ensemble.session(leader)) {
            for (int i = 0; i < 20; i++) {
                assertEquals(0, create(c, "/missed" + i, "m", 0).header().err());
            }
            later = stat(c, "/missed19");
        }
        ensemble.restart(OBSERVER);
        ensemble.eventually("the observer serves again", () -> ensemble.server(OBSERVER).ensembleStatus().view()
                .serving());
        ensemble.sameEverywhere("/missed19", later);
        assertEquals("observer", ensemble.server(OBSERVER).ensembleStatus().view().mode());
    }

    /**
     * Three participants and two observers: with two participants down, the three members left
     * would be a majority of five if observers voted; they are not, and no member leads.
     */
    @Test
    void observersNeverLeadNorMakeAQuorum() throws Exception {
        start(2);
        int first = ensemble.leader();
        assertTrue(first < OBSERVER);
        ensemble.stop(first);
        // a new leader among the two participants left; the observer follows it and writes
        // through it succeed
        int second = ensemble.leader();
        assertNotEquals(OBSERVER, second, "the observer never leads");
        ensemble.eventually("the observer follows the new leader", () -> ensemble.server(OBSERVER).ensembleStatus()
                .view().leaderId() == second + 1 && ensemble.server(OBSERVER).ensembleStatus().view().serving());
        try (RawClient c = ensemble.session(OBSERVER)) {
            ReplyFrame created = create(c, "/after-failover", "f", 0);
            assertEquals(0, created.header().err());
            ensemble.sameEverywhere("/after-failover", stat(c, "/after-failover"));
        }

        // one participant and the two observers left: no quorum (one voter of three). A write
        // through an observer does not succeed, the observers stop serving after noLeaderServingMs
        // (minSessionTimeout, 4 s) and none of the members left leads.
        try (RawClient c = ensemble.session(OBSERVER)) {
            ensemble.stop(second);
            int xid = c.send(OpCode.CREATE, new io.warden.protocol.request.CreateRequest("/no-quorum",
                    Bytes.utf8("n"), io.warden.protocol.data.Acl.OPEN_ACL_UNSAFE, 0));
            assertFalse(succeeded(c, xid), "a write without a quorum does not succeed");
        }
        ensemble.eventually("the observers stop serving", () -> !ensemble.server(OBSERVER).ensembleStatus().view()
                .serving() && !ensemble.server(OBSERVER + 1).ensembleStatus().view().serving());
        // a few election rounds (elections 0.8-1.6 s) with neither member leading
        long until = System.nanoTime() + 4_000_000_000L;
        while (System.nanoTime() - until < 0) {
            for (int i = 0; i < ensemble.size(); i++) {
                if (ensemble.server(i).isRunning()) {
                    assertFalse(ensemble.server(i).ensembleStatus().view().isLeader(),
                            "member " + (i + 1) + " leads without a quorum");
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * An observer whose log ends before the leader's first entry (it was stopped while about 6 MB
     * went through the leader, with snapshots every 4 transactions and the log purged behind them)
     * catches up through the leader's snapshot (Ratis installs to listeners as to followers).
     * About 30-60 s: {@code -Psoak} only.
     */
    @Test
    void anObserverBehindThePurgedLogCatchesUpThroughTheLeadersSnapshot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getProperty("warden.soak")),
                "6 MB through a 4-member ensemble: -Psoak only");
        ensemble = InJvmEnsemble.builder(dir).members(3).observers(1).extraCfg("snapCount=4\n")
                .waitMs(60_000).start();
        int leader = ensemble.leader();
        try (RawClient c = ensemble.session(OBSERVER)) {
            assertEquals(0, create(c, "/before", "b", 0).header().err());
            ensemble.sameEverywhere("/before", stat(c, "/before"));
        }
        ensemble.stop(OBSERVER);
        String value = "v".repeat(40_000);
        Stat last;
        try (RawClient c = ensemble.session(leader)) {
            for (int i = 0; i < 150; i++) {
                assertEquals(0, create(c, "/w" + i, value, 0).header().err(), "write " + i);
            }
            last = stat(c, "/w149");
        }
        long firstIndexBefore = firstLogIndex(leader);
        ensemble.eventually("the leader purged its log (first index " + firstIndexBefore + ")", () -> {
            try (RawClient c = ensemble.session(leader)) {
                create(c, "/tick", "t", 0); // keeps snapshots and purges coming
                c.call(OpCode.DELETE, new io.warden.protocol.request.DeleteRequest("/tick", -1));
            }
            return firstLogIndex(leader) > 100;
        });
        ensemble.restart(OBSERVER);
        ensemble.eventually("the observer serves again", () -> ensemble.server(OBSERVER).ensembleStatus().view()
                .serving());
        ensemble.sameEverywhere("/w149", last);
        assertTrue(((io.warden.server.raft.EnsembleLog) ensemble.server(OBSERVER).ensembleStatus())
                .snapshotsInstalled() >= 1, "caught up through a snapshot install");
        try (RawClient c = ensemble.session(OBSERVER)) {
            ReplyFrame f = create(c, "/after", "a", 0);
            assertEquals(0, f.header().err());
            ensemble.sameEverywhere("/after", stat(c, "/after"));
        }
    }

    /** The first index in member {@code i}'s Ratis log (from its segment file names), or -1. */
    private long firstLogIndex(int i) throws IOException {
        Path logDir = ensemble.dataDir(i).resolve(io.warden.server.raft.EnsembleLog.STORAGE_DIR);
        long first = Long.MAX_VALUE;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(logDir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("log_inprogress_")) {
                    first = Math.min(first, Long.parseLong(name.substring("log_inprogress_".length())));
                } else if (name.startsWith("log_") && name.indexOf('-') > 0) {
                    first = Math.min(first, Long.parseLong(name.substring("log_".length(), name.indexOf('-'))));
                }
            }
        }
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /**
     * Reads until the reply to {@code xid} or the connection's end (within the read timeout, a
     * timeout counting as not succeeded): true only for a successful reply.
     */
    private static boolean succeeded(RawClient c, int xid) throws IOException {
        for (int i = 0; i < 100; i++) {
            ReplyFrame f;
            try {
                f = c.readReply();
            } catch (EOFException | SocketException | java.net.SocketTimeoutException e) {
                return false;
            }
            if (f.xid() == xid) {
                return f.header().err() == 0;
            }
        }
        return false;
    }
}
