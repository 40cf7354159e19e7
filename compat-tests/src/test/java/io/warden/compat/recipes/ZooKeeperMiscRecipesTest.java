package io.warden.compat.recipes;

import io.warden.recipe.misc.AbstractMiscRecipesTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AbstractMiscRecipesTest} against real ZooKeeper 3.9.5. */
class ZooKeeperMiscRecipesTest extends AbstractMiscRecipesTest {
    private ZooKeeperServer server;

    @BeforeAll
    void startServer() throws Exception {
        server = ZooKeeperServer.start();
    }

    @AfterAll
    void stopServer() throws Exception {
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
