package io.warden.compat.recipes;

import io.warden.compat.harness.RealZooKeeper;
import java.io.IOException;

/**
 * The real ZooKeeper 3.9.5 of one test class: in-process (about half a second to start), restart
 * keeps the data dir, so sessions and ephemerals survive it as they do in production. Thread-safe
 * through {@link RealZooKeeper}.
 */
final class ZooKeeperServer implements AutoCloseable {
    private final RealZooKeeper server;

    private ZooKeeperServer(RealZooKeeper server) {
        this.server = server;
    }

    static ZooKeeperServer start() throws IOException {
        return new ZooKeeperServer(RealZooKeeper.builder().start());
    }

    String connectString() {
        return server.connectString();
    }

    void restart() throws IOException {
        server.restart();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
