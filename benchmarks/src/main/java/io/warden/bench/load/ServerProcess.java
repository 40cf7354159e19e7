package io.warden.bench.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.ZooKeeper;

/**
 * A server in a JVM we forked: real ZooKeeper ({@code ZooKeeperServerMain}, this JVM's
 * classpath, {@code forceSync=yes}) or Warden ({@code java -jar warden-server.jar port dataDir}),
 * bound to a free 127.0.0.1 port, with the same heap settings. Stopped by its own handle only.
 *
 * <p>Thread-confined to the coordinator thread, except {@link #pid()} and {@link #isAlive()}.
 */
public final class ServerProcess implements AutoCloseable {
    /** How long a fresh server may take until a client session is established. */
    static final long START_TIMEOUT_MS = 60_000;

    private final Target target;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Target target, Process process, int port, Path log) {
        this.target = target;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Forks the server and waits until a session can be opened.
     *
     * @throws IOException if it cannot start, exits, or accepts no session in time (then it has
     *     been stopped); the message says why
     */
    public static ServerProcess start(Target target, LoadOptions options, Path workDir)
            throws IOException {
        int port = freePort();
        Path dataDir = Files.createDirectories(workDir.resolve(target.label() + "-data"));
        Path log = workDir.resolve(target.label() + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + options.serverHeapMb() + "m");
        cmd.add("-Xmx" + options.serverHeapMb() + "m");
        switch (target) {
            case ZOOKEEPER -> {
                Path cfg = writeZooCfg(workDir, port, dataDir);
                cmd.add("-Dzookeeper.admin.enableServer=false");
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add("org.apache.zookeeper.server.ZooKeeperServerMain");
                cmd.add(cfg.toString());
            }
            case WARDEN -> {
                if (!Files.isRegularFile(options.wardenJar())) {
                    throw new IOException("no Warden jar at " + options.wardenJar().toAbsolutePath()
                            + " (build it: mvn -B -q -pl wire-server/server -am package -DskipTests)");
                }
                cmd.add("-jar");
                cmd.add(options.wardenJar().toString());
                cmd.add(Integer.toString(port));
                cmd.add(dataDir.toString());
            }
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(target, p, port, log);
        server.awaitReady();
        return server;
    }

    private static Path writeZooCfg(Path workDir, int port, Path dataDir) throws IOException {
        Path cfg = workDir.resolve("zoo.cfg");
        Files.writeString(cfg, String.join("\n",
                "tickTime=2000",
                "dataDir=" + dataDir.toAbsolutePath(),
                "clientPort=" + port,
                "clientPortAddress=127.0.0.1",
                "forceSync=yes",
                "maxClientCnxns=0",
                "admin.enableServer=false",
                "4lw.commands.whitelist=*",
                ""));
        return cfg;
    }

    private void awaitReady() throws IOException {
        ZooKeeper zk = null;
        try {
            if (!process.isAlive()) {
                throw new IOException(target.label() + " exited at once with " + process.exitValue());
            }
            zk = ZkConnect.open(port, START_TIMEOUT_MS);
            if (!process.isAlive()) {
                throw new IOException(target.label() + " exited with " + process.exitValue());
            }
        } catch (IOException e) {
            close();
            throw new IOException(e.getMessage() + "; see " + log, e);
        } finally {
            ZkConnect.closeQuietly(zk);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public Target target() {
        return target;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Stops the process: SIGTERM, then SIGKILL after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
