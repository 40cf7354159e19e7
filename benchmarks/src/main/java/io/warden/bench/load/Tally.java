package io.warden.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * The outcome counters of one driver: a latency histogram of measured successes, measured
 * success and error counts, and every error by code. Thread-safe (a synchronized histogram,
 * atomics and a concurrent map), so callbacks on any thread may record.
 */
final class Tally {
    private final Histogram latencies = new SynchronizedHistogram(SessionDriver.MAX_LATENCY_NANOS, 3);
    private final AtomicLong measuredOk = new AtomicLong();
    private final AtomicLong measuredErrors = new AtomicLong();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private volatile Window window;

    /** Sets the measured window. */
    void window(Window w) {
        this.window = w;
    }

    /** Whether an operation started at {@code startNanos} is measured. */
    boolean measured(long startNanos) {
        Window w = window;
        return w != null && w.measured(startNanos);
    }

    /** A success that started at {@code startNanos} and ended at {@code endNanos}. */
    void ok(long startNanos, long endNanos) {
        if (measured(startNanos)) {
            latencies.recordValue(Math.max(0, Math.min(endNanos - startNanos,
                    SessionDriver.MAX_LATENCY_NANOS)));
            measuredOk.incrementAndGet();
            window.countOk();
        }
    }

    /** A failure with this code of an operation started at {@code startNanos}. */
    void error(String code, long startNanos) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
        if (measured(startNanos)) {
            measuredErrors.incrementAndGet();
        }
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

    /** A sorted copy of the error counts. */
    Map<String, Long> errorsByCode() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
