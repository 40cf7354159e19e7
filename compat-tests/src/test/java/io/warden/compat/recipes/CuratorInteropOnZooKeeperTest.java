package io.warden.compat.recipes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AbstractCuratorInteropTest} on real ZooKeeper 3.9.5. */
class CuratorInteropOnZooKeeperTest extends AbstractCuratorInteropTest {
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
