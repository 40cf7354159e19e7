package io.warden.compat.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One running incarnation of a real ZooKeeper server: a thread in this JVM
 * ({@link InProcessZooKeeper}) or a child JVM ({@link ForkedZooKeeper}). {@link RealZooKeeper}
 * owns at most one at a time and replaces it on restart.
 *
 * <p>Implementations are thread-safe for {@link #isAlive()} and {@link #deathReason()};
 * {@link #stop} and {@link #kill} are called by {@code RealZooKeeper} under its own lock.
 */
interface ServerInstance {
    /** Stops gracefully, escalating as needed, within {@code timeout}. */
    void stop(Duration timeout) throws IOException;

    /** Kills abruptly (SIGKILL) within {@code timeout}; in-process instances cannot do this. */
    void kill(Duration timeout) throws IOException;

    /** Whether the server thread or process is still running. */
    boolean isAlive();

    /** Why the server died on its own, if it did (checked while waiting for it to start). */
    Optional<StartFailure> deathReason();

    /** Process id of a forked server. */
    OptionalLong pid();

    /** Recent output of a forked server (for error messages); empty in-process. */
    String outputTail();
}
