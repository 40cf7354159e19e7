package io.warden.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.testing.FreePorts;
import io.warden.server.testing.RawClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server line with standaloneEnabled=false, as ZooKeeper's group of one: the Ratis gRPC
 * server binds the line's peer address, the client port comes from the line's client part, and
 * the server serves. A programmatic start of an ensemble with observers is refused (not yet
 * implemented).
 */
class GroupOfOneTest {
    @TempDir
    Path dir;

    @Test
    void ratisOnThePeerPortAndClientsOnTheLinesClientPort() throws Exception {
        int[] ports = FreePorts.pick(3);
        Files.writeString(dir.resolve("myid"), "1\n");
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir + "\ntickTime=2000\ninitLimit=5\nsyncLimit=2\nstandaloneEnabled=false\n"
                + "server.1=127.0.0.1:" + ports[0] + ":" + ports[1] + ";127.0.0.1:" + ports[2] + "\n");
        ZooCfg.Result r = ZooCfg.parseArgs(List.of(cfg.toString()), Map.of());
        ServerConfig config = r.config();
        assertTrue(config.ensemble().distributed());
        assertEquals(ports[2], config.clientPort());
        assertEquals("127.0.0.1", config.clientPortAddress());
        try (WardenServer server = WardenServer.start(config)) {
            assertEquals(ports[2], server.port());
            try (Socket peer = new Socket()) {
                peer.connect(new InetSocketAddress("127.0.0.1", ports[0]), 10_000); // Ratis gRPC listens here
            }
            try (RawClient client = RawClient.session(ports[2])) {
                assertTrue(client.sessionId() != 0);
            }
            // the election port is not bound by Warden (Ratis elects over the peer port)
            try (ServerSocket election = new ServerSocket(ports[1], 50, InetAddress.getByName("127.0.0.1"))) {
                assertEquals(ports[1], election.getLocalPort());
            }
        }
    }
}
