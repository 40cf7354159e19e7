package io.warden.compat.ensemble;

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
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Warden's four-letter words for a leader, a follower and a server without quorum, rendered from
 * {@link EnsembleView}s of the same zoo.cfg, against a real three-server ZooKeeper 3.9.5 ensemble
 * (forked {@code QuorumPeerMain}s): the line labels of {@code srvr}/{@code stat} (the leader's
 * {@code Proposal sizes last/min/max:} line), the ensemble keys of {@code mntr} and their values,
 * {@code conf}'s quorum part and membership byte for byte, and the refusals of a server that lost
 * its quorum byte for byte. About 30 s (one ensemble start, one election timeout).
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

    @Test
    void leaderFollowerAndNoQuorumAsZooKeeper() throws Exception {
        Deadline deadline = Deadline.after(BUDGET);
        try (ForkedEnsemble zk = ForkedEnsemble.builder(ForkedEnsemble.Kind.ZOOKEEPER).size(3).start()) {
            zk.awaitAllServing(deadline.remaining());
            int leader = zk.awaitLeader(deadline.remaining());
            int follower = leader == 1 ? 2 : 1;
            int other = 6 - leader - follower;

            Warden leaderWords = Warden.of(zk, leader);
            leaderWords.view.set(leaderWords.view("leader", leader, true));
            compareRole(zk, leader, leaderWords, "leader");

            Warden followerWords = Warden.of(zk, follower);
            followerWords.view.set(followerWords.view("follower", leader, true));
            compareRole(zk, follower, followerWords, "follower");

            // Without a quorum the follower stops serving (after syncLimit * tickTime at most).
            zk.kill(leader);
            zk.kill(other);
            awaitNotServing(zk, follower, deadline);
            followerWords.view.set(followerWords.view("looking", -1, false));
            for (String word : WORDS_WHILE_NOT_SERVING) {
                assertEquals(zk.fourLetterWord(follower, word), followerWords.render(word), word + " without quorum");
            }
        }
    }

    private static void compareRole(ForkedEnsemble zk, int id, Warden ours, String role) throws IOException {
        String theirSrvr = zk.fourLetterWord(id, "srvr");
        String ourSrvr = ours.render("srvr");
        assertEquals(labels(theirSrvr, ':'), labels(ourSrvr, ':'), role + " srvr lines:\n" + theirSrvr + "\n" + ourSrvr);
        assertEquals(line(theirSrvr, "Mode:"), line(ourSrvr, "Mode:"), role);
        if (role.equals("leader")) {
            assertTrue(line(theirSrvr, "Proposal sizes last/min/max:").matches(".*: -?\\d+/-?\\d+/-?\\d+"), theirSrvr);
            assertTrue(line(ourSrvr, "Proposal sizes last/min/max:").matches(".*: -?\\d+/-?\\d+/-?\\d+"), ourSrvr);
        }
        String theirStat = zk.fourLetterWord(id, "stat");
        String ourStat = ours.render("stat");
        assertEquals(labels(afterClients(theirStat), ':'), labels(afterClients(ourStat), ':'), role + " stat");

        Map<String, String> theirs = mntr(zk.fourLetterWord(id, "mntr"));
        Map<String, String> mine = mntr(ours.render("mntr"));
        assertEquals(List.copyOf(theirs.keySet()).subList(0, 3), List.copyOf(mine.keySet()).subList(0, 3),
                role + " mntr starts with version, server state, peer state");
        assertEquals(present(theirs), present(mine), role + " mntr ensemble keys");
        for (String key : EQUAL_VALUES) {
            assertEquals(theirs.get(key), mine.get(key), role + " " + key);
        }
        for (String key : present(theirs)) {
            if (!EQUAL_VALUES.contains(key)) {
                assertTrue(theirs.get(key).matches("-?\\d+") && mine.get(key).matches("-?\\d+"),
                        role + " " + key + ": " + theirs.get(key) + " / " + mine.get(key));
            }
        }
        Set<String> extra = new TreeSet<>(mine.keySet());
        extra.removeAll(theirs.keySet());
        extra.remove("zk_last_zxid"); // Warden's own addition, also standalone
        assertEquals(Set.of(), extra, role + " mntr keys ZooKeeper does not print");

        String theirConf = zk.fourLetterWord(id, "conf");
        String ourConf = ours.render("conf");
        assertEquals(labels(theirConf, '='), labels(ourConf, '='), role + " conf keys");
        assertEquals(theirConf.substring(theirConf.indexOf("serverId=")), ourConf.substring(ourConf.indexOf("serverId=")),
                role + " conf quorum part and membership");
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
            try {
                Thread.sleep(100); // polling interval, not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        throw new IOException("server " + id + " still serving without quorum: " + last);
    }

    /** The text before {@code separator} of each line (the whole line if it has none). */
    private static List<String> labels(String text, char separator) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) {
            int at = l.indexOf(separator);
            out.add(at < 0 ? l : l.substring(0, at + 1));
        }
        return out;
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no " + prefix + " line)");
    }

    private static String afterClients(String stat) {
        int at = stat.indexOf("\n\n");
        return at < 0 ? stat : stat.substring(at + 2);
    }

    private static Map<String, String> mntr(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : text.split("\n")) {
            String[] kv = l.split("\t", 2);
            m.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return m;
    }

    private static Set<String> present(Map<String, String> mntr) {
        Set<String> out = new TreeSet<>(ENSEMBLE_KEYS);
        out.retainAll(mntr.keySet());
        return out;
    }

    /** Warden's words for server {@code id} of the ensemble's zoo.cfg, with a settable view. */
    private record Warden(ServerConfig config, FourLetterWords words, AtomicReference<EnsembleView> view) {
        static Warden of(ForkedEnsemble zk, int id) {
            ServerConfig config = ZooCfg.parseArgs(List.of(zk.dataDir(id).resolveSibling("zoo.cfg").toString()),
                    Map.of()).config();
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
