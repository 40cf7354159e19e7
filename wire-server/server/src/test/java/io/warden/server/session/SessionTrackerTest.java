package io.warden.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.data.Bytes;
import io.warden.server.testing.FakeTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expiry buckets on a fake ticker: no sleeping, no netty (PROTOCOL.md section 11). */
class SessionTrackerTest {
    private static final Bytes PW = Bytes.utf8("0123456789abcdef");
    private final FakeTicker ticker = new FakeTicker();
    private final SessionTracker tracker = new SessionTracker(ticker, 2000, 100);

    @Test
    void silentSessionExpiresBetweenTimeoutAndTimeoutPlusOneTick() {
        tracker.add(1, 4000, PW);
        ticker.advance(Duration.ofMillis(3999));
        assertEquals(List.of(), tracker.expire());
        ticker.advance(Duration.ofMillis(2001));
        assertEquals(List.of(1L), tracker.expire());
        assertFalse(tracker.isLive(1));
        assertFalse(tracker.touch(1), "an expired session cannot be touched");
        assertEquals(List.of(), tracker.expire(), "expired only once");
    }

    @Test
    void expiryNeverBeforeTheTimeoutAndAtMostOneTickLate() {
        for (int offsetMs = 0; offsetMs < 2000; offsetMs += 250) {
            SessionTracker t = new SessionTracker(ticker, 2000, 10);
            ticker.advance(Duration.ofMillis(offsetMs));
            long start = ticker.read();
            t.add(7, 4000, PW);
            long expiry = t.expiryNanos(7);
            assertTrue(expiry - start > 4_000_000_000L, "after the timeout at offset " + offsetMs);
            assertTrue(expiry - start <= 6_000_000_000L, "within a tick of it at offset " + offsetMs);
            assertEquals(0, expiry % 2_000_000_000L, "on a tick boundary");
        }
    }

    @Test
    void touchMovesTheSessionToALaterBucket() {
        tracker.add(1, 4000, PW);
        tracker.add(2, 4000, PW);
        for (int i = 0; i < 10; i++) {
            ticker.advance(Duration.ofMillis(3000));
            assertTrue(tracker.touch(1));
            List<Long> expired = tracker.expire();
            if (i == 0) {
                assertEquals(List.of(), expired);
            } else if (i == 1) {
                assertEquals(List.of(2L), expired, "the untouched session expires");
            } else {
                assertEquals(List.of(), expired);
            }
        }
        assertTrue(tracker.isLive(1));
    }

    @Test
    void reattachNeedsTheRightPasswordAndTakesTheNewTimeout() {
        tracker.add(1, 4000, PW);
        assertFalse(tracker.reattach(1, Bytes.utf8("wrong-password!!"), 30_000));
        assertFalse(tracker.reattach(1, null, 30_000));
        assertFalse(tracker.reattach(2, PW, 30_000));
        assertTrue(tracker.reattach(1, PW, 30_000));
        ticker.advance(Duration.ofMillis(20_000));
        assertEquals(List.of(), tracker.expire(), "the 30 s timeout now applies");
        ticker.advance(Duration.ofMillis(12_000));
        assertEquals(List.of(1L), tracker.expire());
    }

    @Test
    void boundedByMaxSessions() {
        SessionTracker small = new SessionTracker(ticker, 2000, 2);
        assertTrue(small.add(1, 4000, PW));
        assertTrue(small.add(2, 4000, PW));
        assertFalse(small.hasRoom());
        assertFalse(small.add(3, 4000, PW));
        small.remove(1);
        assertTrue(small.add(3, 4000, PW));
        assertFalse(small.add(3, 4000, PW), "ids are unique");
    }

    @Test
    void removedAndClosingSessionsNeverExpire() {
        tracker.add(1, 4000, PW);
        tracker.add(2, 4000, PW);
        tracker.remove(1);
        assertTrue(tracker.markClosing(2));
        assertFalse(tracker.markClosing(2));
        ticker.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), tracker.expire());
        assertEquals(1, tracker.size(), "closing until removed");
        assertEquals(Long.MAX_VALUE, tracker.nextExpiryNanos());
    }

    @Test
    void snapshotListsSessionsByExpiry() {
        tracker.add(1, 40_000, PW);
        tracker.add(2, 4000, PW);
        List<SessionTracker.SessionEntry> s = tracker.snapshot(10);
        assertEquals(List.of(2L, 1L), s.stream().map(SessionTracker.SessionEntry::sessionId).toList());
        assertEquals(1, tracker.snapshot(1).size());
        assertEquals(tracker.nextExpiryNanos(), s.get(0).expiryNanos());
    }

    @Test
    void touchedSessionsAreDrainedOnceInFirstTouchOrderAndBounded() {
        for (long id = 1; id <= 5; id++) {
            tracker.add(id, 30_000, PW);
        }
        assertFalse(tracker.hasTouched(), "adding is not a touch (the create is logged)");
        tracker.touch(3);
        tracker.touch(1);
        tracker.touch(3);
        assertTrue(tracker.reattach(5, PW, 30_000));
        tracker.touch(99);
        tracker.touch(2);
        assertTrue(tracker.markClosing(2));
        assertEquals(List.of(3L, 1L), tracker.drainTouched(2), "bounded: the rest waits");
        assertTrue(tracker.hasTouched());
        assertEquals(List.of(5L), tracker.drainTouched(10), "closing and unknown sessions are not reported");
        assertFalse(tracker.hasTouched());
        assertEquals(List.of(), tracker.drainTouched(10));
        tracker.touch(4);
        ticker.advance(Duration.ofMillis(40_000));
        assertEquals(List.of(1L, 3L, 4L, 5L), tracker.expire().stream().sorted().toList());
        assertEquals(List.of(), tracker.drainTouched(10), "an expired session is not reported");
    }
}
