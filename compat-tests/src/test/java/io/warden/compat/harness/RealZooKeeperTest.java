package io.warden.compat.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the {@link RealZooKeeper} fixture, in both modes, with the official 3.9.5 Java client.
 */
class RealZooKeeperTest {

    @ParameterizedTest(name = "forked={0}")
    @ValueSource(booleans = {false, true})
    void servesTheOfficialJavaClientAndFourLetterWordsOnLoopbackOnly(boolean forked)
            throws Exception {
        try (RealZooKeeper zk = RealZooKeeper.builder().forked(forked).start()) {
            assertEquals("127.0.0.1:" + zk.port(), zk.connectString());
            assertEquals(forked, zk.pid().isPresent());
            ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
            try {
                client.create("/hello", bytes("world"), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                Stat stat = new Stat();
                assertArrayEquals(bytes("world"), client.getData("/hello", false, stat));
                assertEquals(0, stat.getVersion());
            } finally {
                client.close();
            }

            String srvr = FourLetterWords.send("127.0.0.1", zk.port(), "srvr");
            assertTrue(srvr.startsWith("Zookeeper version: 3.9.5"), srvr);
            assertTrue(srvr.contains("\nMode: standalone\n"), srvr);
            assertEquals("imok", zk.fourLetterWord("ruok"));

            for (InetAddress address : nonLoopbackAddresses()) {
                try (Socket socket = new Socket()) {
                    assertThrows(ConnectException.class,
                            () -> socket.connect(new InetSocketAddress(address, zk.port()), 2000),
                            "reachable on " + address);
                }
            }
        }
    }

    @ParameterizedTest(name = "forked={0}")
    @ValueSource(booleans = {false, true})
    void restartKeepsPersistentNodesOnTheSamePortAndDataDir(boolean forked) throws Exception {
        try (RealZooKeeper zk = RealZooKeeper.builder().forked(forked).start()) {
            int port = zk.port();
            createAndClose(zk, "/survivor", "still here");

            zk.restart();

            assertTrue(zk.isRunning());
            assertEquals(port, zk.port());
            assertEquals("still here", readAndClose(zk, "/survivor"));
        }
    }

    @Test
    void stopThenRestartStartsAgain() throws Exception {
        try (RealZooKeeper zk = RealZooKeeper.builder().start()) {
            createAndClose(zk, "/a", "1");
            zk.stop();
            assertFalse(zk.isRunning());
            zk.stop(); // idempotent
            zk.restart();
            assertEquals("1", readAndClose(zk, "/a"));
        }
    }

    @Test
    void killedForkedServerRestartsWithItsData() throws Exception {
        try (RealZooKeeper zk = RealZooKeeper.builder().forked(true).start()) {
            long pid = zk.pid().orElseThrow();
            createAndClose(zk, "/before-crash", "committed");

            zk.kill();

            assertFalse(zk.isRunning());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            zk.restart();
            assertEquals("committed", readAndClose(zk, "/before-crash"));
        }
    }

    @Test
    void forkedServerGetsItsOwnSystemProperties() throws Exception {
        // TTL nodes need zookeeper.extendedTypesEnabled on the server JVM.
        try (RealZooKeeper zk = RealZooKeeper.builder().forked(true)
                .property("zookeeper.extendedTypesEnabled", "true").start()) {
            ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
            try {
                client.create("/ttl", bytes("x"), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT_WITH_TTL, new Stat(), 60_000);
                assertNotNull(client.exists("/ttl", false));
            } finally {
                client.close();
            }
        }
    }

    @Test
    void withoutExtendedTypesTheRealServerRefusesTtlNodes() throws Exception {
        // In-process: this test JVM never sets zookeeper.extendedTypesEnabled.
        try (RealZooKeeper zk = RealZooKeeper.builder().start()) {
            ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
            try {
                assertThrows(KeeperException.UnimplementedException.class,
                        () -> client.create("/ttl", bytes("x"), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                CreateMode.PERSISTENT_WITH_TTL, new Stat(), 60_000));
            } finally {
                client.close();
            }
        }
    }

    @Test
    void inProcessRefusesSystemPropertiesAndKill() throws Exception {
        RealZooKeeper.Builder builder = RealZooKeeper.builder()
                .property("zookeeper.extendedTypesEnabled", "true");
        IllegalStateException refused = assertThrows(IllegalStateException.class, builder::start);
        assertTrue(refused.getMessage().contains("forked"), refused.getMessage());

        try (RealZooKeeper zk = RealZooKeeper.builder().start()) {
            assertThrows(IllegalStateException.class, zk::kill);
        }
    }

    @Test
    void configLinesReachZooCfgAndTheDefaultsAreInPlace() throws Exception {
        try (RealZooKeeper zk = RealZooKeeper.builder().config("maxClientCnxns", "7")
                .tickTimeMs(1000).start()) {
            String conf = zk.fourLetterWord("conf");
            assertTrue(conf.contains("maxClientCnxns=7\n"), conf);
            assertTrue(conf.contains("tickTime=1000\n"), conf);
            assertTrue(conf.contains("clientPort=" + zk.port() + "\n"), conf);
            assertTrue(conf.contains("dataDir=" + zk.dataDir().resolve("version-2") + "\n"), conf);
        }
        assertThrows(IllegalArgumentException.class,
                () -> RealZooKeeper.builder().config("clientPort", "2181"));
    }

    @Test
    void closeStopsTheServerThreadsAndDeletesTheTemporaryDirectory() throws Exception {
        Path base;
        int port;
        try (RealZooKeeper zk = RealZooKeeper.builder().start()) {
            base = zk.baseDir();
            port = zk.port();
            createAndClose(zk, "/x", "y");
            assertTrue(Files.isDirectory(zk.dataDir().resolve("version-2")));
            assertTrue(threadNamesContaining(":" + port).size() > 0);
        }
        assertFalse(Files.exists(base));
        assertEquals(List.of(), threadNamesContaining(":" + port));
        assertEquals(List.of(), threadNamesContaining("real-zookeeper-" + port));
    }

    @Test
    void twoServersRunSideBySide() throws Exception {
        try (RealZooKeeper first = RealZooKeeper.builder().start();
                RealZooKeeper second = RealZooKeeper.builder().start()) {
            assertTrue(first.port() != second.port());
            createAndClose(first, "/only-in-first", "1");
            ZooKeeper client = OfficialJavaClient.connect(second.connectString());
            try {
                assertEquals(null, client.exists("/only-in-first", false));
            } finally {
                client.close();
            }
        }
    }

    private static void createAndClose(RealZooKeeper zk, String path, String data) throws Exception {
        ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
        try {
            client.create(path, bytes(data), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } finally {
            client.close();
        }
    }

    private static String readAndClose(RealZooKeeper zk, String path) throws Exception {
        ZooKeeper client = OfficialJavaClient.connect(zk.connectString());
        try {
            return new String(client.getData(path, false, null), StandardCharsets.UTF_8);
        } finally {
            client.close();
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        addresses.add(address);
                    }
                }
            }
        }
        return addresses;
    }

    private static List<String> threadNamesContaining(String fragment) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(name -> name.contains(fragment)).sorted().toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
