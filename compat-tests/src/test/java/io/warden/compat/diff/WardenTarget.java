package io.warden.compat.diff;

import io.warden.compat.harness.FreePorts;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.UnaryOperator;

/**
 * Warden in this JVM, configured like the reference ({@link ZooKeeperTarget}): tickTime 2000
 * (session timeouts clamped to [4000, 40000] ms), extended types off, bound to 127.0.0.1 on a
 * port the kernel picks. Thread-safe (delegates to {@link WardenServer}).
 */
final class WardenTarget implements Target {
    private final String name;
    private final WardenServer server;
    private final Path baseDir;

    private WardenTarget(String name, WardenServer server, Path baseDir) {
        this.name = name;
        this.server = server;
        this.baseDir = baseDir;
    }

    /** Starts a fresh server with its own temporary data directory. */
    static WardenTarget start(String name) throws IOException {
        return start(name, UnaryOperator.identity());
    }

    /** The same with settings changed by {@code settings} (e.g. {@code enforceQuota(true)}). */
    static WardenTarget start(String name, UnaryOperator<ServerConfig.Builder> settings) throws IOException {
        Path baseDir = Files.createTempDirectory("warden-diff-");
        try {
            WardenServer server = WardenServer.start(settings.apply(ServerConfig.builder()
                    .clientPortAddress(FreePorts.LOOPBACK_HOST)
                    .clientPort(0)
                    .tickTimeMs(2000)
                    .dataDir(baseDir.resolve("data")))
                    .build());
            return new WardenTarget(name, server, baseDir);
        } catch (IOException | RuntimeException e) {
            deleteRecursively(baseDir);
            throw e;
        }
    }

    WardenServer server() {
        return server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return FreePorts.LOOPBACK_HOST;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            deleteRecursively(baseDir);
        }
    }

    @Override
    public String toString() {
        return name + "(warden on " + host() + ":" + port() + ")";
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
