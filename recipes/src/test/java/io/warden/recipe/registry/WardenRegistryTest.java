package io.warden.recipe.registry;

import io.warden.recipe.testing.WardenTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AbstractRegistryTest} against an in-process Warden server. */
class WardenRegistryTest extends AbstractRegistryTest {
    private WardenTarget server;

    @BeforeAll
    void startServer() throws Exception {
        server = WardenTarget.start();
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
