package io.warden.bench.load;

import java.time.Instant;

/**
 * The load generator's only source of time: monotonic nanoseconds for measuring and wall time
 * for labelling reports. Injected so that nothing else reads a clock.
 *
 * <p>Implementations must be thread-safe.
 */
public interface MonotonicClock {
    /** Monotonic nanoseconds, comparable only with other values from the same clock. */
    long nanos();

    /** Wall-clock time, for report labels only. */
    Instant wallTime();

    /** The system clock. Thread-safe (stateless). */
    MonotonicClock SYSTEM = new MonotonicClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant wallTime() {
            return Instant.now();
        }
    };
}
