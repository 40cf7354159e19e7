package io.warden.compat.curator;

import io.warden.compat.harness.Deadline;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Bounded polling for conditions that become true asynchronously (a watch fired, a container was
 * reaped, a recipe noticed a new session). Every wait has a deadline and a poll interval, so the
 * number of polls is bounded too. Stateless and thread-safe.
 */
public final class Eventually {
    /** Default bound for one condition. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private Eventually() {}

    /** Waits until {@code condition} holds; fails with {@code what} after {@link #DEFAULT_TIMEOUT}. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, DEFAULT_TIMEOUT, condition);
    }

    /** As {@link #await(String, Duration, BooleanSupplier, Supplier)} with the default timeout. */
    public static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        await(what, DEFAULT_TIMEOUT, condition, state);
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    /**
     * Waits until {@code condition} holds; on timeout fails with {@code what} and the current value
     * of {@code state} (to say what was seen instead).
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition,
            Supplier<String> state) {
        Deadline deadline = Deadline.after(timeout);
        long maxPolls = timeout.toMillis() / POLL_INTERVAL.toMillis() + 2;
        for (long poll = 0; poll < maxPolls; poll++) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (deadline.expired()) {
                break;
            }
            sleep(POLL_INTERVAL);
        }
        if (condition.getAsBoolean()) {
            return;
        }
        String seen = state.get();
        throw new AssertionFailedError("not within " + timeout + ": " + what
                + (seen.isEmpty() ? "" : "; seen: " + seen));
    }

    /** Sleeps, turning an interrupt into an assertion failure (with the flag restored). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted", e);
        }
    }
}
