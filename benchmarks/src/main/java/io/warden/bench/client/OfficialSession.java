package io.warden.bench.client;

import io.warden.bench.load.MonotonicClock;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A session of the official ZooKeeper 3.9.5 client, driven through its callback async API: this
 * object is every callback; the context of each request is a small {@link Sent} record (our
 * client's counterpart is the captured lambda). Threads: see {@link LoadSession}.
 */
final class OfficialSession extends LoadSession implements AsyncCallback.StatCallback,
        AsyncCallback.DataCallback, AsyncCallback.StringCallback, AsyncCallback.VoidCallback {
    static final int SESSION_TIMEOUT_MS = OursSession.SESSION_TIMEOUT_MS;

    private final ZooKeeper zk;

    /** The context of one request: when it was sent. Immutable. */
    private record Sent(long startNanos) {
    }

    private OfficialSession(ZooKeeper zk, ClientWorkload workload, String dir, byte[] value,
            int inflight, MonotonicClock clock) {
        super(workload, dir, value, inflight, clock);
        this.zk = zk;
    }

    static OfficialSession open(int port, long timeoutMs, ClientWorkload workload, String dir,
            byte[] value, int inflight, MonotonicClock clock) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(timeoutMs, TimeUnit.MILLISECONDS)) {
            zk.close(5_000);
            throw new IOException("official client: no session with 127.0.0.1:" + port + " in " + timeoutMs + " ms");
        }
        return new OfficialSession(zk, workload, dir, value, inflight, clock);
    }

    @Override
    void getData(String path, long startNanos) {
        zk.getData(path, false, this, new Sent(startNanos));
    }

    @Override
    void setData(String path, byte[] data, long startNanos) {
        zk.setData(path, data, -1, this, new Sent(startNanos));
    }

    @Override
    void exists(String path, long startNanos) {
        zk.exists(path, false, this, new Sent(startNanos));
    }

    @Override
    void create(String path, byte[] data, long startNanos) {
        zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, this, new Sent(startNanos));
    }

    @Override
    void delete(String path, long startNanos) {
        zk.delete(path, -1, this, new Sent(startNanos));
    }

    private static String errorName(int rc) {
        if (rc == KeeperException.Code.OK.intValue()) {
            return null;
        }
        KeeperException.Code code = KeeperException.Code.get(rc);
        return code == null ? "rc" + rc : code.name();
    }

    @Override
    public void processResult(int rc, String path, Object ctx, Stat stat) {
        done(errorName(rc), ((Sent) ctx).startNanos());
    }

    @Override
    public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
        done(errorName(rc), ((Sent) ctx).startNanos());
    }

    @Override
    public void processResult(int rc, String path, Object ctx, String name) {
        created(errorName(rc), path, ((Sent) ctx).startNanos());
    }

    @Override
    public void processResult(int rc, String path, Object ctx) {
        done(errorName(rc), ((Sent) ctx).startNanos());
    }

    @Override
    public void close() {
        try {
            zk.close(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
