package io.warden.compat.durability;

import io.warden.compat.crash.ForkedServers;
import io.warden.compat.crash.ServerUnderTest;
import io.warden.compat.harness.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One server in a child process on a fixed data directory and port, restartable by SIGTERM or
 * SIGKILL, for the restart tests. Not thread-safe: the test thread only.
 */
final class RestartableServer implements AutoCloseable {
    /** Which server. */
    enum Kind {
        WARDEN, ZOOKEEPER;

        ServerUnderTest server() {
            return this == WARDEN ? ForkedServers.wardenJar() : ForkedServers.realZooKeeper();
        }
    }

    /** How the server goes down. */
    enum Stop {
        /** SIGTERM to the child we started: a clean shutdown. */
        SIGTERM,
        /** SIGKILL: nothing after the last fsync survives. */
        SIGKILL
    }

    /**
     * The server this many times in a connect string: a restarting ZooKeeper can accept a
     * connection and never answer it, and with copies the client gives up on such an attempt
     * after sessionTimeout / copies instead of the whole timeout (see CuratorClients).
     */
    static final int CONNECT_STRING_COPIES = 5;
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final ServerUnderTest server;
    private final Path workDir;
    private final Path dataDir;
    private final int port;
    private ServerUnderTest.Running running;

    private RestartableServer(ServerUnderTest server, Path workDir, int port) {
        this.server = server;
        this.workDir = workDir;
        this.dataDir = workDir.resolve("data");
        this.port = port;
    }

    /** Starts {@code kind} on a free port with its data under {@code workDir}; returns once it serves. */
    static RestartableServer start(Kind kind, Path workDir) throws IOException {
        RestartableServer s = new RestartableServer(kind.server(), workDir, FreePorts.pick());
        s.running = s.server.start(workDir, s.dataDir, s.port);
        return s;
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
        return FreePorts.LOOPBACK_HOST + ":" + port;
    }

    /** {@link #address()} {@value #CONNECT_STRING_COPIES} times. */
    static String connectString(String address) {
        return String.join(",", Collections.nCopies(CONNECT_STRING_COPIES, address));
    }

    /** Stops the server ({@code how}) and waits until the process is gone. */
    void stop(Stop how) throws IOException {
        if (how == Stop.SIGTERM) {
            ProcessHandle handle = ProcessHandle.of(running.pid()).orElse(null);
            if (handle != null && handle.destroy()) {
                try {
                    handle.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for the server to stop", e);
                } catch (ExecutionException | TimeoutException e) {
                    // not gone after SIGTERM: SIGKILL below
                }
            }
        }
        running.kill();
    }

    /** Starts the server again on the same data directory and port; returns once it serves. */
    void startAgain() throws IOException {
        running = server.start(workDir, dataDir, port);
    }

    /** The end of the current process's output, for failure messages. */
    String outputTail() {
        return running.outputTail();
    }

    @Override
    public void close() throws IOException {
        if (running != null) {
            running.kill();
        }
    }
}
