package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S2;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.server.txn.TouchSessionsTxn;
import io.warden.server.txn.TxnHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Session ownership as replicated state (ensemble): the origin of a session's createSession or
 * last claim owns it; a write of the session from another origin fails with SESSIONMOVED at
 * apply, consuming its zxid; a plain touch moves nothing; origin 0 (standalone) never fails.
 */
class SessionOwnerTest {
    private static final long A = 1;
    private static final long B = 2;

    private final Fixture f = new Fixture();

    private void claim(long origin, Long... ids) {
        f.sm.entryOrigin(origin);
        ok(f.sm.apply(new TxnHeader(0, 0, f.zxid, f.time), new TouchSessionsTxn(List.of(ids), true)));
    }

    private void touch(long origin, Long... ids) {
        f.sm.entryOrigin(origin);
        ok(f.sm.apply(new TxnHeader(0, 0, f.zxid, f.time), new TouchSessionsTxn(List.of(ids))));
    }

    @Test
    void aWriteFromAnotherServerThanTheOwnerFailsWithSessionMoved() {
        f.sm.entryOrigin(A);
        ok(f.openSession(S1));
        assertEquals(A, f.sm.session(S1).orElseThrow().ownerId());
        ok(f.create(S1, "/a", "", 0));
        claim(B, S1);
        assertEquals(B, f.sm.session(S1).orElseThrow().ownerId());
        assertTrue(f.sm.ownedElsewhere(S1, A));
        assertFalse(f.sm.ownedElsewhere(S1, B));
        f.sm.entryOrigin(A);
        long before = f.sm.lastZxid();
        OpOutcome moved = f.create(S1, "/b", "", 0);
        assertEquals(ErrorCode.SESSIONMOVED, moved.err());
        assertEquals(before + 1, moved.zxid(), "the failed write consumes its zxid");
        assertFalse(f.exists("/b"));
        f.sm.entryOrigin(B);
        ok(f.create(S1, "/c", "", 0));
        touch(A, S1);
        assertEquals(B, f.sm.session(S1).orElseThrow().ownerId(), "a liveness touch moves nothing");
        f.sm.entryOrigin(A);
        assertEquals(ErrorCode.SESSIONMOVED, f.create(S1, "/d", "", 0).err());
    }

    @Test
    void standaloneHasNoOwnerAndNeverMoves() {
        ok(f.openSession(S2));
        assertEquals(0, f.sm.session(S2).orElseThrow().ownerId());
        claim(0, S2);
        ok(f.create(S2, "/s", "", 0));
        f.sm.entryOrigin(A);
        ok(f.create(S2, "/t", "", 0));
        assertFalse(f.sm.ownedElsewhere(S2, A), "no owner known: nothing moved");
    }

    @Test
    void theOwnerSurvivesFreezeAndRestore() {
        f.sm.entryOrigin(B);
        ok(f.openSession(S1));
        FrozenState frozen = f.sm.freeze();
        assertEquals(List.of(B), frozen.sessions().stream().map(SessionInfo::ownerId).toList());
    }

    @Test
    void theOwnerSurvivesASnapshotFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        f.sm.entryOrigin(B);
        ok(f.openSession(S1));
        f.sm.entryOrigin(0);
        ok(f.openSession(S2));
        io.warden.server.persist.SnapshotStore store = new io.warden.server.persist.SnapshotStore(dir,
                new io.warden.server.persist.SnapshotSettings(2, 500, 4096), new io.warden.server.testing.FakeTicker());
        store.save(f.sm.freeze());
        StateMachine restored = store.loadNewest(f.sm.config()).orElseThrow().stateMachine();
        assertEquals(B, restored.session(S1).orElseThrow().ownerId());
        assertEquals(0, restored.session(S2).orElseThrow().ownerId());
        assertTrue(restored.ownedElsewhere(S1, A));
    }
}
