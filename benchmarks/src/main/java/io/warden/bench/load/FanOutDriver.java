package io.warden.bench.load;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The watch fan-out workload: K watcher sessions each hold a one-shot data watch on one znode
 * (set by getData), and one writer session sets that znode's data. Every write is sent only
 * after all K watches are armed; each watcher records the time from the write being sent to its
 * NodeDataChanged event (the notification latency), then re-arms with getData. An operation is
 * one delivered notification, so ops/s is notifications per second; writes per second are
 * ops/s / K.
 *
 * <p>Threads: {@link #drive} runs on the writer's driver thread; events and re-arm callbacks run
 * on each watcher session's event thread and touch only the thread-safe tally, the volatile write
 * start and the semaphore.
 */
final class FanOutDriver extends TalliedDriver {
    /** How long the writer waits for every watcher to be notified and re-armed. */
    static final long NOTIFY_TIMEOUT_MS = 30_000;

    private final ZooKeeper writer;
    private final List<ZooKeeper> watchers;
    private final String node;
    private final byte[] value;
    private final MonotonicClock clock;
    /** One permit per armed watcher. */
    private final Semaphore armed = new Semaphore(0);
    /** When the current write was sent; the watchers measure their notification from it. */
    private volatile long writeStartNanos;
    private volatile long writes;

    FanOutDriver(ZooKeeper writer, List<ZooKeeper> watchers, String node, byte[] value,
            MonotonicClock clock) {
        this.writer = writer;
        this.watchers = List.copyOf(watchers);
        this.node = node;
        this.value = value;
        this.clock = clock;
    }

    /** One watcher's watch and re-arm callback. */
    private final class Arm implements Watcher, AsyncCallback.DataCallback {
        private final ZooKeeper zk;

        Arm(ZooKeeper zk) {
            this.zk = zk;
        }

        void arm() {
            zk.getData(node, this, this, null);
        }

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() == Event.EventType.NodeDataChanged) {
                long start = writeStartNanos;
                tally.ok(start, clock.nanos());
                arm();
            } else if (event.getType() != Event.EventType.None) {
                tally.error("UNEXPECTED_EVENT_" + event.getType(), writeStartNanos);
            }
        }

        @Override
        public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
            if (rc != KeeperException.Code.OK.intValue()) {
                tally.error(String.valueOf(KeeperException.Code.get(rc)), writeStartNanos);
                return;
            }
            armed.release();
        }
    }

    @Override
    public void drive(Window window) throws InterruptedException {
        tally.window(window);
        for (ZooKeeper zk : watchers) {
            new Arm(zk).arm();
        }
        int k = watchers.size();
        while (window.open(clock.nanos())) {
            long waitStart = clock.nanos();
            boolean all = false;
            while (!all && clock.nanos() - waitStart < TimeUnit.MILLISECONDS.toNanos(NOTIFY_TIMEOUT_MS)) {
                all = armed.tryAcquire(k, 100, TimeUnit.MILLISECONDS);
            }
            if (!all) {
                tally.error("NOTIFY_TIMEOUT", waitStart);
                return;
            }
            long start = clock.nanos();
            if (!window.open(start)) {
                armed.release(k);
                return;
            }
            writeStartNanos = start;
            writes++;
            try {
                writer.setData(node, value, -1);
            } catch (KeeperException e) {
                tally.error(e.code().name(), start);
                armed.release(k);
            }
        }
    }

    @Override
    public int drain(long timeoutMs) throws InterruptedException {
        int k = watchers.size();
        if (armed.tryAcquire(k, timeoutMs, TimeUnit.MILLISECONDS)) {
            armed.release(k);
            return 0;
        }
        return k - armed.availablePermits();
    }

    /** Writes sent (warm-up included). */
    long writes() {
        return writes;
    }
}
