package io.warden.client;

/**
 * Decides whether and when to retry: given the number of the retry about to happen (1 for the
 * first) and the milliseconds since the first attempt started, returns the delay before it, or
 * {@link #STOP}. Implementations must be thread-safe; see {@link RetryPolicies} for the standard
 * ones and {@link Retrier} for which errors are retried at all.
 */
@FunctionalInterface
public interface RetryPolicy {
    /** Returned by {@link #delayMs} to give up. */
    long STOP = -1;

    long delayMs(int retry, long elapsedMs);
}
