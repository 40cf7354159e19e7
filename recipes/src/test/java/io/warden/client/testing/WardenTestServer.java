package io.warden.client.testing;

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
import java.util.function.UnaryOperator;

/**
 * An in-process Warden server for tests (ours and users'): bound to {@code 127.0.0.1} on a port
 * the kernel picks, tickTime 2000 (session timeouts 4000 to 40000 ms, as a default ZooKeeper),
 * extended types (TTL nodes) on, every four-letter word enabled, a temporary data directory.
 *
 * <pre>{@code
 * try (WardenTestServer server = WardenTestServer.start();
 *      WardenClient client = WardenClient.start(server.connectString())) {
 *     ...
 *     server.restart();   // same port, same znodes
 * }
 * }</pre>
 *
 * <p>{@link #restart()} keeps the data tree and the sessions by handing the same state machine to
 * the new server (no durable log is involved), so clients re-attach their sessions as they do
 * after a ZooKeeper restart.
 *
 * <p>Thread-safe: lifecycle methods are {@code synchronized} (never around network waits of a
 * client; they only start and stop the server).
 */
public final class WardenTestServer implements AutoCloseable {
    private final Path baseDir;
    private final ServerConfig config;
    private final StateMachine state;
    private WardenServer server; // guarded by this; null while stopped
    private int port;

    private WardenTestServer(Path baseDir, ServerConfig config) throws IOException {
        this.baseDir = baseDir;
        this.config = config;
        this.state = new StateMachine(config.stateConfig());
        this.server = WardenServer.start(config, ServerEnv.system(), StateStore.of(state));
        this.port = server.port();
    }

    /** Starts a server with the defaults above. */
    public static WardenTestServer start() throws IOException {
        return start(b -> b);
    }

    /** Starts a server with the defaults above changed by {@code custom}. */
    public static WardenTestServer start(UnaryOperator<ServerConfig.Builder> custom) throws IOException {
        Path dir = Files.createTempDirectory("warden-test-server-");
        try {
            ServerConfig config = custom.apply(ServerConfig.builder()
                    .clientPortAddress("127.0.0.1")
                    .clientPort(0)
                    .tickTimeMs(2000)
                    .extendedTypesEnabled(true)
                    .allFourLetterWords()
                    .dataDir(dir.resolve("data"))).build();
            return new WardenTestServer(dir, config);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
    }

    /** {@code "127.0.0.1:PORT"}; the same across restarts. */
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    public synchronized int port() {
        return port;
    }

    /** The running server, or {@code null} while stopped. */
    public synchronized WardenServer server() {
        return server;
    }

    /** Stops the server (connections close; clients start reconnecting). Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the server again on the same port with the same data tree. */
    public synchronized void restart() throws IOException {
        stop();
        server = WardenServer.start(config.toBuilder().clientPort(port).build(), ServerEnv.system(),
                StateStore.of(state));
    }

    /** Stops the server and deletes its temporary directory. */
    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(baseDir);
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
