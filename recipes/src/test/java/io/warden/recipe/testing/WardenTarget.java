package io.warden.recipe.testing;

import io.warden.client.testing.WardenTestServer;
import java.io.IOException;

/**
 * Holds the in-process Warden server of one test class (started in {@code @BeforeAll}, closed in
 * {@code @AfterAll}). Thread-confined to the JUnit thread.
 */
public final class WardenTarget implements AutoCloseable {
    private final WardenTestServer server;

    private WardenTarget(WardenTestServer server) {
        this.server = server;
    }

    public static WardenTarget start() throws IOException {
        return new WardenTarget(WardenTestServer.start());
    }

    public String connectString() {
        return server.connectString();
    }

    public void restart() throws IOException {
        server.restart();
    }

    @Override
    public void close() {
        server.close();
    }
}
