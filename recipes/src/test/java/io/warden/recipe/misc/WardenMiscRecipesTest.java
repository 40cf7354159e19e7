package io.warden.recipe.misc;

import io.warden.recipe.testing.WardenTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AbstractMiscRecipesTest} against an in-process Warden server. */
class WardenMiscRecipesTest extends AbstractMiscRecipesTest {
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
