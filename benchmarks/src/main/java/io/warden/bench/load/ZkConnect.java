package io.warden.bench.load;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Opens official-client sessions and waits, bounded, until they are connected. Stateless. */
final class ZkConnect {
    /** Session timeout asked of the server, long enough that a loaded run never expires one. */
    static final int SESSION_TIMEOUT_MS = 30_000;

    private ZkConnect() {
    }

    /**
     * A connected session to {@code 127.0.0.1:port}.
     *
     * @throws IOException if it is not connected within {@code timeoutMs} (the handle is closed)
     */
    static ZooKeeper open(int port, long timeoutMs) throws IOException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            if (connected.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                return zk;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(zk);
        throw new IOException("no session with 127.0.0.1:" + port + " within " + timeoutMs + " ms");
    }

    /** Closes a handle, waiting at most a few seconds for the server's reply. */
    static void closeQuietly(ZooKeeper zk) {
        if (zk == null) {
            return;
        }
        try {
            zk.close(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
