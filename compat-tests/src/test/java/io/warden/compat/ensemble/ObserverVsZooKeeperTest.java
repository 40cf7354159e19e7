package io.warden.compat.ensemble;

import static io.warden.compat.ensemble.EnsembleProbes.afterClients;
import static io.warden.compat.ensemble.EnsembleProbes.digitsAsN;
import static io.warden.compat.ensemble.EnsembleProbes.labels;
import static io.warden.compat.ensemble.EnsembleProbes.present;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.FreePorts;
import io.warden.server.WardenServer;
import io.warden.server.ZooCfg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer in a real ZooKeeper 3.9.5 ensemble (three participants and {@code server.4} an
 * observer, {@code QuorumPeerMain}s in child JVMs) against the same four zoo.cfg files run by
 * Warden (in this JVM): the observer's {@code srvr}/{@code stat} lines and {@code Mode: observer},
 * its {@code mntr} (peer state, observer master id, quorum size, the keys it prints and the ones it
 * does not), its {@code conf} keys and {@code peerType=1}, the leader's learner counts
 * ({@code zk_learners}, {@code zk_synced_followers}, {@code zk_synced_non_voting_followers},
 * {@code zk_synced_observers}), {@code /zookeeper/config} read through the observer (text with
 * numbers masked, and its stat but mtime), and a write through the observer read back there.
 * About 20-40 s (two four-server starts).
 */
class ObserverVsZooKeeperTest {
    private static final Duration BUDGET = Duration.ofSeconds(150);
    private static final int MAX_POLLS = 1500;
    private static final int SERVERS = 4;
    private static final int OBSERVER = 4;
    /** The mntr keys that depend on the ensemble role. */
    private static final List<String> ENSEMBLE_KEYS = List.of("zk_server_state", "zk_peer_state",
            "zk_observer_master_id", "zk_quorum_size", "zk_learners", "zk_synced_followers",
            "zk_synced_non_voting_followers", "zk_synced_observers", "zk_pending_syncs", "zk_leader_uptime",
            "zk_last_proposal_size", "zk_max_proposal_size", "zk_min_proposal_size");
    private static final List<String> LEADER_COUNTS = List.of("zk_quorum_size", "zk_learners",
            "zk_synced_followers", "zk_synced_non_voting_followers", "zk_synced_observers");

    @TempDir
    Path dir;

    /** What one ensemble answered. */
    private record Captured(boolean masterLeads, String srvr, String stat, Map<String, String> mntr, String conf,
            Map<String, String> leaderMntr, String config, Stat configStat, String written) {
    }

    @Test
    void wardenObserverAsZooKeepers() throws Exception {
        Captured zk = captureZooKeeper(writeConfigs(dir.resolve("zk")));
        Captured warden = captureWarden(writeConfigs(dir.resolve("warden")));

        assertEquals(labels(zk.srvr(), ':'), labels(warden.srvr(), ':'), "srvr lines:\n" + zk.srvr() + "\n"
                + warden.srvr());
        assertTrue(zk.srvr().contains("\nMode: observer\n"), zk.srvr());
        assertTrue(warden.srvr().contains("\nMode: observer\n"), warden.srvr());
        assertEquals(labels(afterClients(zk.stat()), ':'), labels(afterClients(warden.stat()), ':'), "stat");
        assertTrue(warden.stat().contains("\nMode: observer\n"), warden.stat());

        List<String> zkKeys = List.copyOf(zk.mntr().keySet());
        List<String> ourKeys = List.copyOf(warden.mntr().keySet());
        assertEquals(zkKeys.subList(0, 4), ourKeys.subList(0, 4),
                "mntr starts with version, server state, peer state, observer master id");
        assertEquals(present(zk.mntr(), ENSEMBLE_KEYS), present(warden.mntr(), ENSEMBLE_KEYS),
                "an observer's ensemble keys");
        for (String key : List.of("zk_server_state", "zk_peer_state", "zk_quorum_size")) {
            assertEquals(zk.mntr().get(key), warden.mntr().get(key), key);
        }
        assertEquals("observing - broadcast", warden.mntr().get("zk_peer_state"));
        assertTrue(zk.masterLeads(), "ZooKeeper: zk_observer_master_id is the leader's id");
        assertTrue(warden.masterLeads(), "Warden: zk_observer_master_id is the leader's id");
        Set<String> extra = new TreeSet<>(warden.mntr().keySet());
        extra.removeAll(zk.mntr().keySet());
        extra.remove("zk_last_zxid"); // Warden's own addition, also standalone
        assertEquals(Set.of(), extra, "mntr keys ZooKeeper does not print on an observer");

        for (String key : LEADER_COUNTS) {
            assertEquals(zk.leaderMntr().get(key), warden.leaderMntr().get(key), "leader " + key);
        }
        assertEquals("1", warden.leaderMntr().get("zk_synced_observers"));

        assertEquals(labels(zk.conf(), '='), labels(warden.conf(), '='), "conf keys");
        assertTrue(zk.conf().contains("\npeerType=1\n"), zk.conf());
        assertTrue(warden.conf().contains("\npeerType=1\n"), warden.conf());

        assertEquals(digitsAsN(zk.config()), digitsAsN(warden.config()), "/zookeeper/config but numbers");
        assertTrue(warden.config().contains(":observer;"), warden.config());
        Stat z = zk.configStat();
        Stat w = warden.configStat();
        assertEquals(List.of(z.getCzxid(), z.getMzxid(), z.getCtime(), z.getVersion(), z.getAversion(),
                z.getNumChildren()), List.of(w.getCzxid(), w.getMzxid(), w.getCtime(), w.getVersion(),
                w.getAversion(), w.getNumChildren()), "/zookeeper/config stat but mtime and size");
        assertEquals("through the observer", zk.written());
        assertEquals("through the observer", warden.written());
    }

    /** Four zoo.cfg files (server.4 an observer, with peerType=observer as ZooKeeper's guide says). */
    private static List<Path> writeConfigs(Path base) throws IOException {
        int[] ports = new int[3 * SERVERS];
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < ports.length; i++) {
            int p = FreePorts.pick();
            for (int tries = 0; tries < 100 && !seen.add(p); tries++) {
                p = FreePorts.pick();
            }
            ports[i] = p;
        }
        StringBuilder lines = new StringBuilder();
        for (int id = 1; id <= SERVERS; id++) {
            int at = 3 * (id - 1);
            lines.append("server.").append(id).append('=').append(FreePorts.LOOPBACK_HOST).append(':')
                    .append(ports[at]).append(':').append(ports[at + 1]).append(id == OBSERVER ? ":observer" : "")
                    .append(';').append(FreePorts.LOOPBACK_HOST).append(':').append(ports[at + 2]).append('\n');
        }
        List<Path> configs = new ArrayList<>();
        for (int id = 1; id <= SERVERS; id++) {
            Path data = base.resolve("server-" + id);
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), id + "\n", StandardCharsets.UTF_8);
            Path cfg = base.resolve("zoo-" + id + ".cfg");
            Files.writeString(cfg, "tickTime=1000\ninitLimit=10\nsyncLimit=5\ndataDir=" + data.toAbsolutePath()
                    + "\n4lw.commands.whitelist=*\nadmin.enableServer=false\n"
                    + (id == OBSERVER ? "peerType=observer\n" : "") + lines, StandardCharsets.UTF_8);
            configs.add(cfg);
        }
        return configs;
    }

    private static int clientPort(Path cfg) {
        return ZooCfg.parseArgs(List.of(cfg.toString()), Map.of()).config().clientPort();
    }

    private static Captured captureZooKeeper(List<Path> configs) throws Exception {
        List<Process> processes = new ArrayList<>();
        try {
            for (Path cfg : configs) {
                List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx192m", "-Dzookeeper.admin.enableServer=false", "-cp",
                        System.getProperty("java.class.path"), "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                        cfg.toString());
                processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(cfg.resolveSibling(cfg.getFileName() + ".log").toFile()).start());
            }
            return capture(configs);
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
            for (Process p : processes) {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Captured captureWarden(List<Path> configs) throws Exception {
        List<WardenServer> servers = new ArrayList<>();
        try {
            for (Path cfg : configs) {
                servers.add(WardenServer.start(ZooCfg.parseArgs(List.of(cfg.toString()), Map.of()).config()));
            }
            return capture(configs);
        } finally {
            for (WardenServer s : servers) {
                s.close();
            }
        }
    }

    /**
     * Waits for a leader with both followers and the observer synced and the observer in
     * broadcast, then asks the observer and the leader, and writes and reads through the observer.
     */
    private static Captured capture(List<Path> configs) throws Exception {
        Deadline deadline = Deadline.after(BUDGET);
        int observerPort = clientPort(configs.get(OBSERVER - 1));
        int leader = -1;
        Map<String, String> leaderMntr = Map.of();
        String last = "";
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired() && leader < 0; poll++) {
            for (int id = 1; id < OBSERVER && leader < 0; id++) {
                Map<String, String> m = EnsembleProbes.mntr(word(clientPort(configs.get(id - 1)), "mntr"));
                if ("leading - broadcast".equals(m.get("zk_peer_state")) && "2".equals(m.get("zk_synced_followers"))
                        && "1".equals(m.get("zk_synced_observers"))) {
                    leader = id;
                    leaderMntr = m;
                }
                last = id + ": " + m.get("zk_peer_state") + " " + m.get("zk_synced_followers") + " "
                        + m.get("zk_synced_observers");
            }
            if (leader < 0) {
                EnsembleProbes.pause();
            }
        }
        assertTrue(leader > 0, "no leader with 2 synced followers and 1 synced observer: " + last);
        Map<String, String> observerMntr = Map.of();
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired(); poll++) {
            observerMntr = EnsembleProbes.mntr(word(observerPort, "mntr"));
            if ("observing - broadcast".equals(observerMntr.get("zk_peer_state"))) {
                break;
            }
            EnsembleProbes.pause();
        }
        assertEquals("observing - broadcast", observerMntr.get("zk_peer_state"), "the observer's peer state");
        String master = String.valueOf(observerMntr.get("zk_observer_master_id"));
        boolean masterLeads = master.matches("[1-3]") && answer(clientPort(configs.get(Integer.parseInt(master) - 1)),
                "mntr", "zk_peer_state\tleading - broadcast", deadline).contains("zk_peer_state\tleading - broadcast");
        // a loaded machine may let a probe time out: asked again until it answers as a server
        String srvr = answer(observerPort, "srvr", "\nMode: ", deadline);
        String stat = answer(observerPort, "stat", "\nMode: ", deadline);
        String conf = answer(observerPort, "conf", "\npeerType=", deadline);

        ZooKeeper client = EnsembleProbes.connect(observerPort, deadline);
        try {
            Stat configStat = new Stat();
            String config = new String(client.getConfig(false, configStat), StandardCharsets.UTF_8);
            client.create("/obs", "through the observer".getBytes(StandardCharsets.UTF_8),
                    org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT);
            String written = new String(client.getData("/obs", false, null), StandardCharsets.UTF_8);
            return new Captured(masterLeads, srvr, stat, observerMntr, conf, leaderMntr, config, configStat, written);
        } finally {
            client.close();
        }
    }

    /** The answer to {@code command} once it contains {@code expected} (or the last one). */
    private static String answer(int port, String command, String expected, Deadline deadline) throws IOException {
        String text = "";
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired(); poll++) {
            text = word(port, command);
            if (text.contains(expected)) {
                return text;
            }
            EnsembleProbes.pause();
        }
        return text;
    }

    /** A four-letter word's answer, or "" if the server does not answer in time. */
    private static String word(int port, String command) {
        try {
            return FourLetterWords.send(FreePorts.LOOPBACK_HOST, port, command, Duration.ofSeconds(5));
        } catch (IOException e) {
            return "";
        }
    }
}
