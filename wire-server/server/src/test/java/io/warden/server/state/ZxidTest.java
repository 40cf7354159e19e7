package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.ReconfigRequest;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.SyncResponse;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.TxnHeader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** zxid accounting (PROTOCOL.md 12). */
class ZxidTest {
    private final Fixture f = Fixture.withSessions();

    @Test
    void failedWriteConsumesZxid() {
        long before = f.sm.lastZxid();
        OpOutcome create = f.create("/missing/a");
        err(ErrorCode.NONODE, create);
        assertEquals(before + 1, create.zxid());
        OpOutcome set = f.setData("/missing", "x", -1);
        assertEquals(before + 2, set.zxid());
        OpOutcome del = f.delete("/missing", -1);
        assertEquals(before + 3, del.zxid());
        assertEquals(before + 3, f.sm.lastZxid());
        OpOutcome next = f.create("/a");
        assertEquals(before + 4, next.zxid());
        assertEquals(before + 4, f.stat("/a").czxid());
    }

    @Test
    void writeFromUnknownSessionConsumesZxid() {
        OpOutcome o = f.create(S3, "/a", "", 0);
        err(ErrorCode.SESSIONEXPIRED, o);
        assertEquals(f.zxid, f.sm.lastZxid());
    }

    @Test
    void sessionTxnsConsumeZxids() {
        assertEquals(2, f.sm.lastZxid());
        ok(f.closeSession(Fixture.S2));
        assertEquals(3, f.sm.lastZxid());
    }

    @Test
    void readsAndWatchOpsDoNotConsumeZxids() {
        ok(f.create("/a"));
        long last = f.sm.lastZxid();
        Fixture.Target t = new Fixture.Target("t", S1);
        OpOutcome get = f.read(t, OpCode.GET_DATA, new GetDataRequest("/a", true));
        OpOutcome exists = f.read(t, OpCode.EXISTS, new ExistsRequest("/none", true));
        OpOutcome sync = f.read(t, OpCode.SYNC, new SyncRequest("/a"));
        OpOutcome add = f.read(t, OpCode.ADD_WATCH, new AddWatchRequest("/a", 1));
        OpOutcome sw = f.read(t, OpCode.SET_WATCHES, new SetWatches(last, List.of(), List.of(), List.of()));
        for (OpOutcome o : List.of(get, exists, sync, add, sw)) {
            assertEquals(last, o.zxid(), o.toString());
        }
        assertEquals(last, f.sm.lastZxid());
    }

    @Test
    void syncEchoesPathAndReplyZxidIsLastZxid() {
        OpOutcome o = f.read(S1, OpCode.SYNC, new SyncRequest("/whatever/path"));
        assertEquals(new SyncResponse("/whatever/path"), o.response());
        assertEquals(f.sm.lastZxid(), o.zxid());
    }

    @Test
    void reconfigIsDisabledAndConsumesZxid() {
        OpOutcome o = f.write(S1, OpCode.RECONFIG, new ReconfigRequest(null, null, "server.1=x", -1));
        err(ErrorCode.RECONFIGDISABLED, o);
        assertEquals(f.zxid, o.zxid());
        assertEquals(f.zxid, f.sm.lastZxid());
    }

    @Test
    void zxidsMustIncrease() {
        long last = f.sm.lastZxid();
        assertThrows(IllegalStateException.class, () -> f.sm.apply(new TxnHeader(S1, 1, last, 0),
                new CreateSessionTxn(1000, Bytes.EMPTY)));
        assertEquals(last, f.sm.lastZxid());
        // A jump (new epoch) is allowed.
        ok(f.sm.apply(new TxnHeader(0x77, 1, (1L << 32) + 1, 0), new CreateSessionTxn(1000, Bytes.EMPTY)));
        assertEquals((1L << 32) + 1, f.sm.lastZxid());
    }
}
