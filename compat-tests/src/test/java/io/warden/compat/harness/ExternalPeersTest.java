package io.warden.compat.harness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The external peers are installed and each one really talks to a real ZooKeeper 3.9.5 server:
 * zkCli.sh, the C client and Kazoo each create a znode that the official Java client then reads.
 * Under {@code CI=true} a missing peer fails these tests (project rule).
 */
class ExternalPeersTest {
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    private static RealZooKeeper zk;

    @BeforeAll
    static void startRealZooKeeper() throws IOException {
        zk = RealZooKeeper.builder().start();
    }

    @AfterAll
    static void stopRealZooKeeper() throws IOException {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void zkCliIsInstalled() {
        assertTrue(ExternalPeers.requireZkCli().toFile().canExecute());
    }

    @Test
    void cClientIsInstalled() {
        assertTrue(ExternalPeers.requireCClient().toFile().canExecute());
    }

    @Test
    void kazooIsInstalled() {
        ExternalPeers.requireKazoo();
    }

    @Test
    void pytestIsInstalled() {
        ExternalPeers.requirePytest();
    }

    @Test
    void missingPeerFailsUnderCi() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class,
                () -> ExternalPeers.requirePeer("imaginary-peer", false, true));
        assertTrue(failure.getMessage().contains("imaginary-peer"), failure.getMessage());
    }

    @Test
    void missingPeerIsSkippedOutsideCi() {
        TestAbortedException skip = assertThrows(TestAbortedException.class,
                () -> ExternalPeers.requirePeer("imaginary-peer", false, false));
        assertTrue(skip.getMessage().contains("imaginary-peer"), skip.getMessage());
    }

    @Test
    void presentPeerPassesEitherWay() {
        assertDoesNotThrow(() -> ExternalPeers.requirePeer("real-peer", true, true));
        assertDoesNotThrow(() -> ExternalPeers.requirePeer("real-peer", true, false));
    }

    @Test
    void zkCliCreatesAZnodeNonInteractively() throws Exception {
        PeerProcess.Result result = ExternalPeers.runZkCli(zk.connectString(), PEER_TIMEOUT,
                "create", "/fromcli", "hello");

        assertTrue(result.succeeded(), result.describe());
        assertTrue(result.stderr().contains("Created /fromcli"), result.describe());
        assertEquals("hello", readWithJavaClient("/fromcli"));

        // A ZooKeeper error gives exit status 1 (the 3.8.0 CLI in command mode).
        PeerProcess.Result again = ExternalPeers.runZkCli(zk.connectString(), PEER_TIMEOUT,
                "create", "/fromcli", "hello");
        assertEquals(1, again.exitCode(), again.describe());
        assertTrue(again.stderr().contains("Node already exists: /fromcli"), again.describe());
    }

    @Test
    void cClientCreatesAndSetsAZnodeFromStdin() throws Exception {
        try (PeerProcess cli = ExternalPeers.startCClient(zk.connectString())) {
            // Requests are asynchronous: wait for each completion before the next step, and
            // before "quit", or cli_mt closes the session with the request unsent.
            cli.writeLine("create /fromc");
            assertTrue(cli.awaitOutput("[/fromc]: rc = 0", PEER_TIMEOUT), cli.stderr());
            cli.writeLine("set /fromc hi");
            assertTrue(cli.awaitOutput("/fromc: rc = 0 Stat:", PEER_TIMEOUT), cli.stderr());
            cli.writeLine("quit");
            PeerProcess.Result result = cli.waitFor(PEER_TIMEOUT);
            assertTrue(result.succeeded(), result.describe());
        }
        assertEquals("hi", readWithJavaClient("/fromc"));
    }

    @Test
    void kazooCreatesAZnode() throws Exception {
        ExternalPeers.requireKazoo();
        PeerProcess.Result result = ExternalPeers.runPython(resource("kazoo_create.py"),
                Map.of("ZK_PORT", Integer.toString(zk.port()), "ZK_PATH", "/fromkazoo",
                        "ZK_DATA", "kz"),
                PEER_TIMEOUT);

        assertTrue(result.succeeded(), result.describe());
        assertEquals("kz", readWithJavaClient("/fromkazoo"));
    }

    @Test
    void timedOutPeerIsKilledByItsHandle() throws Exception {
        PeerProcess.Result result = PeerProcess.run(List.of("/bin/sleep", "30"), Map.of(), null,
                Duration.ofMillis(300));
        assertTrue(result.timedOut(), result.describe());
        assertFalse(result.succeeded());
    }

    private static String readWithJavaClient(String path) throws Exception {
        ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
        try {
            return new String(client.getData(path, false, null), StandardCharsets.UTF_8);
        } finally {
            client.close();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ExternalPeersTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

}
