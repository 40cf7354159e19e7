package io.warden.bench.load;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One client session under load: issues the workload's operation through the official client's
 * async API with at most {@code inflight} requests outstanding, and records the latency of every
 * operation that started inside the measured window.
 *
 * <p>Threads: {@link #drive} runs on this session's own driver thread; the callbacks run on the
 * client's event thread (or, while the handle closes, whichever thread the client picks), so
 * everything they touch is thread-safe: a synchronized histogram, atomic counters and the
 * semaphore. The coordinator reads the results after {@link #drain} has taken back every permit,
 * which orders all callbacks before the read.
 */
final class SessionDriver implements Driver, AsyncCallback.StringCallback, AsyncCallback.StatCallback,
        AsyncCallback.DataCallback, AsyncCallback.Children2Callback {
    /** Latencies above this (one minute) are clamped: a bounded histogram. */
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ZooKeeper zk;
    private final Workload workload;
    private final String dir;
    private final String node;
    private final String sharedParent;
    private final byte[] value;
    private final int inflight;
    private final Semaphore permits;
    private final MonotonicClock clock;
    private final SplittableRandom random;
    private final Histogram latencies = new SynchronizedHistogram(MAX_LATENCY_NANOS, 3);
    private final AtomicLong measuredOk = new AtomicLong();
    private final AtomicLong measuredErrors = new AtomicLong();
    private final Map<KeeperException.Code, AtomicLong> errors =
            new EnumMap<>(KeeperException.Code.class);
    private volatile Window window;
    /** Persistent znodes issued by {@link Workload#CREATE} (driver thread, read after drain). */
    private volatile long createsIssued;

    /** The context of one request: when it was sent. Immutable. */
    private record Sent(long startNanos) {
    }

    SessionDriver(ZooKeeper zk, Workload workload, String dir, String sharedParent, byte[] value,
            int inflight, MonotonicClock clock, long seed) {
        this.zk = zk;
        this.workload = workload;
        this.dir = dir;
        this.node = dir + "/node";
        this.sharedParent = sharedParent;
        this.value = value;
        this.inflight = inflight;
        this.permits = new Semaphore(inflight);
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        for (KeeperException.Code c : KeeperException.Code.values()) {
            errors.put(c, new AtomicLong());
        }
    }

    /** The znode this session reads and writes in set, get, exists and mixed. */
    String node() {
        return node;
    }

    /** The persistent znodes the create workload made (or may have made), for cleanup. */
    @Override
    public List<String> createdPaths() {
        long n = createsIssued;
        return java.util.stream.LongStream.range(0, n).mapToObj(this::createPath).toList();
    }

    private String createPath(long i) {
        return dir + "/n" + i;
    }

    /**
     * Issues operations until {@code measureEndNanos}; latencies count for operations sent in
     * [{@code warmupEndNanos}, {@code measureEndNanos}). Runs on the driver thread.
     */
    @Override
    public void drive(Window w) throws InterruptedException {
        this.window = w;
        while (w.open(clock.nanos())) {
            if (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long now = clock.nanos();
            if (!w.open(now)) {
                permits.release();
                break;
            }
            issue(new Sent(now));
        }
    }

    private void issue(Sent sent) {
        switch (workload) {
            case CREATE -> {
                long i = createsIssued;
                createsIssued = i + 1;
                zk.create(createPath(i), value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        this, sent);
            }
            case SET -> zk.setData(node, value, -1, this, sent);
            case GET -> zk.getData(node, false, this, sent);
            case EXISTS -> zk.exists(node, false, this, sent);
            case CHILDREN -> zk.getChildren(sharedParent, false, this, sent);
            case MIXED -> {
                if (random.nextInt(100) < Workload.MIXED_GET_PERCENT) {
                    zk.getData(node, false, this, sent);
                } else {
                    zk.setData(node, value, -1, this, sent);
                }
            }
            case EPHEMERAL_SEQUENTIAL -> zk.create(dir + "/e-", value, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL, this, sent);
        }
    }

    /**
     * Waits until every request has been answered, at most {@code timeoutMs}.
     *
     * @return the number of requests still unanswered (0 when drained)
     */
    @Override
    public int drain(long timeoutMs) throws InterruptedException {
        if (permits.tryAcquire(inflight, timeoutMs, TimeUnit.MILLISECONDS)) {
            permits.release(inflight);
            return 0;
        }
        return inflight - permits.availablePermits();
    }

    private void complete(int rc, Object ctx) {
        long end = clock.nanos();
        long start = ((Sent) ctx).startNanos();
        Window w = window;
        boolean measured = w.measured(start);
        if (rc == KeeperException.Code.OK.intValue()) {
            if (measured) {
                latencies.recordValue(Math.min(end - start, MAX_LATENCY_NANOS));
                measuredOk.incrementAndGet();
                w.countOk();
            }
        } else {
            KeeperException.Code code = KeeperException.Code.get(rc);
            errors.get(code == null ? KeeperException.Code.SYSTEMERROR : code).incrementAndGet();
            if (measured) {
                measuredErrors.incrementAndGet();
            }
        }
        permits.release();
    }

    @Override
    public void processResult(int rc, String path, Object ctx, String name) {
        complete(rc, ctx);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, Stat stat) {
        complete(rc, ctx);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, byte[] data, Stat stat) {
        complete(rc, ctx);
    }

    @Override
    public void processResult(int rc, String path, Object ctx, List<String> children, Stat stat) {
        complete(rc, ctx);
    }

    /** Latencies of successful measured operations, in nanoseconds. */
    @Override
    public Histogram latencies() {
        return latencies;
    }

    @Override
    public long measuredOk() {
        return measuredOk.get();
    }

    @Override
    public long measuredErrors() {
        return measuredErrors.get();
    }

    /** Errors by code over the whole run (warm-up included); only codes that occurred. */
    @Override
    public Map<String, Long> errorsByCode() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errors.forEach((code, n) -> {
            if (n.get() > 0) {
                out.put(code.name(), n.get());
            }
        });
        return out;
    }
}
