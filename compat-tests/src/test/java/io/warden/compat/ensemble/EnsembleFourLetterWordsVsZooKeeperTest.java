package io.warden.compat.ensemble;

import static io.warden.compat.ensemble.EnsembleProbes.afterClients;
import static io.warden.compat.ensemble.EnsembleProbes.digitsAsN;
import static io.warden.compat.ensemble.EnsembleProbes.labels;
import static io.warden.compat.ensemble.EnsembleProbes.present;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ForkedEnsemble;
import io.warden.server.ServerConfig;
import io.warden.server.ZooCfg;
import io.warden.server.admin.AdminContext;
import io.warden.server.admin.ConnectionInfo;
import io.warden.server.admin.FourLetterWords;
import io.warden.server.admin.ServerStats;
import io.warden.server.admin.WardenVersion;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleView;
import io.warden.server.sequencer.StateSnapshot;
import io.warden.server.state.StateStats;
import io.warden.server.ensemble.ConfigNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four-letter words of a leader, a follower and a server without quorum in a real
 * three-server ZooKeeper 3.9.5 ensemble (forked {@code QuorumPeerMain}s, captured once) against
 * (1) Warden's rendering from {@link EnsembleView}s of the same zoo.cfg files and (2) a real
 * three-server Warden ensemble (forked shaded jars): the line labels of {@code srvr}/{@code stat}
 * (the leader's {@code Proposal sizes last/min/max:} line), the ensemble keys of {@code mntr} and
 * their values, {@code conf}'s keys (and for (1) its quorum part and membership byte for byte, for
 * (2) with numbers masked), {@code /zookeeper/config} through getConfig (text with numbers masked,
 * stat), the refusals of a server that lost its quorum byte for byte, and RECONFIGDISABLED for a
 * reconfig through a follower. About 15-60 s (two ensemble starts, two quorum losses).
 */
class EnsembleFourLetterWordsVsZooKeeperTest {
    private static final Duration BUDGET = Duration.ofSeconds(120);
    private static final int MAX_POLLS = 1000;
    /** The mntr keys that depend on the ensemble role. */
    private static final List<String> ENSEMBLE_KEYS = List.of("zk_server_state", "zk_peer_state", "zk_quorum_size",
            "zk_learners", "zk_synced_followers", "zk_synced_non_voting_followers", "zk_synced_observers",
            "zk_pending_syncs", "zk_leader_uptime", "zk_last_proposal_size", "zk_max_proposal_size",
            "zk_min_proposal_size");
    /** Of those, the ones whose value must be equal for the same situation. */
    private static final List<String> EQUAL_VALUES = List.of("zk_server_state", "zk_peer_state", "zk_quorum_size",
            "zk_learners", "zk_synced_followers", "zk_synced_non_voting_followers", "zk_synced_observers",
            "zk_pending_syncs");
    private static final List<String> WORDS_WHILE_NOT_SERVING = List.of("ruok", "isro", "srvr", "stat", "mntr",
            "conf", "cons", "crst", "srst", "wchs", "wchc", "wchp", "dump", "dirs", "hash");

    /** What one ensemble answered: per role (leader, follower, noQuorum) the words' answers. */
    private record Captured(Map<String, Map<String, String>> byRole, ServerConfig leaderConfig,
            ServerConfig followerConfig, String config, Stat configStat, KeeperException.Code reconfig) {
        String get(String role, String word) {
            return byRole.get(role).get(word);
        }
    }

    private static Captured zooKeeper;

    @BeforeAll
    static void captureZooKeeper() throws Exception {
        try (ForkedEnsemble zk = ForkedEnsemble.builder(ForkedEnsemble.Kind.ZOOKEEPER).size(3).start()) {
            zooKeeper = capture(zk);
        }
    }

    /** Asks the leader and a follower every word, reads /zookeeper/config, then kills the others. */
    private static Captured capture(ForkedEnsemble e) throws Exception {
        Deadline deadline = Deadline.after(BUDGET);
        e.awaitAllServing(deadline.remaining());
        int leader = e.awaitLeader(deadline.remaining());
        int follower = leader == 1 ? 2 : 1;
        int other = 6 - leader - follower;
        // ZooKeeper serves a moment before it enters broadcast (zk_peer_state "... - synchronization")
        awaitBroadcast(e, leader, deadline);
        awaitBroadcast(e, follower, deadline);
        Map<String, Map<String, String>> byRole = new LinkedHashMap<>();
        byRole.put("leader", ask(e, leader, List.of("srvr", "stat", "mntr", "conf")));
        byRole.put("follower", ask(e, follower, List.of("srvr", "stat", "mntr", "conf")));
        Stat stat = new Stat();
        String config = getConfig(e.clientPort(follower), stat, deadline);
        KeeperException.Code reconfig = EnsembleProbes.reconfigError(e.clientPort(follower),
                "server.9=127.0.0.1:1:2:participant;3", deadline);
        ServerConfig leaderConfig = configOf(e, leader);
        ServerConfig followerConfig = configOf(e, follower);
        // Without a quorum the follower stops serving (after syncLimit * tickTime at most).
        e.kill(leader);
        e.kill(other);
        awaitNotServing(e, follower, deadline);
        byRole.put("noQuorum", ask(e, follower, WORDS_WHILE_NOT_SERVING));
        return new Captured(byRole, leaderConfig, followerConfig, config, stat, reconfig);
    }

    private static void awaitBroadcast(ForkedEnsemble e, int id, Deadline deadline) throws IOException {
        String state = "";
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired(); poll++) {
            state = String.valueOf(EnsembleProbes.mntr(e.fourLetterWord(id, "mntr")).get("zk_peer_state"));
            if (state.endsWith(" - broadcast")) {
                return;
            }
            EnsembleProbes.pause();
        }
        throw new IOException("server " + id + " not in broadcast: " + state);
    }

    private static Map<String, String> ask(ForkedEnsemble e, int id, List<String> words) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String word : words) {
            out.put(word, e.fourLetterWord(id, word));
        }
        return out;
    }

    private static ServerConfig configOf(ForkedEnsemble e, int id) {
        return ZooCfg.parseArgs(List.of(e.dataDir(id).resolveSibling("zoo.cfg").toString()), Map.of()).config();
    }

    @Test
    void renderedLeaderFollowerAndNoQuorumAsZooKeeper() throws Exception {
        Warden leaderWords = Warden.of(zooKeeper.leaderConfig());
        leaderWords.view.set(leaderWords.view("leader", leaderWords.config.ensemble().myId(), true));
        Warden followerWords = Warden.of(zooKeeper.followerConfig());
        long leaderId = zooKeeper.leaderConfig().ensemble().myId();
        followerWords.view.set(followerWords.view("follower", leaderId, true));
        for (String role : List.of("leader", "follower")) {
            Warden ours = role.equals("leader") ? leaderWords : followerWords;
            Map<String, String> mine = new LinkedHashMap<>();
            for (String word : List.of("srvr", "stat", "mntr", "conf")) {
                mine.put(word, ours.render(word));
            }
            compareRole(zooKeeper.byRole().get(role), mine, role, true);
        }
        followerWords.view.set(followerWords.view("looking", -1, false));
        for (String word : WORDS_WHILE_NOT_SERVING) {
            assertEquals(zooKeeper.get("noQuorum", word), followerWords.render(word), word + " without quorum");
        }
    }

    @Test
    void wardenEnsembleAsZooKeeper() throws Exception {
        Captured warden;
        try (ForkedEnsemble e = ForkedEnsemble.builder(ForkedEnsemble.Kind.WARDEN).size(3).heapMb(384).start()) {
            warden = capture(e);
        }
        for (String role : List.of("leader", "follower")) {
            compareRole(zooKeeper.byRole().get(role), warden.byRole().get(role), role, false);
            String theirConf = zooKeeper.get(role, "conf");
            String ourConf = warden.get(role, "conf");
            assertEquals(digitsAsN(theirConf.substring(theirConf.indexOf("serverId="))),
                    digitsAsN(ourConf.substring(ourConf.indexOf("serverId="))), role + " conf quorum part but numbers");
        }
        assertEquals(digitsAsN(zooKeeper.config()), digitsAsN(warden.config()), "/zookeeper/config but numbers");
        assertEquals(ConfigNode.content(warden.followerConfig().ensemble()), warden.config());
        Stat z = zooKeeper.configStat();
        Stat w = warden.configStat();
        assertEquals(List.of(z.getCzxid(), z.getMzxid(), z.getCtime(), z.getVersion(), z.getAversion(),
                z.getNumChildren()), List.of(w.getCzxid(), w.getMzxid(), w.getCtime(), w.getVersion(),
                w.getAversion(), w.getNumChildren()), "/zookeeper/config stat but mtime and size");
        for (String word : WORDS_WHILE_NOT_SERVING) {
            assertEquals(zooKeeper.get("noQuorum", word), warden.get("noQuorum", word), word + " without quorum");
        }
        // reconfigEnabled=false (the default): a reconfig through a follower is refused
        assertEquals(KeeperException.Code.RECONFIGDISABLED, zooKeeper.reconfig());
        assertEquals(KeeperException.Code.RECONFIGDISABLED, warden.reconfig());
    }
    /** getConfig (the official client's getData of /zookeeper/config). */
    private static String getConfig(int port, Stat stat, Deadline deadline) throws Exception {
        try (ZooKeeper client = EnsembleProbes.connect(port, deadline)) {
            return new String(client.getConfig(false, stat), StandardCharsets.UTF_8);
        }
    }

    /**
     * Compares one role's answers: srvr/stat line labels and Mode, the leader's proposal sizes
     * format, mntr's ensemble keys and their values; conf's keys, and with {@code sameConfig}
     * (rendered from the same zoo.cfg) its quorum part and membership byte for byte.
     */
    private static void compareRole(Map<String, String> zk, Map<String, String> ours, String role, boolean sameConfig) {
        String theirSrvr = zk.get("srvr");
        String ourSrvr = ours.get("srvr");
        assertEquals(labels(theirSrvr, ':'), labels(ourSrvr, ':'), role + " srvr lines:\n" + theirSrvr + "\n" + ourSrvr);
        assertEquals(line(theirSrvr, "Mode:"), line(ourSrvr, "Mode:"), role);
        if (role.equals("leader")) {
            assertTrue(line(theirSrvr, "Proposal sizes last/min/max:").matches(".*: -?\\d+/-?\\d+/-?\\d+"), theirSrvr);
            assertTrue(line(ourSrvr, "Proposal sizes last/min/max:").matches(".*: -?\\d+/-?\\d+/-?\\d+"), ourSrvr);
        }
        assertEquals(labels(afterClients(zk.get("stat")), ':'), labels(afterClients(ours.get("stat")), ':'),
                role + " stat");

        Map<String, String> theirs = EnsembleProbes.mntr(zk.get("mntr"));
        Map<String, String> mine = EnsembleProbes.mntr(ours.get("mntr"));
        assertEquals(List.copyOf(theirs.keySet()).subList(0, 3), List.copyOf(mine.keySet()).subList(0, 3),
                role + " mntr starts with version, server state, peer state");
        assertEquals(present(theirs, ENSEMBLE_KEYS), present(mine, ENSEMBLE_KEYS), role + " mntr ensemble keys");
        for (String key : EQUAL_VALUES) {
            assertEquals(theirs.get(key), mine.get(key), role + " " + key);
        }
        for (String key : present(theirs, ENSEMBLE_KEYS)) {
            if (!EQUAL_VALUES.contains(key)) {
                assertTrue(theirs.get(key).matches("-?\\d+") && mine.get(key).matches("-?\\d+"),
                        role + " " + key + ": " + theirs.get(key) + " / " + mine.get(key));
            }
        }
        Set<String> extra = new TreeSet<>(mine.keySet());
        extra.removeAll(theirs.keySet());
        extra.remove("zk_last_zxid"); // Warden's own addition, also standalone
        assertEquals(Set.of(), extra, role + " mntr keys ZooKeeper does not print");

        String theirConf = zk.get("conf");
        String ourConf = ours.get("conf");
        assertEquals(labels(theirConf, '='), labels(ourConf, '='), role + " conf keys");
        if (sameConfig) {
            assertEquals(theirConf.substring(theirConf.indexOf("serverId=")),
                    ourConf.substring(ourConf.indexOf("serverId=")), role + " conf quorum part and membership");
        }
    }

    private static void awaitNotServing(ForkedEnsemble zk, int id, Deadline deadline) throws IOException {
        String last = "";
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired(); poll++) {
            try {
                last = zk.fourLetterWord(id, "srvr");
            } catch (IOException e) {
                last = e.toString();
            }
            if (last.equals(FourLetterWords.NOT_SERVING)) {
                return;
            }
            EnsembleProbes.pause();
        }
        throw new IOException("server " + id + " still serving without quorum: " + last);
    }
    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no " + prefix + " line)");
    }

    /** Warden's words for server {@code id} of the ensemble's zoo.cfg, with a settable view. */
    private record Warden(ServerConfig config, FourLetterWords words, AtomicReference<EnsembleView> view) {
        static Warden of(ServerConfig config) {
            AtomicReference<EnsembleView> view = new AtomicReference<>();
            FourLetterWords words = new FourLetterWords(config, context(config.clientPort()), WardenVersion.current(),
                    InstantSource.system(), view::get);
            return new Warden(config, words, view);
        }

        EnsembleView view(String mode, long leaderId, boolean serving) {
            EnsembleConfig e = config.ensemble();
            List<EnsembleView.Learner> learners = mode.equals("leader")
                    ? e.members().stream().filter(m -> m.id() != e.myId())
                            .map(m -> new EnsembleView.Learner(m.id(), m.role(), true)).toList()
                    : List.of();
            return new EnsembleView(mode, e.myId(), leaderId, e.participants().size(), learners, 0, 0, 0, 0,
                    e.members(), e.version(), serving, mode.equals("leader") ? 1000 : 0);
        }

        String render(String word) {
            StateSnapshot snapshot = new StateSnapshot(0x100000000L, new StateStats(5, 224, 0, 0, 0, 0, 0),
                    List.of(), Map.of(), Map.of(), Map.of(), 0);
            return words.render(word, 0, FourLetterWords.needsState(word) ? snapshot : null);
        }
    }

    private static AdminContext context(int clientPort) {
        ServerStats stats = new ServerStats();
        return new AdminContext() {
            @Override
            public int clientPort() {
                return clientPort;
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
