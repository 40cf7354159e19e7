package io.warden.client;

import java.util.Random;

/**
 * The standard {@link RetryPolicy}s. Randomized ones take a seed (jitter is reproducible) and use a
 * {@link Random}, which is thread-safe. Stateless factory.
 */
public final class RetryPolicies {
    private RetryPolicies() {
    }

    /** Never retries. */
    public static RetryPolicy never() {
        return (retry, elapsedMs) -> RetryPolicy.STOP;
    }

    /** Up to {@code maxRetries} retries, {@code delayMs} apart. */
    public static RetryPolicy boundedCount(int maxRetries, long delayMs) {
        checkNonNegative(maxRetries, "maxRetries");
        checkNonNegative(delayMs, "delayMs");
        return (retry, elapsedMs) -> retry <= maxRetries ? delayMs : RetryPolicy.STOP;
    }

    /** Retries {@code delayMs} apart while less than {@code maxElapsedMs} has passed since the start. */
    public static RetryPolicy untilElapsed(long maxElapsedMs, long delayMs) {
        checkNonNegative(maxElapsedMs, "maxElapsedMs");
        checkNonNegative(delayMs, "delayMs");
        return (retry, elapsedMs) -> elapsedMs + delayMs < maxElapsedMs ? delayMs : RetryPolicy.STOP;
    }

    /**
     * Exponential backoff with jitter and a cap: retry n waits a random time in [d/2, d] where
     * d = min(maxDelayMs, baseDelayMs * 2^(n-1)); at most {@code maxRetries} retries.
     */
    public static RetryPolicy exponentialBackoff(long baseDelayMs, long maxDelayMs, int maxRetries, long seed) {
        if (baseDelayMs < 1 || maxDelayMs < baseDelayMs) {
            throw new IllegalArgumentException("need 1 <= baseDelayMs <= maxDelayMs: " + baseDelayMs + ", " + maxDelayMs);
        }
        checkNonNegative(maxRetries, "maxRetries");
        Random random = new Random(seed);
        return (retry, elapsedMs) -> {
            if (retry > maxRetries) {
                return RetryPolicy.STOP;
            }
            int shift = Math.min(retry - 1, 62);
            long d = baseDelayMs > (maxDelayMs >> shift) ? maxDelayMs : Math.min(maxDelayMs, baseDelayMs << shift);
            long half = d / 2;
            return half + (long) (random.nextDouble() * (d - half + 1));
        };
    }

    private static void checkNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }
}
