package io.warden.compat.peers;

import io.warden.compat.harness.FreePorts;
import io.warden.compat.harness.RealZooKeeper;
import io.warden.server.ServerConfig;
import io.warden.server.ServerEnv;
import io.warden.server.WardenServer;
import io.warden.server.sequencer.StateStore;
import io.warden.server.state.StateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A server that the stock clients talk to: real Apache ZooKeeper 3.9.5 (the reference, which
 * proves each scenario) or Warden, both standalone on {@code 127.0.0.1} with tickTime 2000 and
 * every four-letter word whitelisted, or with the default whitelist ({@code srvr} only) when
 * started through {@link #startWithDefaultWhitelist}.
 *
 * <p>{@link #restart()} stops the server and starts it again on the same port and data directory;
 * clients reconnect by themselves. ZooKeeper reloads its snapshot and transaction log, so its
 * sessions survive. Warden's default build keeps state in memory only, so {@link WardenPeer}
 * hands the same in-memory state machine to the new server: the closest Warden has to a durable
 * restart (what its log will give once it exists).
 *
 * <p>Implementations are thread-safe: lifecycle methods are {@code synchronized}.
 */
public sealed interface PeerTarget extends AutoCloseable permits PeerTarget.ZooKeeperPeer, PeerTarget.WardenPeer {

    /** Which server; the parameter of every test in this package. */
    enum Kind {
        ZOOKEEPER("zookeeper"),
        WARDEN("warden");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** A short lower-case label for test names and messages. */
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Starts a fresh server of {@code kind} with every four-letter word whitelisted. */
    static PeerTarget start(Kind kind) throws IOException {
        return switch (kind) {
            case ZOOKEEPER -> ZooKeeperPeer.start(false);
            case WARDEN -> WardenPeer.start(false);
        };
    }

    /**
     * Starts a fresh server of {@code kind} with the default four-letter-word whitelist (srvr
     * only). ZooKeeper runs forked, because its whitelist is a JVM-wide, cached system property,
     * and keeps ruok and conf too, which the harness uses to see that it is serving.
     */
    static PeerTarget startWithDefaultWhitelist(Kind kind) throws IOException {
        return switch (kind) {
            case ZOOKEEPER -> ZooKeeperPeer.start(true);
            case WARDEN -> WardenPeer.start(true);
        };
    }

    Kind kind();

    /** Always {@code 127.0.0.1}. */
    default String host() {
        return FreePorts.LOOPBACK_HOST;
    }

    /** The client port; the same after {@link #restart()}. */
    int port();

    /** {@code 127.0.0.1:port}. */
    default String connectString() {
        return host() + ":" + port();
    }

    /** Stops the server and starts it again on the same port, keeping its data. */
    void restart() throws IOException;

    /** Stops the server and deletes its files. Idempotent. */
    @Override
    void close() throws IOException;

    /** Real ZooKeeper 3.9.5 through the harness ({@link RealZooKeeper}). */
    final class ZooKeeperPeer implements PeerTarget {
        /** The whitelist of {@link #startWithDefaultWhitelist}: the default (srvr) plus what the harness needs. */
        static final List<String> ZOOKEEPER_MINIMAL_WHITELIST = List.of("srvr", "ruok", "conf");

        private final RealZooKeeper server;

        private ZooKeeperPeer(RealZooKeeper server) {
            this.server = server;
        }

        static ZooKeeperPeer start(boolean defaultWhitelist) throws IOException {
            RealZooKeeper.Builder builder = RealZooKeeper.builder();
            if (defaultWhitelist) {
                // ZooKeeper's default is srvr only; the harness needs ruok and conf to see that
                // the server is up (RealZooKeeper#awaitServing), so those two stay whitelisted.
                builder.forked(true).config("4lw.commands.whitelist", String.join(",", ZOOKEEPER_MINIMAL_WHITELIST));
            }
            return new ZooKeeperPeer(builder.start());
        }

        @Override
        public Kind kind() {
            return Kind.ZOOKEEPER;
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public void restart() throws IOException {
            server.restart();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        @Override
        public String toString() {
            return server.toString();
        }
    }

    /**
     * Warden in this JVM. The first start binds a port the kernel picks; restarts bind that port
     * again and reuse the state machine (see the interface javadoc).
     */
    final class WardenPeer implements PeerTarget {
        private final Path baseDir;
        private final ServerConfig config;
        private final StateMachine state;
        private WardenServer server; // guarded by this; null when stopped

        private WardenPeer(Path baseDir, ServerConfig config, StateMachine state, WardenServer server) {
            this.baseDir = baseDir;
            this.config = config;
            this.state = state;
            this.server = server;
        }

        static WardenPeer start(boolean defaultWhitelist) throws IOException {
            Path baseDir = Files.createTempDirectory("warden-peers-");
            try {
                ServerConfig.Builder builder = ServerConfig.builder()
                        .clientPortAddress(FreePorts.LOOPBACK_HOST)
                        .clientPort(0)
                        .tickTimeMs(2000)
                        .dataDir(baseDir.resolve("data"));
                if (!defaultWhitelist) {
                    builder.allFourLetterWords();
                }
                ServerConfig config = builder.build();
                StateMachine state = new StateMachine(config.stateConfig());
                WardenServer server = WardenServer.start(config, ServerEnv.system(), StateStore.of(state));
                ServerConfig bound = config.toBuilder().clientPort(server.port()).build();
                return new WardenPeer(baseDir, bound, state, server);
            } catch (IOException | RuntimeException e) {
                deleteRecursively(baseDir);
                throw e;
            }
        }

        @Override
        public Kind kind() {
            return Kind.WARDEN;
        }

        @Override
        public int port() {
            return config.clientPort();
        }

        @Override
        public synchronized void restart() throws IOException {
            if (server != null) {
                server.close();
                server = null;
            }
            server = WardenServer.start(config, ServerEnv.system(), StateStore.of(state));
        }

        @Override
        public synchronized void close() {
            try {
                if (server != null) {
                    server.close();
                    server = null;
                }
            } finally {
                deleteRecursively(baseDir);
            }
        }

        @Override
        public String toString() {
            return "Warden[" + connectString() + "]";
        }

        private static void deleteRecursively(Path dir) {
            if (!Files.exists(dir)) {
                return;
            }
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + dir, e);
            }
        }
    }
}
