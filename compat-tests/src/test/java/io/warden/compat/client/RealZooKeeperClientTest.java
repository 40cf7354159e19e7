package io.warden.compat.client;

import io.warden.client.AbstractClientTest;
import io.warden.compat.harness.RealZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link AbstractClientTest} against the real Apache ZooKeeper 3.9.5, standalone, forked (so
 * {@code zookeeper.extendedTypesEnabled} can be set for TTL nodes without touching this JVM's
 * system properties): the reference our client must work with before it works with Warden.
 *
 * <p>Thread-confined to the JUnit thread (one server per class).
 */
class RealZooKeeperClientTest extends AbstractClientTest {
    private RealZooKeeper server;

    @BeforeAll
    void startServer() throws Exception {
        server = RealZooKeeper.builder()
                .forked(true)
                .property("zookeeper.extendedTypesEnabled", "true")
                .start();
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
