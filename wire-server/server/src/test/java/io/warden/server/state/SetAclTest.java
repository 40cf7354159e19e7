package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.BADVERSION;
import static io.warden.protocol.ErrorCode.INVALIDACL;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.SetACLResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** setACL (7.7): validation order, aversion, no watches. */
class SetAclTest {
    private final Fixture f = Fixture.withSessions();
    private static final List<Acl> READ_ONLY = List.of(new Acl(Perms.READ, Id.ANYONE));

    @Test
    void unknownSessionIsSessionExpired() {
        err(SESSIONEXPIRED, f.write(S3, OpCode.SET_ACL, new SetACLRequest("x", List.of(), -1)));
    }

    @Test
    void invalidPathIsBadArguments() {
        err(BADARGUMENTS, f.setAcl("/a/", READ_ONLY, -1));
    }

    @Test
    void badPathWinsOverInvalidAcl() {
        err(BADARGUMENTS, f.setAcl("/a/", List.of(), -1));
    }

    @Test
    void invalidAclWinsOverMissingNode() {
        err(INVALIDACL, f.setAcl("/missing", List.of(), -1));
        err(NONODE, f.setAcl("/missing", READ_ONLY, -1));
    }

    @Test
    void noAdminPermissionIsNoAuth() {
        ok(f.createWithAcl("/a", List.of(new Acl(Perms.ALL & ~Perms.ADMIN, Id.ANYONE))));
        err(NOAUTH, f.setAcl("/a", READ_ONLY, -1));
    }

    @Test
    void noAuthWinsOverBadVersion() {
        ok(f.createWithAcl("/a", READ_ONLY));
        err(NOAUTH, f.setAcl("/a", READ_ONLY, 7));
    }

    @Test
    void versionChecksAversion() {
        ok(f.create("/a"));
        ok(f.setData("/a", "x", -1));
        err(BADVERSION, f.setAcl("/a", Acl.OPEN_ACL_UNSAFE, 1));
        OpOutcome o = f.setAcl("/a", Acl.OPEN_ACL_UNSAFE, 0);
        Stat s = ((SetACLResponse) o.response()).stat();
        assertEquals(1, s.aversion());
        assertEquals(1, s.version());
        assertEquals(s, f.stat("/a"));
        ok(f.setAcl("/a", READ_ONLY, 1));
        assertEquals(2, f.stat("/a").aversion());
    }

    @Test
    void setAclChangesAclButNotMzxid() {
        OpOutcome c = f.create(S1, "/a", "", 0);
        ok(f.setAcl("/a", READ_ONLY, -1));
        assertEquals(c.zxid(), f.stat("/a").mzxid());
        OpOutcome acl = f.read(S1, OpCode.GET_ACL, new GetACLRequest("/a"));
        assertEquals(READ_ONLY, ((GetACLResponse) acl.response()).acl());
        err(NOAUTH, f.setData("/a", "x", -1));
    }

    @Test
    void setAclFiresNoWatches() {
        ok(f.create("/a"));
        Fixture.Target t = new Fixture.Target("t", S1);
        ok(f.read(t, OpCode.EXISTS, new ExistsRequest("/a", true)));
        Fixture.assertNoEvents(f.setAcl("/a", READ_ONLY, -1));
        assertEquals(1, f.sm.stats().watchCount());
    }

    @Test
    void setAclOnConfigNodeNeedsAdmin() {
        err(NOAUTH, f.setAcl("/zookeeper/config", Acl.OPEN_ACL_UNSAFE, -1));
        ok(f.setAcl("/zookeeper/config", Acl.OPEN_ACL_UNSAFE, -1, new Id("super", "")));
        assertEquals(0, f.stat("/zookeeper/config").aversion());
    }
}
