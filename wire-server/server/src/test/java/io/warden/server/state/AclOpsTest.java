package io.warden.server.state;

import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.response.GetACLResponse;
import io.warden.server.acl.DigestAuth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACL checks per op with each scheme (PROTOCOL.md 14). */
class AclOpsTest {
    private static final Id ALICE = new Id("digest", DigestAuth.digestId("alice:secret"));
    private static final Id BOB = new Id("digest", DigestAuth.digestId("bob:pw"));
    private static final Id SUPER = new Id("super", "");
    private final Fixture f = Fixture.withSessions();

    private List<Acl> getAcl(String path, Id... ids) {
        OpOutcome o = f.read(S1, OpCode.GET_ACL, new GetACLRequest(path), ids);
        ok(o);
        return ((GetACLResponse) o.response()).acl();
    }

    @Test
    void digestOwnerHasEveryPermissionOthersNone() {
        ok(f.createWithAcl("/a", List.of(new Acl(Perms.ALL, ALICE)), ALICE));
        ok(f.create(S1, "/a/c", "", 0, ALICE));
        err(NOAUTH, f.create(S1, "/a/d", "", 0, BOB));
        err(NOAUTH, f.setData("/a", "x", -1, BOB));
        err(NOAUTH, f.delete("/a/c", -1, BOB));
        err(NOAUTH, f.setAcl("/a", Acl.OPEN_ACL_UNSAFE, -1, BOB));
        err(NOAUTH, f.read(S1, OpCode.GET_DATA, new GetDataRequest("/a", false), BOB));
        err(NOAUTH, f.read(S1, OpCode.GET_CHILDREN, new GetChildrenRequest("/a", false), BOB));
        err(NOAUTH, f.read(S1, OpCode.EXISTS, new ExistsRequest("/a", false), BOB));
        err(NOAUTH, f.read(S1, OpCode.GET_ACL, new GetACLRequest("/a"), BOB));
        ok(f.setData("/a", "x", -1, ALICE));
        ok(f.delete("/a/c", -1, ALICE));
        ok(f.setAcl("/a", Acl.OPEN_ACL_UNSAFE, -1, ALICE));
    }

    @Test
    void authAclExpandsToCallersDigestIds() {
        ok(f.createWithAcl("/mine", Acl.CREATOR_ALL_ACL, ALICE, BOB));
        assertEquals(List.of(new Acl(Perms.ALL, ALICE), new Acl(Perms.ALL, BOB)), getAcl("/mine", ALICE));
    }

    @Test
    void getAclWithoutAdminMasksDigestIds() {
        ok(f.createWithAcl("/a", List.of(new Acl(Perms.READ, Id.ANYONE), new Acl(Perms.ALL, ALICE),
                new Acl(Perms.READ, new Id("ip", "127.0.0.1"))), ALICE));
        assertEquals(List.of(new Acl(Perms.READ, Id.ANYONE), new Acl(Perms.ALL, new Id("digest", "alice:x")),
                new Acl(Perms.READ, new Id("ip", "127.0.0.1"))), getAcl("/a"));
        assertEquals(new Acl(Perms.ALL, ALICE), getAcl("/a", ALICE).get(1));
    }

    @Test
    void getAclNeedsReadOrAdmin() {
        ok(f.createWithAcl("/admin", List.of(new Acl(Perms.ADMIN, Id.ANYONE))));
        assertEquals(List.of(new Acl(Perms.ADMIN, Id.ANYONE)), getAcl("/admin"));
        ok(f.createWithAcl("/none", List.of(new Acl(Perms.WRITE, Id.ANYONE))));
        err(NOAUTH, f.read(S1, OpCode.GET_ACL, new GetACLRequest("/none")));
    }

    @Test
    void ipAclMatchesConnectionAddress() {
        ok(f.createWithAcl("/local", List.of(new Acl(Perms.ALL, new Id("ip", "127.0.0.0/8")))));
        ok(f.setData("/local", "x", -1));
        ok(f.createWithAcl("/lan", List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/8")))));
        err(NOAUTH, f.setData("/lan", "x", -1));
    }

    @Test
    void superPassesEveryCheckAndSeesUnmaskedIds() {
        ok(f.createWithAcl("/a", List.of(new Acl(Perms.READ, ALICE)), ALICE));
        ok(f.setData("/a", "x", -1, SUPER));
        ok(f.create(S1, "/a/c", "", 0, SUPER));
        assertEquals(List.of(new Acl(Perms.READ, ALICE)), getAcl("/a", SUPER));
    }

    @Test
    void configuredSuperDigestGrantsSuper() {
        String superId = DigestAuth.digestId("super:admin");
        StateConfig d = StateConfig.defaults();
        Fixture x = new Fixture(new StateConfig(false, false, superId, d.maxDataBytes(), d.maxWatchesPerConnection()));
        x.openSession(S1);
        ok(x.createWithAcl("/a", List.of(new Acl(Perms.READ, ALICE)), ALICE));
        err(NOAUTH, x.setData("/a", "x", -1, BOB));
        ok(x.setData("/a", "x", -1, new Id("digest", superId)));
    }

    @Test
    void skipAclSkipsChecksButNotFixup() {
        StateConfig d = StateConfig.defaults();
        Fixture x = new Fixture(new StateConfig(false, true, null, d.maxDataBytes(), d.maxWatchesPerConnection()));
        x.openSession(S1);
        ok(x.createWithAcl("/a", List.of(new Acl(0, ALICE)), ALICE));
        ok(x.setData("/a", "x", -1));
        err(io.warden.protocol.ErrorCode.INVALIDACL, x.createWithAcl("/b", List.of()));
        // With the check skipped, getACL shows ids unmasked.
        OpOutcome o = x.read(S1, OpCode.GET_ACL, new GetACLRequest("/a"));
        assertEquals(List.of(new Acl(0, ALICE)), ((GetACLResponse) o.response()).acl());
    }
}
