package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S2;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.server.txn.CreateSessionTxn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The session table as replicated state (PROTOCOL.md 7.21, 11). */
class SessionTest {
    private final Fixture f = Fixture.withSessions();

    @Test
    void createSessionRecordsTimeoutAndPassword() {
        Bytes pw = Bytes.copyOf(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        OpOutcome o = f.apply(S3, new CreateSessionTxn(12000, pw));
        ok(o);
        assertEquals(f.zxid, o.zxid());
        assertEquals(new SessionInfo(S3, 12000, pw), f.sm.session(S3).orElseThrow());
        assertEquals(3, f.sm.stats().sessionCount());
        assertEquals(3, f.sm.sessions().size());
    }

    @Test
    void closeSessionDeletesEphemeralsAndFiresWatchesForOthers() {
        ok(f.create("/app"));
        ok(f.create(S1, "/app/e1", "", 1));
        String e2 = Fixture.createdPath(f.create(S1, "/e2", "", 3));
        assertEquals("/e20000000001", e2);
        ok(f.create(S2, "/app/keep", "", 1));
        Fixture.Target other = new Fixture.Target("other", S2);
        ok(f.read(other, OpCode.GET_DATA, new GetDataRequest("/app/e1", true)));
        ok(f.read(other, OpCode.GET_CHILDREN, new GetChildrenRequest("/app", true)));
        ok(f.read(other, OpCode.EXISTS, new ExistsRequest(e2, true)));
        Stat appBefore = f.stat("/app");

        OpOutcome o = f.closeSession(S1);
        ok(o);
        assertEquals(List.of("NODE_DELETED /app/e1", "NODE_CHILDREN_CHANGED /app", "NODE_DELETED /e20000000001"),
                Fixture.events(o, other));
        for (Notification n : o.notifications()) {
            assertEquals(o.zxid(), n.frame().header().zxid());
        }
        assertFalse(f.exists("/app/e1"));
        assertFalse(f.exists(e2));
        assertTrue(f.exists("/app/keep"));
        assertTrue(f.sm.session(S1).isEmpty());
        assertEquals(List.of(), f.sm.ephemerals(S1));
        Stat app = f.stat("/app");
        assertEquals(appBefore.cversion() + 1, app.cversion());
        assertEquals(o.zxid(), app.pzxid());
        assertEquals(1, f.sm.stats().ephemeralsCount());
    }

    @Test
    void closeOfUnknownSessionIsANoOpThatConsumesZxid() {
        OpOutcome o = f.closeSession(S3);
        ok(o);
        assertEquals(f.zxid, f.sm.lastZxid());
        Fixture.assertNoEvents(o);
    }

    @Test
    void requestsAfterCloseGetSessionExpired() {
        ok(f.closeSession(S1));
        Fixture.err(ErrorCode.SESSIONEXPIRED, f.create("/x"));
        Fixture.err(ErrorCode.SESSIONEXPIRED, f.read(S1, OpCode.EXISTS, new ExistsRequest("/", false)));
    }

    @Test
    void ephemeralsAreListedPerSessionSorted() {
        ok(f.create(S1, "/b", "", 1));
        ok(f.create(S1, "/a", "", 1));
        ok(f.create(S2, "/c", "", 1));
        assertEquals(List.of("/a", "/b"), f.sm.ephemerals(S1));
        assertEquals(Map.of(S1, List.of("/a", "/b"), S2, List.of("/c")), f.sm.ephemeralsBySession());
        assertEquals(3, f.sm.stats().ephemeralsCount());
        ok(f.delete("/b", -1));
        assertEquals(List.of("/a"), f.sm.ephemerals(S1));
        assertEquals(2, f.sm.stats().ephemeralsCount());
    }

    @Test
    void containersAndTtlsAreNotEphemerals() {
        Fixture x = new Fixture(Fixture.extended());
        x.openSession(S1);
        ok(x.write(S1, OpCode.CREATE_CONTAINER, new io.warden.protocol.request.CreateRequest("/c", null,
                io.warden.protocol.data.Acl.OPEN_ACL_UNSAFE, 4)));
        ok(x.createTtl(OpCode.CREATE_TTL, "/t", 5, 10));
        assertEquals(0, x.sm.stats().ephemeralsCount());
        x.openSession(S2);
        ok(x.closeSession(S1));
        assertTrue(x.exists("/c"));
        assertTrue(x.exists("/t"));
    }
}
