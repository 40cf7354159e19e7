package io.warden.compat.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Connects the official Apache ZooKeeper 3.9.5 Java client ({@link ZooKeeper}) and waits, bounded,
 * for {@code SyncConnected}, so tests start from a live session.
 *
 * <p>Stateless and thread-safe; the returned client is the caller's to close.
 */
public final class OfficialJavaClient {
    /** Session timeout asked for by {@link #connect(String)}. */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 30_000;
    /** How long {@link #connect(String)} waits for the session. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private OfficialJavaClient() {}

    /** Connects with the defaults. */
    public static ZooKeeper connect(String connectString) throws IOException {
        return connect(connectString, DEFAULT_SESSION_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * Connects and waits for {@code SyncConnected}; on timeout closes the client and throws.
     */
    public static ZooKeeper connect(String connectString, int sessionTimeoutMs, Duration timeout)
            throws IOException {
        return connect(connectString, sessionTimeoutMs, timeout, state -> { });
    }

    /**
     * Connects like {@link #connect(String, int, Duration)} and hands {@code states} every
     * connection-state change the client sees (each event of type {@code None}, the first
     * {@code SyncConnected} included), on the client's event thread.
     */
    public static ZooKeeper connect(String connectString, int sessionTimeoutMs, Duration timeout,
            Consumer<Watcher.Event.KeeperState> states) throws IOException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper(connectString, sessionTimeoutMs, event -> {
            if (event.getType() == Watcher.Event.EventType.None) {
                states.accept(event.getState());
            }
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        boolean ok = false;
        try {
            ok = connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!ok) {
                closeQuietly(client);
            }
        }
        if (!ok) {
            throw new IOException("official Java client not connected to " + connectString
                    + " within " + timeout);
        }
        return client;
    }

    private static void closeQuietly(ZooKeeper client) {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
