package io.warden.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measured window of one run: operations started in [warm-up end, measure end) count. The
 * window closes at its planned end once at least {@link #MIN_OPS} measured operations have
 * succeeded; until then it is extended in small steps, at most {@link #MAX_EXTENSION_MS}, so a
 * first request that stalls (a cold fsync on a loaded machine) cannot turn a run into 0 ops/s.
 * With thousands of operations per window, as in any real run, the extension never happens.
 *
 * <p>Thread-safe: drivers and the coordinator call {@link #open} concurrently (synchronized);
 * the end only ever moves later, and once {@link #open} has returned false it always does.
 */
public final class Window {
    /** Measured successes the window must hold before it may close. */
    public static final long MIN_OPS = 10;
    /** Longest extension past the planned end. */
    public static final long MAX_EXTENSION_MS = 60_000;
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long warmupEndNanos;
    private final long hardEndNanos;
    private final AtomicLong measuredOk = new AtomicLong();
    private volatile long measureEndNanos;

    public Window(long warmupEndNanos, long measureEndNanos) {
        this.warmupEndNanos = warmupEndNanos;
        this.measureEndNanos = measureEndNanos;
        this.hardEndNanos = measureEndNanos + TimeUnit.MILLISECONDS.toNanos(MAX_EXTENSION_MS);
    }

    public long warmupEndNanos() {
        return warmupEndNanos;
    }

    /** The current end (later than planned if the window was extended). */
    public long measureEndNanos() {
        return measureEndNanos;
    }

    /** Whether an operation started at {@code startNanos} is measured. */
    public boolean measured(long startNanos) {
        return startNanos >= warmupEndNanos && startNanos < measureEndNanos;
    }

    /** Counts one measured success. */
    public void countOk() {
        measuredOk.incrementAndGet();
    }

    /**
     * Whether operations may still start at {@code nowNanos}: before the end, or after it while
     * the window holds fewer than {@link #MIN_OPS} successes (then the end moves past now).
     */
    public synchronized boolean open(long nowNanos) {
        if (nowNanos < measureEndNanos) {
            return true;
        }
        if (measuredOk.get() < MIN_OPS && nowNanos < hardEndNanos) {
            measureEndNanos = nowNanos + STEP_NANOS;
            return true;
        }
        return false;
    }

    /** The window's length so far. */
    public long lengthNanos() {
        return measureEndNanos - warmupEndNanos;
    }
}
