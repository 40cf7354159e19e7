package io.warden.bench.load;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One source of load in a run: a session issuing a workload's operations, a connector opening raw
 * sessions, a lock contender, or a fan-out writer with its watchers. {@link LoadRun} gives each
 * driver its own thread for {@link #drive} and reads the results after {@link #drain}.
 *
 * <p>Implementations say which thread touches what; everything read after {@link #drain} must be
 * safely published by it.
 */
interface Driver {
    /**
     * Issues operations while the window is {@link Window#open open}; operations started in it
     * are measured, and each measured success is {@link Window#countOk counted} in it. Runs on
     * the driver's thread.
     */
    void drive(Window window) throws InterruptedException;

    /**
     * Waits, at most {@code timeoutMs}, until nothing this driver sent is still unanswered.
     *
     * @return how many requests are still unanswered (0 when drained)
     */
    int drain(long timeoutMs) throws InterruptedException;

    /** Latencies of measured successful operations, in nanoseconds. */
    Histogram latencies();

    /** Successful operations started in the measured window. */
    long measuredOk();

    /** Failed operations started in the measured window. */
    long measuredErrors();

    /** Every failure over the whole run (warm-up included), by code; only codes that occurred. */
    Map<String, Long> errorsByCode();

    /** Persistent znodes this driver created (or may have created), for clean-up. */
    List<String> createdPaths();
}
