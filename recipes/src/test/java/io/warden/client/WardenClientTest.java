package io.warden.client;

import io.warden.client.testing.WardenTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link AbstractClientTest} against an in-process Warden server ({@link WardenTestServer}).
 *
 * <p>Thread-confined to the JUnit thread (one server per class).
 */
class WardenClientTest extends AbstractClientTest {
    private WardenTestServer server;

    @BeforeAll
    void startServer() throws Exception {
        server = WardenTestServer.start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected String connectString() {
        return server.connectString();
    }

    @Override
    protected void restartServer() throws Exception {
        server.restart();
    }
}
