package io.warden.compat.diff;

import io.warden.compat.harness.RealZooKeeper;
import java.io.IOException;
import java.util.Map;

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
     * Starts a fresh forked server with the given system properties (such as
     * {@code zookeeper.enforceQuota}, {@code zookeeper.skipACL} or the superDigest): ZooKeeper
     * reads them once per JVM into static fields, so they cannot be set for an in-process server.
     */
    static ZooKeeperTarget startForked(String name, Map<String, String> properties) throws IOException {
        RealZooKeeper.Builder builder = RealZooKeeper.builder().forked(true);
        properties.forEach(builder::property);
        return new ZooKeeperTarget(name, builder.start());
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
