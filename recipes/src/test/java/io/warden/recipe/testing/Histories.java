package io.warden.recipe.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkers over recorded histories. Each takes the history in the order that matters (the server's
 * order for writes, which a PERSISTENT_SEQUENTIAL node per write records) and fails the test with
 * the offending entries. Stateless.
 */
public final class Histories {
    private Histories() {
    }

    /** A write accepted by the server, in server order: who wrote, with which fencing token. */
    public record GuardedWrite(long serverSeq, String writer, long token) {
    }

    /** A critical section as one process saw it: entered and left on the test's monotonic clock. */
    public record Interval(String who, long token, long startNanos, long endNanos) {
    }

    /** A term of leadership: epoch and leader. */
    public record Term(long epoch, String leader) {
    }

    /**
     * Mutual exclusion as the server saw it, and fencing: in server order the tokens never
     * decrease, each token belongs to one writer, and once a larger token has written, a smaller
     * one never writes again (a stale holder's guarded write was refused).
     */
    public static void checkFencedWrites(List<GuardedWrite> writes) {
        List<GuardedWrite> sorted = new ArrayList<>(writes);
        sorted.sort(Comparator.comparingLong(GuardedWrite::serverSeq));
        Map<Long, String> owner = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (GuardedWrite w : sorted) {
            String prev = owner.putIfAbsent(w.token(), w.writer());
            if (prev != null && !prev.equals(w.writer())) {
                fail("token " + w.token() + " used by " + prev + " and " + w.writer() + ": " + sorted);
            }
            if (w.token() < last) {
                fail("token went back from " + last + " to " + w.token() + " at " + w + ": " + sorted);
            }
            last = w.token();
        }
    }

    /** No two critical sections overlap in time (for runs without faults). */
    public static void checkDisjoint(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::startNanos));
        for (int i = 1; i < sorted.size(); i++) {
            Interval a = sorted.get(i - 1);
            Interval b = sorted.get(i);
            if (b.startNanos() < a.endNanos()) {
                fail("critical sections overlap: " + a + " and " + b);
            }
        }
        tokensIncrease(sorted);
    }

    private static void tokensIncrease(List<Interval> sortedByStart) {
        for (int i = 1; i < sortedByStart.size(); i++) {
            Interval a = sortedByStart.get(i - 1);
            Interval b = sortedByStart.get(i);
            if (b.token() < a.token() || (b.token() == a.token() && !b.who().equals(a.who()))) {
                fail("fencing tokens not strictly increasing across holders: " + a + " then " + b);
            }
        }
    }

    /**
     * At most one leader per epoch, and epochs in the given order (server order of the leaders'
     * guarded writes) never go back.
     */
    public static void checkTerms(List<Term> terms) {
        Map<Long, String> leaders = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (Term t : terms) {
            String prev = leaders.putIfAbsent(t.epoch(), t.leader());
            if (prev != null && !prev.equals(t.leader())) {
                fail("two leaders in epoch " + t.epoch() + ": " + prev + " and " + t.leader());
            }
            if (t.epoch() < last) {
                fail("epoch went back from " + last + " to " + t.epoch() + ": " + terms);
            }
            last = t.epoch();
        }
    }
}
