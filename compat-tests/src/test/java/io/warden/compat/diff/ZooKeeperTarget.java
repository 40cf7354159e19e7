package io.warden.compat.diff;

import io.warden.compat.harness.RealZooKeeper;
import java.io.IOException;

/**
 * Real Apache ZooKeeper 3.9.5, standalone, in-process ({@link RealZooKeeper} defaults:
 * tickTime 2000, so session timeouts are clamped to [4000, 40000] ms; extended types off, so TTL
 * creates answer UNIMPLEMENTED). Thread-safe (delegates to {@link RealZooKeeper}).
 */
final class ZooKeeperTarget implements Target {
    private final String name;
    private final RealZooKeeper server;

    private ZooKeeperTarget(String name, RealZooKeeper server) {
        this.name = name;
        this.server = server;
    }

    /** Starts a fresh server on a free loopback port. */
    static ZooKeeperTarget start(String name) throws IOException {
        return new ZooKeeperTarget(name, RealZooKeeper.builder().start());
    }

    /**
     * Starts a fresh forked server with {@code zookeeper.enforceQuota=true}: ZooKeeper reads it
     * once into a static final field, so it cannot be set for an in-process server.
     */
    static ZooKeeperTarget startEnforcingQuotas(String name) throws IOException {
        return new ZooKeeperTarget(name, RealZooKeeper.builder().forked(true)
                .property("zookeeper.enforceQuota", "true").start());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    @Override
    public String toString() {
        return name + "(" + server + ")";
    }
}
