package io.warden.server.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.warden.server.testing.FakeTicker;
import io.warden.server.txn.TxnHeader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StamperTest {
    private final FakeTicker clock = new FakeTicker();

    @Test
    void sessionIdsFollowZooKeeper39Layout() {
        Stamper s = new Stamper(0, clock, Entropy.seeded(1), 1);
        long expected = (1L << 56) | ((clock.millis() << 24) >>> 8);
        assertEquals(expected, s.newSessionId());
        assertEquals(expected + 1, s.newSessionId());
        assertEquals(1, expected >>> 56);
    }

    @Test
    void zxidsIncreaseByOneFromTheStoreAndTimeComesFromTheClock() {
        Stamper s = new Stamper(41, clock, Entropy.seeded(1), 1);
        TxnHeader a = s.stamp(5, 7);
        clock.advance(Duration.ofMillis(3));
        TxnHeader b = s.stamp(5, 8);
        assertEquals(new TxnHeader(5, 7, 42, clock.millis() - 3), a);
        assertEquals(43, b.zxid());
        assertEquals(clock.millis(), b.timeMs());
        assertEquals(43, s.lastZxid());
    }

    @Test
    void passwordsAre16BytesAndReproducibleFromTheSeed() {
        Stamper a = new Stamper(0, clock, Entropy.seeded(99), 1);
        Stamper b = new Stamper(0, clock, Entropy.seeded(99), 1);
        assertEquals(16, a.newPassword().length());
        assertEquals(new Stamper(0, clock, Entropy.seeded(99), 1).newPassword(), b.newPassword());
        assertNotEquals(a.newPassword(), a.newPassword());
        assertEquals(16, Entropy.secure().seed().isPresent() ? -1 : new Stamper(0, clock, Entropy.secure(), 1)
                .newPassword().length());
    }
}
