package io.warden.compat.harness;

import java.time.Duration;

/**
 * A point in time after which a bounded wait gives up. This is the harness's single reader of
 * the monotonic clock ({@link System#nanoTime()}); everything else asks a {@code Deadline}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Deadline {
    private final long deadlineNanos;
    private final Duration budget;

    private Deadline(long deadlineNanos, Duration budget) {
        this.deadlineNanos = deadlineNanos;
        this.budget = budget;
    }

    /** A deadline {@code budget} from now; {@code budget} must not be negative. */
    public static Deadline after(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("negative budget: " + budget);
        }
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    /** Whether the deadline has passed. */
    public boolean expired() {
        return remainingNanos() <= 0;
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, remainingNanos()));
    }

    /** Time left in milliseconds, at least {@code minMs} (for APIs that treat 0 as "forever"). */
    public int remainingMs(int minMs) {
        long ms = Math.max(0, remainingNanos()) / 1_000_000L;
        return (int) Math.max(minMs, Math.min(Integer.MAX_VALUE, ms));
    }

    /** The whole budget this deadline was created with (for error messages). */
    public Duration budget() {
        return budget;
    }

    /** Time since this deadline was created (a deadline doubles as a stopwatch). */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - (deadlineNanos - budget.toNanos()));
    }

    private long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }
}
