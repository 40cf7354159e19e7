package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.BADVERSION;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.SetDataResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** setData (7.5): validation order and effects. */
class SetDataTest {
    private final Fixture f = Fixture.withSessions();

    @Test
    void unknownSessionIsSessionExpired() {
        err(SESSIONEXPIRED, f.write(S3, OpCode.SET_DATA, new SetDataRequest("bad", null, -1)));
    }

    @Test
    void invalidPathIsBadArguments() {
        ok(f.create("/a"));
        err(BADARGUMENTS, f.setData("/a//b", "x", -1));
        err(BADARGUMENTS, f.setData("/a/", "x", -1));
        err(BADARGUMENTS, f.setData("relative", "x", -1));
        err(BADARGUMENTS, f.setData("", "x", -1));
        err(MARSHALLINGERROR, f.setData(null, "x", -1));
    }

    @Test
    void missingNodeIsNoNode() {
        err(NONODE, f.setData("/missing", "x", -1));
    }

    @Test
    void noWritePermissionIsNoAuth() {
        ok(f.createWithAcl("/ro", List.of(new Acl(Perms.ALL & ~Perms.WRITE, Id.ANYONE))));
        err(NOAUTH, f.setData("/ro", "x", -1));
    }

    @Test
    void noAuthWinsOverBadVersion() {
        ok(f.createWithAcl("/ro", List.of(new Acl(Perms.READ, Id.ANYONE))));
        err(NOAUTH, f.setData("/ro", "x", 42));
    }

    @Test
    void wrongVersionIsBadVersion() {
        ok(f.create("/a"));
        err(BADVERSION, f.setData("/a", "x", 1));
        ok(f.setData("/a", "x", 0));
        ok(f.setData("/a", "y", 1));
        assertEquals(2, f.stat("/a").version());
    }

    @Test
    void statAfterSetData() {
        OpOutcome c = f.create(S1, "/a", "old", 0);
        Stat before = f.stat("/a");
        OpOutcome o = f.setData("/a", "newer", -1);
        Stat reply = ((SetDataResponse) o.response()).stat();
        assertEquals(reply, f.stat("/a"));
        assertEquals(new Stat(c.zxid(), o.zxid(), before.ctime(), f.time, 1, 0, 0, 0, 5, 0, c.zxid()), reply);
        assertEquals(Bytes.utf8("newer"), f.data("/a"));
    }

    @Test
    void setDataToNullKeepsNull() {
        ok(f.create(S1, "/a", "x", 0));
        ok(f.write(S1, OpCode.SET_DATA, new SetDataRequest("/a", null, -1)));
        assertNull(f.data("/a"));
        assertEquals(0, f.stat("/a").dataLength());
    }

    @Test
    void versionSkipsMinusOneWhenWrapping() {
        ok(f.create("/a"));
        f.sm.tree().get("/a").version = Integer.MAX_VALUE;
        ok(f.setData("/a", "x", Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, f.stat("/a").version());
        f.sm.tree().get("/a").version = -2;
        ok(f.setData("/a", "x", -2));
        assertEquals(0, f.stat("/a").version());
    }

    @Test
    void setDataDoesNotTouchParent() {
        ok(f.create("/p"));
        ok(f.create("/p/c"));
        Stat before = f.stat("/p");
        ok(f.setData("/p/c", "x", -1));
        assertEquals(before, f.stat("/p"));
    }

    @Test
    void oversizedDataIsMarshallingErrorAndStillConsumesZxid() {
        StateConfig d = StateConfig.defaults();
        Fixture x = new Fixture(new StateConfig(false, false, null, 4, d.maxWatchesPerConnection()));
        x.openSession(S1);
        ok(x.create("/a"));
        OpOutcome o = x.setData("/a", "12345", -1);
        err(MARSHALLINGERROR, o);
        assertEquals(x.zxid, o.zxid());
        assertEquals(x.zxid, x.sm.lastZxid());
        assertEquals(0, x.stat("/a").version());
    }
}
