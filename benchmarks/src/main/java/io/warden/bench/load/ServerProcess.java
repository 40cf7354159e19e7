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
 * classpath) or Warden ({@code java -jar warden-server.jar zoo.cfg}), each given a zoo.cfg with
 * the same settings ({@code forceSync=yes}, optionally {@code snapCount}), bound to a free
 * 127.0.0.1 port, with the same heap settings. Stopped by its own handle only.
 *
 * <p>Thread-confined to the coordinator thread, except {@link #pid()} and {@link #isAlive()}.
 */
public final class ServerProcess implements AutoCloseable {
    /** How long a fresh server may take until a client session is established. */
    static final long START_TIMEOUT_MS = 60_000;

    /**
     * Every server process this JVM forked and has not stopped yet; a shutdown hook kills them,
     * so that stopping the runner (even while a server is still starting) leaves none behind.
     */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Process p : LIVE) {
                p.destroyForcibly();
            }
        }, "server-process-reaper"));
    }

    private final Target target;
    private final Process process;
    private final int port;
    private final Path log;
    private final Path dataDir;
    private final List<String> command;

    private ServerProcess(Target target, Process process, int port, Path log, Path dataDir,
            List<String> command) {
        this.target = target;
        this.process = process;
        this.port = port;
        this.log = log;
        this.dataDir = dataDir;
        this.command = List.copyOf(command);
    }

    /**
     * How to start a server. Immutable.
     *
     * @param heapMb -Xms and -Xmx
     * @param wardenJar Warden's runnable jar
     * @param snapCount zoo.cfg snapCount for both servers, or 0 to leave it out (ZooKeeper's
     *     default, 100000)
     * @param jfrFile for Warden only: a Java Flight Recorder file to record a CPU profile into
     *     (written when the server stops), or null
     */
    public record Settings(int heapMb, Path wardenJar, int snapCount, Path jfrFile) {
    }

    /**
     * Forks the server and waits until a session can be opened.
     *
     * @throws IOException if it cannot start, exits, or accepts no session in time (then it has
     *     been stopped); the message says why
     */
    public static ServerProcess start(Target target, LoadOptions options, Path workDir)
            throws IOException {
        return start(target, options.serverSettings(), workDir);
    }

    /** Forks the server with these settings; see {@link #start(Target, LoadOptions, Path)}. */
    public static ServerProcess start(Target target, Settings settings, Path workDir)
            throws IOException {
        int port = freePort();
        Files.createDirectories(workDir);
        Path dataDir = Files.createDirectories(workDir.resolve(target.label() + "-data"));
        Path log = workDir.resolve(target.label() + ".log");
        Path cfg = writeZooCfg(workDir.resolve(target.label() + "-zoo.cfg"), port, dataDir,
                settings.snapCount());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + settings.heapMb() + "m");
        cmd.add("-Xmx" + settings.heapMb() + "m");
        switch (target) {
            case ZOOKEEPER -> {
                cmd.add("-Dzookeeper.admin.enableServer=false");
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add("org.apache.zookeeper.server.ZooKeeperServerMain");
                cmd.add(cfg.toString());
            }
            case WARDEN -> {
                if (!Files.isRegularFile(settings.wardenJar())) {
                    throw new IOException("no Warden jar at " + settings.wardenJar().toAbsolutePath()
                            + " (build it: mvn -B -q -pl wire-server/server -am package -DskipTests)");
                }
                if (settings.jfrFile() != null) {
                    cmd.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                            + settings.jfrFile().toAbsolutePath());
                }
                cmd.add("-jar");
                cmd.add(settings.wardenJar().toString());
                cmd.add(cfg.toString());
            }
        }
        return launch(target, cmd, port, dataDir, log);
    }

    private static ServerProcess launch(Target target, List<String> cmd, int port, Path dataDir,
            Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LIVE.add(p);
        ServerProcess server = new ServerProcess(target, p, port, log, dataDir, cmd);
        server.awaitReady();
        return server;
    }

    /**
     * Starts the same server again (same command, port and data directory) after this one has
     * stopped, and waits until a session can be opened.
     */
    public ServerProcess restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(target.label() + " is still running");
        }
        return launch(target, command, port, dataDir, log);
    }

    /**
     * Starts the same server again and returns once it is serving: when a raw ConnectRequest
     * gets a session (polled every 10 ms, so the official client's reconnect back-off does not
     * count; each attempt waits at most 250 ms for the reply for the first 15 s, 2 s after), at
     * most {@link #START_TIMEOUT_MS}.
     *
     * @return the new process and how long it took from the fork, in nanoseconds
     */
    public Restarted restartTimed(MonotonicClock clock) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(target.label() + " is still running");
        }
        long t0 = clock.nanos();
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LIVE.add(p);
        ServerProcess again = new ServerProcess(target, p, port, log, dataDir, command);
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!ConnectDriver.handshake(port,
                clock.nanos() - t0 < TimeUnit.MILLISECONDS.toNanos(ConnectDriver.PROBE_SHORT_MS)
                        ? ConnectDriver.PROBE_TIMEOUT_MS : ConnectDriver.PROBE_LONG_TIMEOUT_MS)) {
            if (!p.isAlive() || clock.nanos() > deadline) {
                again.close();
                throw new IOException(target.label() + " did not come back within "
                        + START_TIMEOUT_MS + " ms; see " + log);
            }
            Thread.sleep(10);
        }
        return new Restarted(again, clock.nanos() - t0);
    }

    /** A restarted server and the time from the fork to its first session. */
    public record Restarted(ServerProcess server, long nanos) {
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                LIVE.remove(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server's data directory (owned by the runner). */
    public Path dataDir() {
        return dataDir;
    }

    private static Path writeZooCfg(Path cfg, int port, Path dataDir, int snapCount)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "tickTime=2000",
                "dataDir=" + dataDir.toAbsolutePath(),
                "clientPort=" + port,
                "clientPortAddress=127.0.0.1",
                "forceSync=yes",
                "maxClientCnxns=0",
                "admin.enableServer=false",
                "4lw.commands.whitelist=*"));
        if (snapCount > 0) {
            lines.add("snapCount=" + snapCount);
        }
        lines.add("");
        Files.writeString(cfg, String.join("\n", lines));
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
            LIVE.remove(process);
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
        if (!process.isAlive()) {
            LIVE.remove(process);
        }
    }
}
