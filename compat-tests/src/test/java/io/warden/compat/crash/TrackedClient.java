package io.warden.compat.crash;

import io.warden.compat.harness.Deadline;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * The official ZooKeeper 3.9.5 Java client plus the last connection state its default watcher saw,
 * so the crash test can wait, bounded, for a session to come back after a restart and tell a
 * session the server expired from one that simply has not reconnected yet.
 *
 * <p>Thread-safe: the state fields are atomics written by the client's event thread; the
 * {@link ZooKeeper} handle is thread-safe.
 */
final class TrackedClient implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final int MAX_POLLS = 100_000;
    private static final int CLOSE_WAIT_MS = 5_000;

    private final String name;
    private final AtomicReference<KeeperState> state = new AtomicReference<>(KeeperState.Disconnected);
    private final AtomicBoolean expired = new AtomicBoolean();
    private final ZooKeeper zk;

    private TrackedClient(String name, String connectString, int sessionTimeoutMs) throws IOException {
        this.name = name;
        this.zk = new ZooKeeper(connectString, sessionTimeoutMs, event -> {
            KeeperState s = event.getState();
            if (s == KeeperState.Expired) {
                expired.set(true);
            }
            if (s == KeeperState.SyncConnected || s == KeeperState.Disconnected
                    || s == KeeperState.Expired || s == KeeperState.Closed) {
                state.set(s);
            }
        });
    }

    /**
     * Connects and waits for the session; throws (after closing the client) if it is not
     * connected within {@code timeout} or once {@code abort} says so.
     */
    static TrackedClient connect(String name, String connectString, int sessionTimeoutMs,
            Duration timeout, BooleanSupplier abort) throws IOException {
        TrackedClient client = new TrackedClient(name, connectString, sessionTimeoutMs);
        boolean ok = false;
        try {
            ok = client.awaitConnected(Deadline.after(timeout), abort);
        } finally {
            if (!ok) {
                client.close();
            }
        }
        if (!ok) {
            throw new IOException(name + ": no session with " + connectString + " within " + timeout);
        }
        return client;
    }

    /** The client. */
    ZooKeeper zk() {
        return zk;
    }

    /** Its session id (0 before the first connection). */
    long sessionId() {
        return zk.getSessionId();
    }

    /** Whether the server ever declared this session expired. */
    boolean expired() {
        return expired.get();
    }

    /** Name given at connect, for messages. */
    String name() {
        return name;
    }

    /**
     * Waits until the client is connected; false if its session expired, {@code abort} returned
     * true or the deadline passed first.
     */
    boolean awaitConnected(Deadline deadline, BooleanSupplier abort) throws IOException {
        for (int poll = 0; poll < MAX_POLLS; poll++) {
            if (expired.get()) {
                return false;
            }
            if (state.get() == KeeperState.SyncConnected && zk.getState().isConnected()) {
                return true;
            }
            if (deadline.expired() || abort.getAsBoolean()) {
                return false;
            }
            ForkedProcess.sleep(POLL);
        }
        return false;
    }

    /** Closes the session (bounded wait); never throws. */
    @Override
    public void close() {
        try {
            zk.close(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
