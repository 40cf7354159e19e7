package io.warden.compat.crash;

import io.warden.compat.harness.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ServerUnderTest} implementations: real ZooKeeper 3.9.5 and the Warden jar, both in a
 * child JVM with a zoo.cfg naming {@code dataDir}, {@code clientPort} and
 * {@code clientPortAddress=127.0.0.1}, plus a decorator that forgets everything on restart.
 *
 * <p>Stateless; the returned servers are immutable.
 */
public final class ForkedServers {
    /** System property naming the shaded Warden jar (set by compat-tests' pom). */
    public static final String WARDEN_JAR_PROPERTY = "warden.server.jar";

    private ForkedServers() {}

    /**
     * {@code snapCount} in the zoo.cfg of both servers: small enough that a default run (about
     * 3000 transactions) takes several snapshots, so kills also land during and just after
     * snapshots and restarts load snapshot + log, not only the log.
     */
    public static final int SNAP_COUNT = 1000;

    /** Builds the command line of one server process from its zoo.cfg. */
    private interface CommandLine {
        List<String> of(Path zooCfg) throws IOException;
    }

    /** Changes the data directory before a start (the decorators' faults). */
    private interface BeforeStart {
        void apply(Path workDir, Path dataDir) throws IOException;
    }

    /**
     * ZooKeeperServerMain from this JVM's test class path, {@code forceSync=yes} (its default:
     * the transaction log is fsynced before a write is acknowledged), {@link #SNAP_COUNT}.
     */
    public static ServerUnderTest realZooKeeper() {
        return realZooKeeper(SNAP_COUNT);
    }

    private static ServerUnderTest realZooKeeper(int snapCount) {
        return forked("zookeeper-3.9.5", snapCount, cfg -> {
            List<String> command = new ArrayList<>(javaCommand(256));
            command.add("-Dzookeeper.admin.enableServer=false");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("org.apache.zookeeper.server.ZooKeeperServerMain");
            command.add(cfg.toString());
            return command;
        });
    }

    /** {@code java -jar warden-server.jar zoo.cfg}; the jar from {@link #wardenJarPath()}. */
    public static ServerUnderTest wardenJar() {
        return forked("warden-jar", SNAP_COUNT, cfg -> {
            List<String> command = new ArrayList<>(javaCommand(384));
            command.add("-jar");
            command.add(wardenJarPath().toString());
            command.add(cfg.toString());
            return command;
        });
    }

    /**
     * {@code delegate}, except that every start after the first deletes everything under the data
     * directory: a server without durability. The crash checker must report lost writes on it.
     */
    public static ServerUnderTest forgetful(ServerUnderTest delegate) {
        return decorated("forgetful-" + delegate.name(), delegate, (workDir, dataDir) -> {
            Path marker = workDir.resolve("started-once");
            if (Files.exists(marker)) {
                deleteContents(dataDir);
            } else {
                Files.writeString(marker, "the next start wipes " + dataDir + "\n");
            }
        });
    }

    /**
     * Real ZooKeeper that loses the newer half of the transactions it logged since its last
     * snapshot before every start from the third on (it snapshots at each start, so before the
     * second restart that is the second half of the last cycle's writes): a server whose recent
     * fsyncs were lies. The checker must pass the first cycle and report the loss, and only the
     * loss, after the second. No snapshots between starts (snapCount 100000), so that log holds
     * the whole cycle.
     */
    public static ServerUnderTest zooKeeperLosingLogTail() {
        return decorated("zookeeper-3.9.5-losing-log-tail", realZooKeeper(100_000), (workDir, dataDir) -> {
            Path starts = workDir.resolve("starts");
            int started = Files.exists(starts) ? Integer.parseInt(Files.readString(starts).strip()) : 0;
            Files.writeString(starts, Integer.toString(started + 1));
            if (started >= 2) {
                ZooKeeperLogs.dropNewerHalfOfNewestLog(dataDir.resolve("version-2"));
            }
        });
    }

    private static ServerUnderTest forked(String name, int snapCount, CommandLine commandLine) {
        return new ServerUnderTest() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Running start(Path workDir, Path dataDir, int port) throws IOException {
                return ForkedProcess.launch(name, commandLine.of(writeZooCfg(workDir, dataDir, port, snapCount)),
                        workDir, workDir.resolve("server.log"), port);
            }

            @Override
            public Running launch(Path workDir, Path dataDir, int port) throws IOException {
                return ForkedProcess.spawn(commandLine.of(writeZooCfg(workDir, dataDir, port, snapCount)),
                        workDir, workDir.resolve("server.log"), port);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static ServerUnderTest decorated(String name, ServerUnderTest delegate, BeforeStart fault) {
        return new ServerUnderTest() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Running start(Path workDir, Path dataDir, int port) throws IOException {
                fault.apply(workDir, dataDir);
                return delegate.start(workDir, dataDir, port);
            }

            @Override
            public Running launch(Path workDir, Path dataDir, int port) throws IOException {
                fault.apply(workDir, dataDir);
                return delegate.launch(workDir, dataDir, port);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /**
     * The shaded jar: the {@value #WARDEN_JAR_PROPERTY} system property (compat-tests' pom sets it
     * to {@code wire-server/server/target/warden-server.jar}, which the reactor packages before
     * compat-tests runs), else that path relative to the module directory.
     */
    public static Path wardenJarPath() throws IOException {
        String configured = System.getProperty(WARDEN_JAR_PROPERTY, "");
        Path jar = configured.isBlank()
                ? Path.of("..", "wire-server", "server", "target", "warden-server.jar")
                : Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no Warden server jar at " + jar.toAbsolutePath()
                    + " (build it: mvn -B -pl wire-server/server -am package -DskipTests)");
        }
        return jar.toAbsolutePath().normalize();
    }

    private static List<String> javaCommand(int heapMb) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    private static Path writeZooCfg(Path workDir, Path dataDir, int port, int snapCount)
            throws IOException {
        Files.createDirectories(dataDir);
        String text = "# written by io.warden.compat.crash.ForkedServers\n"
                + "tickTime=2000\n"
                + "dataDir=" + dataDir.toAbsolutePath() + "\n"
                + "clientPort=" + port + "\n"
                + "clientPortAddress=" + FreePorts.LOOPBACK_HOST + "\n"
                + "forceSync=yes\n"
                + "snapCount=" + snapCount + "\n"
                + "4lw.commands.whitelist=*\n"
                + "admin.enableServer=false\n";
        Path cfg = workDir.resolve("zoo.cfg");
        Files.writeString(cfg, text, StandardCharsets.UTF_8);
        return cfg;
    }

    static void deleteContents(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
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
                if (!d.equals(dir)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
