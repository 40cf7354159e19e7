package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S2;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.txn.CloseSessionTxn;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TouchSessionsTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Batched touch transactions as replicated session state, and expiry closes re-checked against
 * them at apply: deterministic (the same log gives the same state on a replay), no zxid consumed
 * by a touch.
 */
class SessionTouchTest {
    private final Fixture f = Fixture.withSessions();

    /** A touch stamped like the sequencer stamps it: the last zxid, no new one. */
    private OpOutcome touch(Long... ids) {
        return f.sm.apply(new TxnHeader(0, 0, f.zxid, f.time), new TouchSessionsTxn(List.of(ids)));
    }

    @Test
    void aTouchConsumesNoZxidAndRecordsTheLastZxidForLiveSessionsOnly() {
        long before = f.sm.lastZxid();
        OpOutcome o = touch(S1, S3);
        ok(o);
        assertEquals(before, o.zxid());
        assertEquals(before, f.sm.lastZxid(), "a touch consumes no zxid");
        assertEquals(before, f.sm.sessionTable().lastTouchedZxid(S1));
        assertEquals(0, f.sm.sessionTable().lastTouchedZxid(S2), "not named");
        assertEquals(0, f.sm.sessionTable().lastTouchedZxid(S3), "unknown sessions are ignored");
        assertTrue(o.notifications().isEmpty());
        ok(f.create("/next"));
        assertEquals(before + 1, f.sm.lastZxid(), "the next write takes the next zxid");
    }

    @Test
    void anExpiryDecidedBeforeATouchIsSkipped() {
        ok(f.create(S1, "/e", "", 1));
        long decidedAt = f.zxid;
        ok(f.create("/other"));
        touch(S1);
        OpOutcome close = f.apply(S1, new CloseSessionTxn(decidedAt));
        ok(close);
        assertEquals(f.zxid, close.zxid(), "the skipped close still consumes its zxid");
        assertTrue(f.sm.session(S1).isPresent(), "touched after the decision: the session lives on");
        assertTrue(f.exists("/e"));
        assertTrue(close.notifications().isEmpty());
    }

    @Test
    void anExpiryDecidedAtOrAfterTheLastTouchCloses() {
        ok(f.create(S1, "/e", "", 1));
        touch(S1);
        long decidedAt = f.zxid;
        f.apply(S1, new CloseSessionTxn(decidedAt));
        assertFalse(f.sm.session(S1).isPresent(), "a touch at the decision zxid is not after it");
        assertFalse(f.exists("/e"));
        assertEquals(0, f.sm.sessionTable().lastTouchedZxid(S1), "forgotten with the session");
    }

    @Test
    void aClientCloseIsNeverSkipped() {
        ok(f.create(S2, "/e", "", 1));
        touch(S2);
        ok(f.closeSession(S2));
        assertFalse(f.sm.session(S2).isPresent());
        assertFalse(f.exists("/e"));
    }

    @Test
    void replayingTheSameLogGivesTheSameDecisions() {
        List<StampedTxn> log = new ArrayList<>();
        Fixture live = Fixture.withSessions();
        java.util.function.BiConsumer<TxnHeader, Txn> run = (h, t) -> {
            live.sm.apply(h, t);
            log.add(new StampedTxn(h, t));
        };
        // the two sessions' creates are in the replica too (withSessions)
        run.accept(new TxnHeader(S1, 1, 3, 1), new io.warden.server.txn.RequestTxn(io.warden.protocol.OpCode.CREATE,
                new io.warden.protocol.request.CreateRequest("/e1", null, io.warden.protocol.data.Acl.OPEN_ACL_UNSAFE, 1),
                List.of()));
        run.accept(new TxnHeader(S2, 1, 4, 2), new io.warden.server.txn.RequestTxn(io.warden.protocol.OpCode.CREATE,
                new io.warden.protocol.request.CreateRequest("/e2", null, io.warden.protocol.data.Acl.OPEN_ACL_UNSAFE, 1),
                List.of()));
        run.accept(new TxnHeader(0, 0, 4, 3), new TouchSessionsTxn(List.of(S1)));
        run.accept(new TxnHeader(S1, 0, 5, 4), new CloseSessionTxn(3));
        run.accept(new TxnHeader(S2, 0, 6, 5), new CloseSessionTxn(3));
        Fixture replica = Fixture.withSessions();
        for (StampedTxn t : log) {
            replica.sm.apply(t.header(), t.txn());
        }
        for (Fixture x : List.of(live, replica)) {
            assertTrue(x.sm.session(S1).isPresent(), "S1 touched at 4 after the decision at 3");
            assertTrue(x.exists("/e1"));
            assertFalse(x.sm.session(S2).isPresent(), "S2 not touched");
            assertFalse(x.exists("/e2"));
            assertEquals(6, x.sm.lastZxid());
        }
        assertEquals(StateDump.lines(live.sm), StateDump.lines(replica.sm));
    }

    @Test
    void touchesAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new TouchSessionsTxn(List.of()));
        List<Long> many = java.util.stream.LongStream.rangeClosed(1, TouchSessionsTxn.MAX_SESSIONS + 1).boxed().toList();
        assertThrows(IllegalArgumentException.class, () -> new TouchSessionsTxn(many));
        assertThrows(IllegalArgumentException.class, () -> new CloseSessionTxn(-2));
    }
}
