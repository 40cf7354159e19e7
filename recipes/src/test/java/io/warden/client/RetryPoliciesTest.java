package io.warden.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RetryPoliciesTest {
    @Test
    void exponentialBackoffGrowsWithJitterUpToTheCapAndStops() {
        RetryPolicy p = RetryPolicies.exponentialBackoff(100, 1000, 6, 1);
        RetryPolicy same = RetryPolicies.exponentialBackoff(100, 1000, 6, 1);
        long[] caps = {100, 200, 400, 800, 1000, 1000};
        for (int retry = 1; retry <= 6; retry++) {
            long d = p.delayMs(retry, 0);
            assertTrue(d >= caps[retry - 1] / 2 && d <= caps[retry - 1], retry + ": " + d);
            assertEquals(d, same.delayMs(retry, 0), "seeded jitter is reproducible");
        }
        assertEquals(RetryPolicy.STOP, p.delayMs(7, 0));
        assertTrue(RetryPolicies.exponentialBackoff(1, Long.MAX_VALUE, 100, 1).delayMs(90, 0) > 0, "no overflow");
    }

    @Test
    void boundedCountAndUntilElapsed() {
        RetryPolicy count = RetryPolicies.boundedCount(2, 50);
        assertEquals(50, count.delayMs(1, 0));
        assertEquals(50, count.delayMs(2, 10_000));
        assertEquals(RetryPolicy.STOP, count.delayMs(3, 0));
        RetryPolicy elapsed = RetryPolicies.untilElapsed(1000, 100);
        assertEquals(100, elapsed.delayMs(50, 800));
        assertEquals(RetryPolicy.STOP, elapsed.delayMs(1, 950));
        assertEquals(RetryPolicy.STOP, RetryPolicies.never().delayMs(1, 0));
    }

    @Test
    void onlyErrorsWhoseRetryIsSafeAreRetried() {
        EnumSet<ErrorCode> retried = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode c : ErrorCode.values()) {
            if (Retrier.isRetryable(c)) {
                retried.add(c);
            }
        }
        assertEquals(EnumSet.of(ErrorCode.CONNECTIONLOSS, ErrorCode.OPERATIONTIMEOUT, ErrorCode.SESSIONMOVED,
                ErrorCode.REQUESTTIMEOUT, ErrorCode.THROTTLEDOP), retried);
        assertFalse(Retrier.isRetryable(new KeeperException(ErrorCode.SESSIONEXPIRED, "/x")));
        assertTrue(Retrier.isRetryable(new java.util.concurrent.CompletionException(
                new KeeperException(ErrorCode.CONNECTIONLOSS, "/x"))));
    }
}
