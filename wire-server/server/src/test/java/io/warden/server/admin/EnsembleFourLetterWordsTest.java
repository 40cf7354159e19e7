package io.warden.server.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.ServerConfig;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleParser;
import io.warden.server.ensemble.EnsembleStatus;
import io.warden.server.ensemble.EnsembleView;
import io.warden.server.ensemble.ServerRole;
import io.warden.server.sequencer.StateSnapshot;
import io.warden.server.state.StateStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ensemble parts of the four-letter words, rendered from real {@link EnsembleView}s of a
 * three-server configuration, against what ZooKeeper 3.9.5 prints (captured from a real
 * three-server QuorumPeerMain ensemble; see compat-tests' EnsembleFourLetterWordsVsZooKeeperTest).
 */
class EnsembleFourLetterWordsTest {
    /** ZooKeeper's /zookeeper/config text for the three lines below. */
    private static final String MEMBERSHIP = "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
            + "server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182\n"
            + "server.3=127.0.0.1:2890:3890:participant;0.0.0.0:2183\n"
            + "version=0";

    @TempDir
    Path dir;
    private EnsembleConfig ensemble;
    private ServerConfig config;
    private final AtomicReference<EnsembleView> view = new AtomicReference<>();
    private FourLetterWords words;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(dir.resolve("myid"), "2\n");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.1", "127.0.0.1:2888:3888;2181");
        settings.put("server.2", "127.0.0.1:2889:3889;2182");
        settings.put("server.3", "127.0.0.1:2890:3890;2183");
        settings.put("initLimit", "5");
        settings.put("syncLimit", "2");
        ensemble = EnsembleParser.parse(settings, dir, new ArrayList<>());
        config = ServerConfig.builder().dataDir(dir).clientPort(2182).ensemble(ensemble).build();
        words = new FourLetterWords(config, context(), WardenVersion.current(), InstantSource.fixed(Instant.EPOCH),
                view::get);
    }

    private EnsembleView leader(long last, long min, long max) {
        return new EnsembleView("leader", 2, 2, 3, List.of(new EnsembleView.Learner(1, ServerRole.PARTICIPANT, true),
                new EnsembleView.Learner(3, ServerRole.PARTICIPANT, false)), 4, last, min, max, ensemble.members(), 0,
                true, 1234);
    }

    private EnsembleView follower(boolean serving) {
        return new EnsembleView("follower", 2, 1, 3, List.of(), 0, 0, 0, 0, ensemble.members(), 0, serving);
    }

    private static StateSnapshot snapshot() {
        return new StateSnapshot(0x100000003L, new StateStats(7, 300, 1, 2, 0, 0, 0), List.of(), Map.of(), Map.of(),
                Map.of(), 0);
    }

    private String render(String command) {
        return words.render(command, 0, FourLetterWords.needsState(command) ? snapshot() : null);
    }

    private static Map<String, String> mntr(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.split("\t", 2);
            m.put(kv[0], kv[1]);
        }
        return m;
    }

    @Test
    void leaderSrvrEndsWithModeNodeCountAndProposalSizes() {
        view.set(leader(0, 0, 0));
        assertTrue(render("srvr").endsWith("Zxid: 0x100000003\nMode: leader\nNode count: 7\n"
                + "Proposal sizes last/min/max: -1/-1/-1\n"), render("srvr"));
        view.set(leader(120, 36, 2048));
        assertTrue(render("stat").endsWith("Mode: leader\nNode count: 7\nProposal sizes last/min/max: 120/36/2048\n"),
                render("stat"));
    }

    @Test
    void followerSrvrHasNoProposalSizes() {
        view.set(follower(true));
        String out = render("srvr");
        assertTrue(out.endsWith("Mode: follower\nNode count: 7\n"), out);
        assertFalse(out.contains("Proposal"), out);
    }

    @Test
    void leaderMntrHasThePeerStateQuorumAndLeaderKeys() {
        view.set(leader(120, 36, 2048));
        Map<String, String> m = mntr(render("mntr"));
        assertEquals(List.of("zk_version", "zk_server_state", "zk_peer_state"), List.copyOf(m.keySet()).subList(0, 3));
        assertEquals("leader", m.get("zk_server_state"));
        assertEquals("leading - broadcast", m.get("zk_peer_state"));
        assertEquals("3", m.get("zk_quorum_size"));
        assertEquals("2", m.get("zk_learners"));
        assertEquals("1", m.get("zk_synced_followers"));
        assertEquals("0", m.get("zk_synced_non_voting_followers"));
        assertEquals("0", m.get("zk_synced_observers"));
        assertEquals("4", m.get("zk_pending_syncs"));
        assertEquals("1234", m.get("zk_leader_uptime"));
        assertEquals("120", m.get("zk_last_proposal_size"));
        assertEquals("36", m.get("zk_min_proposal_size"));
        assertEquals("2048", m.get("zk_max_proposal_size"));
        assertFalse(m.containsKey("zk_followers"), "3.4's key, gone in 3.9");
    }

    @Test
    void followerMntrHasThePeerStateAndQuorumButNoLeaderKeys() {
        view.set(follower(true));
        Map<String, String> m = mntr(render("mntr"));
        assertEquals("follower", m.get("zk_server_state"));
        assertEquals("following - broadcast", m.get("zk_peer_state"));
        assertEquals("3", m.get("zk_quorum_size"));
        for (String key : List.of("zk_learners", "zk_synced_followers", "zk_pending_syncs", "zk_last_proposal_size",
                "zk_leader_uptime")) {
            assertFalse(m.containsKey(key), key);
        }
    }

    @Test
    void observerAsZooKeepers() {
        // ZooKeeper 3.9.5, server.4 an observer of a 3-participant ensemble led by 3: Mode: observer and no
        // proposal sizes; mntr zk_peer_state "observing - broadcast", zk_observer_master_id 3,
        // zk_quorum_size 3; conf peerType=1
        view.set(new EnsembleView("observer", 2, 3, 3, List.of(), 0, 0, 0, 0, ensemble.members(), 0, true));
        assertTrue(render("srvr").endsWith("Mode: observer\nNode count: 7\n"), render("srvr"));
        Map<String, String> m = mntr(render("mntr"));
        assertEquals(List.of("zk_version", "zk_server_state", "zk_peer_state", "zk_observer_master_id"),
                List.copyOf(m.keySet()).subList(0, 4));
        assertEquals("observing - broadcast", m.get("zk_peer_state"));
        assertEquals("3", m.get("zk_observer_master_id"));
        assertEquals("3", m.get("zk_quorum_size"));
        assertFalse(m.containsKey("zk_learners"));
    }

    @Test
    void leaderCountsObserversAsLearners() {
        // ZooKeeper 3.9.5 leader of 2 followers and 1 observer: zk_learners 3, zk_synced_observers 1
        view.set(new EnsembleView("leader", 2, 2, 3, List.of(new EnsembleView.Learner(1, ServerRole.PARTICIPANT, true),
                new EnsembleView.Learner(3, ServerRole.PARTICIPANT, true),
                new EnsembleView.Learner(4, ServerRole.OBSERVER, true)), 0, 0, 0, 0, ensemble.members(), 0, true));
        Map<String, String> m = mntr(render("mntr"));
        assertEquals("3", m.get("zk_learners"));
        assertEquals("2", m.get("zk_synced_followers"));
        assertEquals("1", m.get("zk_synced_observers"));
    }

    @Test
    void standaloneMntrHasNoEnsembleKeys() {
        words = new FourLetterWords(config, context(), WardenVersion.current(), InstantSource.fixed(Instant.EPOCH),
                EnsembleStatus.STANDALONE);
        Map<String, String> m = mntr(render("mntr"));
        assertEquals("standalone", m.get("zk_server_state"));
        assertFalse(m.containsKey("zk_peer_state"));
        assertFalse(m.containsKey("zk_quorum_size"));
        assertTrue(render("conf").endsWith("serverId=0\n"), render("conf"));
    }

    @Test
    void confHasTheQuorumPartAndMembership() {
        view.set(follower(true));
        String out = render("conf");
        assertTrue(out.startsWith("clientPort=2182\nsecureClientPort=-1\n"), out);
        assertTrue(out.endsWith("clientPortListenBacklog=-1\nserverId=2\ninitLimit=5\nsyncLimit=2\nelectionAlg=3\n"
                + "electionPort=3889\nquorumPort=2889\npeerType=0\nmembership: \n" + MEMBERSHIP), out);
    }

    @Test
    void notServingRefusesAsZooKeeper() {
        view.set(follower(false));
        for (String command : List.of("srvr", "stat", "mntr", "conf", "cons", "crst", "srst", "wchs", "wchc", "wchp",
                "dump", "dirs")) {
            assertEquals(FourLetterWords.NOT_SERVING, render(command), command);
        }
        assertEquals("This ZooKeeper instance is not currently serving requests", render("hash"));
        assertEquals("null", render("isro"));
        assertEquals("imok", render("ruok"));
        assertTrue(render("envi").startsWith("Environment:\n"));
        assertEquals("306", render("gtmk"));
        view.set(follower(true));
        assertEquals("rw", render("isro"));
        // looking for a leader: ZooKeeper has no server then, even if Warden still keeps its clients
        view.set(new EnsembleView("looking", 2, -1, 3, List.of(), 0, 0, 0, 0, ensemble.members(), 0, true));
        assertEquals(FourLetterWords.NOT_SERVING, render("srvr"));
        assertEquals(FourLetterWords.NOT_SERVING, render("mntr"));
        assertEquals("null", render("isro"));
    }

    @Test
    void aGroupOfOneIsTheLeaderOfAOneVoteQuorum() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("myid"), "1\n");
        EnsembleConfig group = EnsembleParser.parse(Map.of("standaloneEnabled", "false", "initLimit", "5",
                "syncLimit", "2", "server.1", "127.0.0.1:2888:3888;2181"), one, new ArrayList<>());
        ServerConfig groupConfig = ServerConfig.builder().dataDir(one).clientPort(2181).ensemble(group).build();
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(5_000);
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        words = new FourLetterWords(groupConfig, context(), WardenVersion.current(), clock,
                EnsembleStatus.groupOfOne(group, clock));
        now.addAndGet(1500);
        assertTrue(render("srvr").endsWith("Mode: leader\nNode count: 7\nProposal sizes last/min/max: -1/-1/-1\n"),
                render("srvr"));
        Map<String, String> m = mntr(render("mntr"));
        assertEquals("leading - broadcast", m.get("zk_peer_state"));
        assertEquals("1", m.get("zk_quorum_size"));
        assertEquals("0", m.get("zk_learners"));
        assertEquals("0", m.get("zk_synced_followers"));
        assertEquals("1500", m.get("zk_leader_uptime"));
        assertTrue(render("conf").endsWith("serverId=1\ninitLimit=5\nsyncLimit=2\nelectionAlg=3\nelectionPort=3888\n"
                + "quorumPort=2888\npeerType=0\nmembership: \nserver.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
                + "version=0"), render("conf"));
        // a server that runs the group alone passes STANDALONE: the words know it from the config
        words = new FourLetterWords(groupConfig, context(), WardenVersion.current(), clock);
        assertTrue(render("srvr").contains("\nMode: leader\n"), render("srvr"));
        assertEquals("1", mntr(render("mntr")).get("zk_quorum_size"));
    }

    private static AdminContext context() {
        ServerStats stats = new ServerStats();
        return new AdminContext() {
            @Override
            public int clientPort() {
                return 2182;
            }

            @Override
            public List<ConnectionInfo> connections() {
                return List.of();
            }

            @Override
            public int outstandingRequests() {
                return 0;
            }

            @Override
            public ServerStats stats() {
                return stats;
            }

            @Override
            public void resetConnectionStats() {
            }
        };
    }
}
