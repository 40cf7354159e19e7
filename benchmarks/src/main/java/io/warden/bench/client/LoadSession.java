package io.warden.bench.client;

import io.warden.bench.load.MonotonicClock;
import io.warden.bench.load.Window;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * One session under load, independent of the client: the driver loop with at most
 * {@code inflight} requests outstanding, latency recording, error counting. Subclasses issue the
 * requests with their client and report each completion through {@link #done}.
 *
 * <p>Threads: {@link #drive} runs on this session's driver thread; completions arrive on the
 * client's event thread, so what they touch is thread-safe (a synchronized histogram, atomics, a
 * concurrent error map bounded by the number of distinct error names, the semaphore). The
 * coordinator reads the results after {@link #drain} took back every permit, which orders every
 * completion before the read.
 */
abstract sealed class LoadSession implements AutoCloseable permits OursSession, OfficialSession {
    /** Latencies above one minute are clamped: a bounded histogram. */
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Distinct error names kept; more are counted under "other". */
    private static final int MAX_ERROR_NAMES = 64;

    private final ClientWorkload workload;
    private final String node;
    private final String createPrefix;
    private final byte[] value;
    private final int inflight;
    private final Semaphore permits;
    private final MonotonicClock clock;
    private final Histogram latencies = new SynchronizedHistogram(MAX_LATENCY_NANOS, 3);
    private final AtomicLong measuredOk = new AtomicLong();
    private final AtomicLong measuredErrors = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile Window window;
    /** Sequence of created znode names; driver thread only. */
    private long createSeq;

    LoadSession(ClientWorkload workload, String dir, byte[] value, int inflight, MonotonicClock clock) {
        this.workload = workload;
        this.node = dir + "/node";
        this.createPrefix = dir + "/c";
        this.value = value;
        this.inflight = inflight;
        this.permits = new Semaphore(inflight);
        this.clock = clock;
    }

    /** The znode read and written by get, set and exists; create-delete works beside it. */
    String node() {
        return node;
    }

    /**
     * Issues operations until {@code measureEnd}; operations sent in [{@code warmupEnd},
     * {@code measureEnd}) are measured. Runs on the driver thread.
     */
    final void drive(Window w) throws InterruptedException {
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
            switch (workload) {
                case GET -> getData(node, now);
                case SET -> setData(node, value, now);
                case EXISTS -> exists(node, now);
                case CREATE_DELETE -> create(createPrefix + (createSeq++), value, now);
            }
        }
    }

    abstract void getData(String path, long startNanos);

    abstract void setData(String path, byte[] data, long startNanos);

    abstract void exists(String path, long startNanos);

    /** create; its completion must call {@link #created}. */
    abstract void create(String path, byte[] data, long startNanos);

    abstract void delete(String path, long startNanos);

    /** Closes the client handle (closeSession), bounded. */
    @Override
    public abstract void close();

    /** A completion: {@code error} is null on success, else the error's name. Releases the slot. */
    final void done(String error, long startNanos) {
        record(error, startNanos);
        permits.release();
    }

    /** A create's completion: on success the slot goes on to delete the node. */
    final void created(String error, String path, long startNanos) {
        record(error, startNanos);
        if (error == null) {
            delete(path, clock.nanos());
        } else {
            permits.release();
        }
    }

    private void record(String error, long startNanos) {
        long end = clock.nanos();
        Window w = window;
        boolean measured = w.measured(startNanos);
        if (error == null) {
            if (measured) {
                latencies.recordValue(Math.min(end - startNanos, MAX_LATENCY_NANOS));
                measuredOk.incrementAndGet();
                w.countOk();
            }
            return;
        }
        String key = errors.size() < MAX_ERROR_NAMES || errors.containsKey(error) ? error : "other";
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (measured) {
            measuredErrors.incrementAndGet();
        }
    }

    /**
     * Waits until every request has been answered, at most {@code timeoutMs}.
     *
     * @return the number of slots still busy (0 when drained)
     */
    final int drain(long timeoutMs) throws InterruptedException {
        if (permits.tryAcquire(inflight, timeoutMs, TimeUnit.MILLISECONDS)) {
            permits.release(inflight);
            return 0;
        }
        return inflight - permits.availablePermits();
    }

    Histogram latencies() {
        return latencies;
    }

    long measuredOk() {
        return measuredOk.get();
    }

    long measuredErrors() {
        return measuredErrors.get();
    }

    /** Errors by name over the whole run (warm-up included). */
    Map<String, Long> errorsByName() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((name, n) -> out.put(name, n.sum()));
        return out;
    }
}
