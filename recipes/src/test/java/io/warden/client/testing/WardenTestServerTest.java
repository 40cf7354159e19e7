package io.warden.client.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.ClientConfig;
import io.warden.client.ConnectionState;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WardenTestServerTest {
    @Test
    void restartKeepsThePortAndTheDataAndClientsComeBack() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        try (WardenTestServer server = WardenTestServer.start();
                WardenClient client = WardenClient.start(ClientConfig.builder(server.connectString())
                        .sessionTimeoutMs(10_000).maxReconnectDelayMs(100)
                        .listener((state, sid) -> states.add(state)).build())) {
            assertTrue(client.blocking().awaitConnected(Duration.ofSeconds(20)));
            client.blocking().create("/kept", "v".getBytes(StandardCharsets.UTF_8), Acl.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            int port = server.port();
            long before = client.sessionId();
            server.restart();
            assertEquals(port, server.port());
            assertEquals(List.of(ConnectionState.CONNECTED, ConnectionState.SUSPENDED, ConnectionState.RECONNECTED),
                    waitFor(states, 3));
            assertEquals(before, client.sessionId(), "the session survives the restart");
            assertEquals("v", client.blocking().getData("/kept").utf8());
        }
    }

    private static List<ConnectionState> waitFor(List<ConnectionState> states, int n) throws InterruptedException {
        for (int i = 0; i < 2000 && states.size() < n; i++) {
            Thread.sleep(10);
        }
        return List.copyOf(states);
    }
}
