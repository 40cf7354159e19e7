package io.warden.bench.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Set-up and clean-up through one admin session: batches of creates or deletes, pipelined with a
 * bounded number in flight, each batch bounded in time. Not measured.
 *
 * <p>Thread-confined to the coordinator thread; the callbacks only touch the semaphore and the
 * synchronized error map.
 */
final class AdminOps {
    private static final int INFLIGHT = 256;

    private final ZooKeeper zk;

    AdminOps(ZooKeeper zk) {
        this.zk = zk;
    }

    /** The outcome of a batch: errors by code (excluding those the caller tolerates), and unanswered. */
    record BatchResult(Map<String, Long> errors, int unanswered) {
        boolean ok() {
            return errors.isEmpty() && unanswered == 0;
        }
    }

    /** Creates persistent znodes with {@code data}; NODEEXISTS counts as an error. */
    BatchResult createAll(List<String> paths, byte[] data, long timeoutMs)
            throws InterruptedException {
        return run(paths, timeoutMs, false, (path, done) -> zk.create(path, data,
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                (rc, p, ctx, name) -> done.accept(rc), null));
    }

    /** Deletes znodes (any version), in the order given; NONODE is fine. */
    BatchResult deleteAll(List<String> paths, long timeoutMs) throws InterruptedException {
        return run(paths, timeoutMs, true, (path, done) -> zk.delete(path, -1,
                (rc, p, ctx) -> done.accept(rc), null));
    }

    private interface Op {
        void send(String path, java.util.function.IntConsumer done);
    }

    private BatchResult run(List<String> paths, long timeoutMs, boolean noNodeOk, Op op)
            throws InterruptedException {
        Semaphore permits = new Semaphore(INFLIGHT);
        Map<String, Long> errors = new TreeMap<>();
        long deadline = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long waitedNanos = 0;
        for (String path : paths) {
            long t = TimeUnit.SECONDS.toNanos(1);
            while (!permits.tryAcquire(t, TimeUnit.NANOSECONDS)) {
                waitedNanos += t;
                if (waitedNanos >= deadline) {
                    return new BatchResult(errors, INFLIGHT - permits.availablePermits());
                }
            }
            op.send(path, rc -> {
                if (rc != 0 && !(noNodeOk && rc == KeeperException.Code.NONODE.intValue())) {
                    synchronized (errors) {
                        errors.merge(String.valueOf(KeeperException.Code.get(rc)), 1L, Long::sum);
                    }
                }
                permits.release();
            });
        }
        long left = Math.max(1, deadline - waitedNanos);
        if (!permits.tryAcquire(INFLIGHT, left, TimeUnit.NANOSECONDS)) {
            synchronized (errors) {
                return new BatchResult(new TreeMap<>(errors), INFLIGHT - permits.availablePermits());
            }
        }
        synchronized (errors) {
            return new BatchResult(new TreeMap<>(errors), 0);
        }
    }
}
