package io.warden.recipe.support;

import com.google.common.math.LongMath;
import java.time.Duration;

/**
 * Saturating time arithmetic for timeouts given by callers (a {@code Duration.ofDays(1_000_000)}
 * must mean "a very long time", not an overflow). Stateless.
 */
public final class Deadlines {
    private Deadlines() {
    }

    /** {@code timeout} in nanoseconds, clamped to [0, Long.MAX_VALUE]. */
    public static long nanos(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code nowNanos + timeout}, saturated. */
    public static long deadline(long nowNanos, Duration timeout) {
        return LongMath.saturatedAdd(nowNanos, nanos(timeout));
    }

    /** Nanoseconds left until {@code deadlineNanos} (may be negative), saturated. */
    public static long remaining(long deadlineNanos, long nowNanos) {
        return LongMath.saturatedSubtract(deadlineNanos, nowNanos);
    }
}
