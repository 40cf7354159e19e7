package io.warden.compat.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.FreePorts;
import io.warden.compat.harness.PeerProcess;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import io.warden.server.ZooCfg;
import io.warden.server.ensemble.ConfigNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.ensemble.fixed.FixedEnsembleProvider;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group of one ({@code standaloneEnabled=false}, one server line) of Warden against the same
 * configuration on a real ZooKeeper 3.9.5 {@code QuorumPeerMain}: {@code srvr} says
 * {@code Mode: leader} with the proposal sizes line, {@code mntr}'s ensemble keys and values,
 * {@code conf}'s quorum part and membership (ports mapped), and {@code /zookeeper/config} through
 * {@code getConfig}: the same text (ports mapped) and stat but mtime; Curator's
 * {@code EnsembleTracker} turns it into the connection string; with reconfigEnabled=false both
 * refuse a reconfig with RECONFIGDISABLED. About 20 s.
 */
class GroupOfOneVsZooKeeperTest {
    private static final Duration BUDGET = Duration.ofSeconds(90);
    private static final int MAX_POLLS = 900;
    private static final List<String> ENSEMBLE_KEYS = List.of("zk_server_state", "zk_peer_state", "zk_quorum_size",
            "zk_learners", "zk_synced_followers", "zk_synced_non_voting_followers", "zk_synced_observers",
            "zk_pending_syncs");

    @TempDir
    Path dir;

    /** One server's ports and zoo.cfg. */
    private record Peer(Path cfg, int client, int peer, int election) {
        static Peer write(Path dir, Set<Integer> used) throws IOException {
            Path data = Files.createDirectories(dir.resolve("data"));
            Files.writeString(data.resolve("myid"), "1\n");
            Peer p = new Peer(dir.resolve("zoo.cfg"), distinct(used), distinct(used), distinct(used));
            Files.writeString(p.cfg, "tickTime=2000\ninitLimit=5\nsyncLimit=2\nstandaloneEnabled=false\n"
                    + "4lw.commands.whitelist=*\nadmin.enableServer=false\ndataDir=" + data + "\n"
                    + "server.1=127.0.0.1:" + p.peer + ":" + p.election + ";127.0.0.1:" + p.client + "\n");
            return p;
        }

        /** A free port not in {@code used} (the mapping between the two configurations needs six distinct ones). */
        private static int distinct(Set<Integer> used) {
            for (int attempt = 0; attempt < 50; attempt++) {
                int port = FreePorts.pick();
                if (used.add(port)) {
                    return port;
                }
            }
            throw new IllegalStateException("no distinct free port in 50 attempts: " + used);
        }

        /** {@code text} of {@code other} with its ports replaced by this peer's. */
        String mapFrom(Peer other, String text) {
            return text.replace(":" + other.client, ":" + client).replace("=" + other.client, "=" + client)
                    .replace(":" + other.peer, ":" + peer).replace("=" + other.peer, "=" + peer)
                    .replace(":" + other.election, ":" + election).replace("=" + other.election, "=" + election);
        }
    }

    @Test
    void groupOfOneAsZooKeepers() throws Exception {
        Deadline deadline = Deadline.after(BUDGET);
        Set<Integer> used = new HashSet<>();
        Peer ours = Peer.write(Files.createDirectories(dir.resolve("warden")), used);
        Peer theirs = Peer.write(Files.createDirectories(dir.resolve("zookeeper")), used);
        ServerConfig config = ZooCfg.parseArgs(List.of(ours.cfg.toString()), Map.of()).config();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=*",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", theirs.cfg.toString());
        try (PeerProcess zk = PeerProcess.start(command, Map.of());
                WardenServer warden = WardenServer.start(config)) {
            String theirSrvr = awaitLeader(theirs.client, deadline, zk);
            String ourSrvr = awaitLeader(ours.client, deadline, null);
            assertTrue(ourSrvr.matches("(?s).*\nMode: leader\nNode count: \\d+\nProposal sizes last/min/max: "
                    + "-?\\d+/-?\\d+/-?\\d+\n"), ourSrvr);
            assertTrue(theirSrvr.matches("(?s).*\nMode: leader\nNode count: \\d+\nProposal sizes last/min/max: "
                    + "-?\\d+/-?\\d+/-?\\d+\n"), theirSrvr);

            // ZooKeeper serves a moment before it enters broadcast (zk_peer_state "leading - synchronization")
            Map<String, String> theirMntr =
                    EnsembleProbes.mntr(FourLetterWords.send("127.0.0.1", theirs.client, "mntr"));
            for (int poll = 0; poll < MAX_POLLS && !deadline.expired()
                    && !"leading - broadcast".equals(theirMntr.get("zk_peer_state")); poll++) {
                EnsembleProbes.pause();
                theirMntr = EnsembleProbes.mntr(FourLetterWords.send("127.0.0.1", theirs.client, "mntr"));
            }
            Map<String, String> ourMntr =
                    EnsembleProbes.mntr(FourLetterWords.send("127.0.0.1", ours.client, "mntr"));
            for (String key : ENSEMBLE_KEYS) {
                assertEquals(theirMntr.get(key), ourMntr.get(key), key);
            }
            for (String key : List.of("zk_leader_uptime", "zk_last_proposal_size", "zk_min_proposal_size",
                    "zk_max_proposal_size")) {
                assertTrue(theirMntr.get(key).matches("-?\\d+"), key + " " + theirMntr.get(key));
                assertTrue(String.valueOf(ourMntr.get(key)).matches("-?\\d+"), key + " " + ourMntr.get(key));
            }

            String theirConf = FourLetterWords.send("127.0.0.1", theirs.client, "conf");
            String ourConf = FourLetterWords.send("127.0.0.1", ours.client, "conf");
            assertEquals(ours.mapFrom(theirs, theirConf.substring(theirConf.indexOf("serverId="))),
                    ourConf.substring(ourConf.indexOf("serverId=")));

            Stat theirStat = new Stat();
            Stat ourStat = new Stat();
            String theirConfig = getConfig(theirs.client, theirStat, deadline);
            String ourConfig = getConfig(ours.client, ourStat, deadline);
            assertEquals(ConfigNode.content(config.ensemble()), ourConfig);
            assertEquals(ours.mapFrom(theirs, theirConfig), ourConfig);
            assertEquals(List.of(theirStat.getCzxid(), theirStat.getMzxid(), theirStat.getCtime(),
                    (long) theirStat.getVersion(), (long) theirStat.getAversion(), (long) theirStat.getDataLength(),
                    (long) theirStat.getNumChildren()), List.of(ourStat.getCzxid(), ourStat.getMzxid(),
                    ourStat.getCtime(), (long) ourStat.getVersion(), (long) ourStat.getAversion(),
                    (long) ourStat.getDataLength(), (long) ourStat.getNumChildren()), "stat but mtime");

            assertEquals("127.0.0.1:" + ours.client, trackedConnectString(ours.client, deadline));

            // reconfigEnabled is false (the default): ZooKeeper refuses every reconfig
            assertEquals(KeeperException.Code.RECONFIGDISABLED, EnsembleProbes.reconfigError(theirs.client,
                    "server.2=127.0.0.1:1:2:participant;3", deadline));
            assertEquals(KeeperException.Code.RECONFIGDISABLED, EnsembleProbes.reconfigError(ours.client,
                    "server.2=127.0.0.1:1:2:participant;3", deadline));
        }
    }
    /** Polls srvr until it says leader; returns that answer. */
    private static String awaitLeader(int port, Deadline deadline, PeerProcess process) throws IOException {
        String last = "";
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired(); poll++) {
            try {
                last = FourLetterWords.send("127.0.0.1", port, "srvr");
                if (last.contains("\nMode: leader\n")) {
                    return last;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            EnsembleProbes.pause();
        }
        throw new IOException("no leader on port " + port + ": " + last
                + (process == null ? "" : "; stderr: " + process.stderr() + " stdout: " + process.stdout()));
    }

    /** getConfig with a watch (registered and not fired: nothing changes the configuration). */
    private static String getConfig(int port, Stat stat, Deadline deadline) throws Exception {
        try (ZooKeeper client = EnsembleProbes.connect(port, deadline)) {
            BlockingQueue<WatchedEvent> events = new ArrayBlockingQueue<>(16);
            String text = new String(client.getConfig(events::add, stat), StandardCharsets.UTF_8);
            assertEquals(null, events.poll(200, TimeUnit.MILLISECONDS), "no configuration change");
            return text;
        }
    }

    /** Curator's connection string once its EnsembleTracker read /zookeeper/config (starting from "localhost"). */
    private static String trackedConnectString(int port, Deadline deadline) throws Exception {
        FixedEnsembleProvider provider = new FixedEnsembleProvider("localhost:" + port, true);
        try (CuratorFramework curator = CuratorFrameworkFactory.builder().ensembleProvider(provider)
                .retryPolicy(new RetryNTimes(3, 100)).sessionTimeoutMs(10_000).ensembleTracker(true).build()) {
            curator.start();
            curator.blockUntilConnected((int) deadline.remainingMs(1), TimeUnit.MILLISECONDS);
            String current = provider.getConnectionString();
            for (int poll = 0; poll < MAX_POLLS && !deadline.expired() && current.startsWith("localhost"); poll++) {
                EnsembleProbes.pause();
                current = provider.getConnectionString();
            }
            return current;
        }
    }

}
