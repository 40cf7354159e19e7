package io.warden.compat.crash;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A server the crash test can start as a child process, SIGKILL and start again on the same data
 * directory and port. Implementations: {@link ForkedServers#realZooKeeper()} (the reference,
 * ZooKeeper 3.9.5 with {@code forceSync=yes}), {@link ForkedServers#wardenJar()} (our shaded jar)
 * and {@link ForkedServers#forgetful} (a decorator that wipes the data directory before every
 * restart, to prove the checker catches lost writes).
 *
 * <p>Implementations are immutable and thread-safe; each {@link #start} returns a new handle.
 */
public interface ServerUnderTest {
    /** Short name for logs and reports, e.g. {@code "zookeeper-3.9.5"}. */
    String name();

    /**
     * Starts a server that keeps its state under {@code dataDir} and serves {@code 127.0.0.1:port},
     * and returns once it answers requests. The same arguments again after {@link Running#kill()}
     * are a restart. {@code workDir} holds its config and log (appended across restarts).
     */
    Running start(Path workDir, Path dataDir, int port) throws IOException;

    /**
     * Like {@link #start} but returns as soon as the process runs, without waiting for it to
     * serve: for killing a server again while it recovers.
     */
    Running launch(Path workDir, Path dataDir, int port) throws IOException;

    /** One running server process; thread-safe. */
    interface Running {
        /** Process id of the child this harness started. */
        long pid();

        /** SIGKILL ({@link Process#destroyForcibly()} on our own handle) and wait, bounded, for exit. */
        void kill() throws IOException;

        /** Whether the process is still alive. */
        boolean isAlive();

        /** The end of this launch's output, for failure messages. */
        String outputTail();
    }
}
