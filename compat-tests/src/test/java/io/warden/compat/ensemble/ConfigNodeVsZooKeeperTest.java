package io.warden.compat.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.FreePorts;
import io.warden.compat.harness.PeerProcess;
import io.warden.server.ensemble.ConfigNode;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigNode#content} against what a real ZooKeeper 3.9.5 quorum peer
 * ({@code standaloneEnabled=false}, one participant, observers that are not running) stores in
 * {@code /zookeeper/config} for the same server lines: the 3.5+ form with a client part and the
 * 3.4 form without one, host names and IP literals, participant and observer lines.
 */
class ConfigNodeVsZooKeeperTest {
    private static final Duration START_BUDGET = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void dynamicFormHostNamesAndObservers() throws Exception {
        int client = FreePorts.pick();
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("server.1", "127.0.0.1:" + FreePorts.pick() + ":" + FreePorts.pick() + ";" + client);
        lines.put("server.2", "localhost:" + FreePorts.pick() + ":" + FreePorts.pick() + ":observer;localhost:"
                + FreePorts.pick());
        lines.put("server.3", "127.0.0.1:" + FreePorts.pick() + ":" + FreePorts.pick() + ":observer");
        compare(lines, client, null);
    }

    @Test
    void threeFourFormWithAStaticClientPort() throws Exception {
        int client = FreePorts.pick();
        compare(Map.of("server.1", "localhost:" + FreePorts.pick() + ":" + FreePorts.pick()), client,
                "clientPort=" + client + "\nclientPortAddress=127.0.0.1\n");
    }

    private void compare(Map<String, String> lines, int clientPort, String extra) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("myid"), "1\n");
        StringBuilder cfg = new StringBuilder("tickTime=2000\ninitLimit=5\nsyncLimit=2\nstandaloneEnabled=false\n"
                + "dataDir=" + data + "\n" + (extra == null ? "" : extra));
        lines.forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
        Path cfgFile = dir.resolve("zoo.cfg");
        Files.writeString(cfgFile, cfg);

        Map<String, String> settings = new LinkedHashMap<>(lines);
        settings.put("standaloneEnabled", "false");
        settings.put("initLimit", "5");
        settings.put("syncLimit", "2");
        EnsembleConfig ours = EnsembleParser.parse(settings, data, new ArrayList<>());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=*",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", cfgFile.toString());
        try (PeerProcess zk = PeerProcess.start(command, Map.of())) {
            String theirs = readConfigNode("127.0.0.1:" + clientPort, Deadline.after(START_BUDGET), zk);
            assertEquals(theirs, ConfigNode.content(ours));
        }
    }

    /**
     * Connects (the client keeps reconnecting while the peer starts and elects itself) and reads
     * the node, retrying a connection loss during the election, all within the deadline.
     */
    private static String readConfigNode(String connect, Deadline deadline, PeerProcess zk) throws Exception {
        Exception last = null;
        Semaphore connections = new Semaphore(0); // one permit per SyncConnected event
        ZooKeeper client = new ZooKeeper(connect, 10_000, event -> {
            if (event.getType() == Watcher.Event.EventType.None
                    && event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connections.release();
            }
        });
        try {
            for (int attempt = 0; attempt < 20
                    && connections.tryAcquire(deadline.remainingMs(1), TimeUnit.MILLISECONDS); attempt++) {
                try {
                    return new String(client.getConfig(false, null), StandardCharsets.UTF_8);
                } catch (KeeperException.ConnectionLossException e) {
                    last = e; // the peer dropped us during its election: wait for the next connection
                }
            }
        } finally {
            client.close();
        }
        throw new IOException("ZooKeeper quorum peer did not serve /zookeeper/config within " + deadline.budget()
                + " (last error " + last + "); stderr: " + zk.stderr() + " stdout: " + zk.stdout());
    }
}
