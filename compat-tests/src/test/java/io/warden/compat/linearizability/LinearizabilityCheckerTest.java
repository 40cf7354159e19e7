package io.warden.compat.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.linearizability.LinearizabilityChecker.Bounds;
import io.warden.compat.linearizability.LinearizabilityChecker.Result;
import io.warden.compat.linearizability.LinearizabilityChecker.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Hand-made histories: the classic anomalies must be rejected, legal concurrency (either order of
 * overlapping operations, INFO operations that did or did not take effect) accepted, and a search
 * that cannot finish within its bounds must say INCONCLUSIVE rather than hang.
 */
class LinearizabilityCheckerTest {
    private static Result check(Histories h) {
        return LinearizabilityChecker.check(h.build(), new Bounds(Duration.ofSeconds(20), 100_000));
    }

    private static void assertRejected(Histories h) {
        Result result = check(h);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("stuck: #"), result::toString);
    }

    private static void assertAccepted(Histories h) {
        Result result = check(h);
        assertEquals(Verdict.LINEARIZABLE, result.verdict(), result::toString);
    }

    @Test
    void staleReadAfterCompletedWriteIsRejected() {
        assertRejected(Histories.startingAt("a")
                .write(1, 0, 10, "b", 1)
                .read(2, 20, 30, "a", 0));
    }

    @Test
    void staleSyncReadAfterCompletedCasIsRejected() {
        assertRejected(Histories.startingAt("a")
                .cas(1, 0, 10, 0, "b", 1)
                .syncRead(2, 11, 30, "a", 0));
    }

    @Test
    void twoSuccessfulCasFromTheSameVersionAreRejected() {
        assertRejected(Histories.startingAt("a")
                .cas(1, 0, 10, 0, "b", 1)
                .cas(2, 5, 15, 0, "c", 1));
    }

    @Test
    void readOfAValueNeverWrittenIsRejected() {
        assertRejected(Histories.startingAt("a")
                .write(1, 0, 10, "b", 1)
                .read(2, 5, 30, "zzz", 1));
    }

    @Test
    void lostAcknowledgedWriteIsRejected() {
        // "b" acknowledged at v1, then the server accepts a CAS from v0 again as if it never was.
        assertRejected(Histories.startingAt("a")
                .cas(1, 0, 10, 0, "b", 1)
                .cas(2, 20, 30, 0, "c", 1)
                .read(3, 40, 50, "c", 1));
    }

    @Test
    void lostAcknowledgedWriteSeenByReadsIsRejected() {
        assertRejected(Histories.startingAt("a")
                .write(1, 0, 10, "b", 1)
                .read(2, 20, 30, "b", 1)
                .write(1, 40, 50, "c", 2)
                .read(2, 60, 70, "b", 1));
    }

    @Test
    void wrongReportedVersionIsRejected() {
        assertRejected(Histories.startingAt("a")
                .write(1, 0, 10, "b", 5));
    }

    @Test
    void badVersionWhenTheVersionMatchedIsRejected() {
        assertRejected(Histories.startingAt("a")
                .casBadVersion(1, 0, 10, 0, "b"));
    }

    @Test
    void valueGoingBackInTimeIsRejected() {
        // Two reads by different clients, the second after the first completed, see b then a.
        assertRejected(Histories.startingAt("a")
                .write(1, 0, 100, "b", 1)
                .read(2, 10, 20, "b", 1)
                .read(3, 30, 40, "a", 0));
    }

    @Test
    void overlappingReadMaySeeTheOldValue() {
        assertAccepted(Histories.startingAt("a")
                .write(1, 0, 20, "b", 1)
                .read(2, 5, 15, "a", 0));
    }

    @Test
    void overlappingReadMaySeeTheNewValue() {
        assertAccepted(Histories.startingAt("a")
                .write(1, 0, 20, "b", 1)
                .read(2, 5, 15, "b", 1));
    }

    @Test
    void concurrentWritesMayLandInEitherOrder() {
        assertAccepted(Histories.startingAt("a")
                .write(1, 0, 10, "b", 2)
                .write(2, 0, 10, "c", 1)
                .read(3, 20, 30, "b", 2));
        assertAccepted(Histories.startingAt("a")
                .write(1, 0, 10, "b", 1)
                .write(2, 0, 10, "c", 2)
                .read(3, 20, 30, "c", 2));
    }

    @Test
    void badVersionConcurrentWithTheWinningCasIsAccepted() {
        assertAccepted(Histories.startingAt("a")
                .cas(1, 0, 10, 0, "b", 1)
                .casBadVersion(2, 2, 12, 0, "c")
                .read(3, 20, 30, "b", 1));
    }

    @Test
    void infoWriteThatTookEffectIsAccepted() {
        assertAccepted(Histories.startingAt("a")
                .writeInfo(1, 0, "b")
                .read(2, 10, 20, "a", 0)
                .read(2, 30, 40, "b", 1)
                .cas(3, 50, 60, 1, "c", 2));
    }

    @Test
    void infoWriteThatDidNotTakeEffectIsAccepted() {
        assertAccepted(Histories.startingAt("a")
                .casInfo(1, 0, 0, "b")
                .read(2, 10, 20, "a", 0)
                .cas(3, 30, 40, 0, "c", 1)
                .read(2, 50, 60, "c", 1));
    }

    @Test
    void infoWriteCannotBeUndone() {
        assertRejected(Histories.startingAt("a")
                .writeInfo(1, 0, "b")
                .read(2, 10, 20, "b", 1)
                .read(2, 30, 40, "a", 0));
    }

    @Test
    void infoWriteCannotTakeEffectBeforeItsInvocation() {
        assertRejected(Histories.startingAt("a")
                .read(2, 0, 10, "b", 1)
                .writeInfo(1, 20, "b"));
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertAccepted(Histories.startingAt("a"));
    }

    /** 16 concurrent writes and a read of a value never written: 2^16 subsets to refute. */
    private static Histories explosive() {
        Histories h = Histories.startingAt("a");
        for (int p = 0; p < 16; p++) {
            h.writeInfo(p, p, "w" + p);
        }
        return h.read(99, 100, 110, "never", 3);
    }

    @Test
    void cacheBoundGivesUpInsteadOfHanging() {
        Result result = LinearizabilityChecker.check(explosive().build(), new Bounds(Duration.ofSeconds(30), 1000));
        assertEquals(Verdict.INCONCLUSIVE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("cache bound"), result::toString);
    }

    @Test
    void timeBoundGivesUpInsteadOfHanging() {
        Result result = LinearizabilityChecker.check(explosive().build(),
                new Bounds(Duration.ofMillis(1), 50_000_000));
        assertEquals(Verdict.INCONCLUSIVE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("time bound"), result::toString);
    }
}
