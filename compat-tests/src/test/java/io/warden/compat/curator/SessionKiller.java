package io.warden.compat.curator;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Forces a session to expire through the server, the way Curator's tests used to
 * ({@code KillSession}): a second official 3.9.5 client attaches to the same session id and
 * password, which makes the server drop the original connection (a re-attach supersedes it), and
 * then closes the session (a {@code closeSession} request, like any other write). The original
 * client's next reconnect is refused as expired (ConnectResponse with timeout 0), so its
 * application sees {@code Expired} (Curator: {@code LOST}) and must build a new session.
 *
 * <p>Unlike Curator's newer client-side {@code injectSessionExpiration}, this goes through the
 * server: the ephemerals of the session are really deleted and watchers of other sessions fire.
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionKiller {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final int CLOSE_TIMEOUT_MS = 10_000;

    private SessionKiller() {}

    /** Attaches to session {@code sessionId} on {@code connectString} and closes it. */
    public static void expire(String connectString, long sessionId, byte[] password)
            throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper killer = new ZooKeeper(connectString, 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, sessionId, password);
        try {
            if (!connected.await(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("could not attach to session 0x" + Long.toHexString(sessionId)
                        + " on " + connectString + " within " + CONNECT_TIMEOUT);
            }
            if (killer.getSessionId() != sessionId) {
                throw new IOException("attached to 0x" + Long.toHexString(killer.getSessionId())
                        + " instead of 0x" + Long.toHexString(sessionId));
            }
        } finally {
            // closeSession; blocks until the server answers (or the bound passes).
            killer.close(CLOSE_TIMEOUT_MS);
        }
    }
}
