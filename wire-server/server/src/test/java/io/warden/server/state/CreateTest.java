package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.INVALIDACL;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NOCHILDRENFOREPHEMERALS;
import static io.warden.protocol.ErrorCode.NODEEXISTS;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.protocol.ErrorCode.UNIMPLEMENTED;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.createdPath;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** create, create2, createContainer and createTTL: validation order (7.1) and effects (10). */
class CreateTest {
    private final Fixture f = Fixture.withSessions();
    private static final Id ALICE = new Id("digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=");
    private static final List<Acl> ALICE_ONLY = List.of(new Acl(Perms.ALL, ALICE));

    private OpOutcome create(long session, OpCode op, String path, List<Acl> acl, int flags) {
        return f.write(session, op, new CreateRequest(path, Bytes.EMPTY, acl, flags));
    }

    @Test
    void invalidFlagsAreBadArguments() {
        err(BADARGUMENTS, f.create(S1, "/a", "", 7));
        err(BADARGUMENTS, f.create(S1, "/a", "", -1));
    }

    @Test
    void badFlagsWinOverUnknownSession() {
        err(BADARGUMENTS, f.create(S3, "/a", "", 7));
    }

    @Test
    void ttlWithoutExtendedTypesIsUnimplemented() {
        err(UNIMPLEMENTED, f.createTtl(OpCode.CREATE_TTL, "/t", 5, 1000));
        err(UNIMPLEMENTED, f.createTtl(OpCode.CREATE_TTL, "/t", 6, 1000));
    }

    @Test
    void ttlRangeIsChecked() {
        Fixture x = new Fixture(Fixture.extended());
        x.openSession(S1);
        err(BADARGUMENTS, x.createTtl(OpCode.CREATE_TTL, "/t", 5, 0));
        err(BADARGUMENTS, x.createTtl(OpCode.CREATE_TTL, "/t", 5, -5));
        err(BADARGUMENTS, x.createTtl(OpCode.CREATE_TTL, "/t", 5, 0x00FFFFFFFFFFL + 1));
        ok(x.createTtl(OpCode.CREATE_TTL, "/t", 5, 0x00FFFFFFFFFFL));
    }

    @Test
    void createTtlOpWithNonTtlModeIsBadArguments() {
        Fixture x = new Fixture(Fixture.extended());
        x.openSession(S1);
        err(BADARGUMENTS, x.createTtl(OpCode.CREATE_TTL, "/t", 0, 100));
        err(BADARGUMENTS, x.createTtl(OpCode.CREATE_TTL, "/t", 0, -1));
    }

    @Test
    void ttlFlagThroughPlainCreateIsBadArguments() {
        Fixture x = new Fixture(Fixture.extended());
        x.openSession(S1);
        err(BADARGUMENTS, x.create(S1, "/t", "", 5));
    }

    @Test
    void ttlGateWinsOverUnknownSession() {
        err(UNIMPLEMENTED, f.write(S3, OpCode.CREATE_TTL,
                new io.warden.protocol.request.CreateTTLRequest("/t", null, Acl.OPEN_ACL_UNSAFE, 5, 10)));
    }

    @Test
    void unknownSessionIsSessionExpired() {
        err(SESSIONEXPIRED, f.create(S3, "/a", "", 0));
        err(SESSIONEXPIRED, f.create(S3, "no-slash", "", 0));
    }

    @Test
    void pathWithoutSlashOrWithNulIsBadArguments() {
        err(BADARGUMENTS, f.create("relative"));
        err(BADARGUMENTS, f.create("/a\u0000b"));
    }

    @Test
    void nullPathIsMarshallingError() {
        err(MARSHALLINGERROR, f.create(null));
    }

    @Test
    void invalidAclIsInvalidAcl() {
        err(INVALIDACL, f.createWithAcl("/a", List.of()));
        err(INVALIDACL, f.createWithAcl("/a", null));
        err(INVALIDACL, f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id("bogus", "x")))));
        err(INVALIDACL, f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id("digest", "nocolon")))));
        err(INVALIDACL, f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id("ip", "300.1.1.1")))));
        err(INVALIDACL, f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id("world", "someone")))));
        err(INVALIDACL, f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id(null, "x")))));
        err(INVALIDACL, f.createWithAcl("/a", Acl.CREATOR_ALL_ACL));
    }

    @Test
    void nullIdUnderWorldDigestOrIpIsMarshallingError() {
        err(MARSHALLINGERROR, f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id("world", null)))));
        err(MARSHALLINGERROR, f.setAcl("/zookeeper", List.of(new Acl(Perms.ALL, new Id("ip", null))), -1));
    }

    @Test
    void authAclWithNullIdExpandsLikeKazooSendsIt() {
        ok(f.createWithAcl("/a", List.of(new Acl(Perms.ALL, new Id("auth", null))), ALICE));
        OpOutcome acl = f.read(S1, OpCode.GET_ACL, new io.warden.protocol.request.GetACLRequest("/a"), ALICE);
        assertEquals(ALICE_ONLY, ((io.warden.protocol.response.GetACLResponse) acl.response()).acl());
    }

    @Test
    void invalidAclWinsOverMissingParent() {
        err(INVALIDACL, f.createWithAcl("/missing/a", List.of()));
    }

    @Test
    void missingParentIsNoNode() {
        err(NONODE, f.create("/missing/a"));
    }

    @Test
    void trailingSlashGivesNoNodeNotBadArguments() {
        ok(f.create("/w"));
        err(NONODE, f.create("/w/bad/"));
    }

    @Test
    void missingParentWinsOverInvalidFinalPath() {
        err(NONODE, f.create("/a//b"));
    }

    @Test
    void noCreatePermissionOnParentIsNoAuth() {
        ok(f.createWithAcl("/locked", List.of(new Acl(Perms.ALL & ~Perms.CREATE, Id.ANYONE))));
        err(NOAUTH, f.create("/locked/a"));
    }

    @Test
    void noAuthWinsOverNodeExists() {
        ok(f.createWithAcl("/locked", ALICE_ONLY, ALICE));
        ok(f.write(S1, OpCode.CREATE, new CreateRequest("/locked/a", null, Acl.OPEN_ACL_UNSAFE, 0), ALICE));
        err(NOAUTH, f.create("/locked/a"));
        err(NODEEXISTS, f.create(S1, "/locked/a", "", 0, ALICE));
    }

    @Test
    void noAuthWinsOverInvalidFinalPath() {
        ok(f.createWithAcl("/locked", List.of(new Acl(Perms.READ, Id.ANYONE))));
        err(NOAUTH, f.create("/locked/."));
    }

    @Test
    void nonSequentialCreateIsCheckedBeforeNameIsFinal() {
        ok(f.create("/a"));
        // "/a/" + suffix is valid, "/a/" alone is not.
        err(BADARGUMENTS, f.create("/a/"));
        assertEquals("/a/0000000000", createdPath(f.create(S1, "/a/", "", 2)));
    }

    @Test
    void invalidFinalPathIsBadArguments() {
        ok(f.create("/a"));
        err(BADARGUMENTS, f.create("/a/."));
        err(BADARGUMENTS, f.create("/a/.."));
        err(BADARGUMENTS, f.create("/a/x\u0001"));
    }

    @Test
    void createRootIsNodeExists() {
        err(NODEEXISTS, f.create("/"));
    }

    @Test
    void existingNodeIsNodeExists() {
        ok(f.create("/a"));
        err(NODEEXISTS, f.create("/a"));
        err(NODEEXISTS, f.create("/zookeeper"));
    }

    @Test
    void childOfEphemeralIsNoChildrenForEphemerals() {
        ok(f.create(S1, "/e", "", 1));
        err(NOCHILDRENFOREPHEMERALS, f.create("/e/c"));
        err(NOCHILDRENFOREPHEMERALS, f.create(S1, "/e/c", "", 3));
    }

    @Test
    void nodeExistsWinsOverEphemeralParent() {
        ok(f.create(S1, "/e", "", 1));
        err(NODEEXISTS, f.create("/e"));
    }

    @Test
    void childrenOfContainersAndTtlNodesAreAllowed() {
        Fixture x = new Fixture(Fixture.extended());
        x.openSession(S1);
        ok(x.write(S1, OpCode.CREATE_CONTAINER, new CreateRequest("/c", Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 4)));
        ok(x.create("/c/child"));
        ok(x.createTtl(OpCode.CREATE_TTL, "/t", 5, 1000));
        ok(x.create("/t/child"));
    }

    @Test
    void sequentialSuffixUsesCreationCounterNotCversion() {
        ok(f.create("/w"));
        ok(f.create("/w/x"));
        assertEquals("/w/s-0000000001", createdPath(f.create(S1, "/w/s-", "", 2)));
        assertEquals("/w/s-0000000002", createdPath(f.create(S1, "/w/s-", "", 2)));
        ok(f.create("/w/c2"));
        ok(f.delete("/w/c2", -1));
        assertEquals(5, f.stat("/w").cversion());
        assertEquals("/w/s-0000000004", createdPath(f.create(S1, "/w/s-", "", 2)));
    }

    @Test
    void firstSequentialUnderFreshRootIsZero() {
        assertEquals("/s0000000000", createdPath(f.create(S1, "/s", "", 2)));
        // C=1, two children: 2*1 - 2 = 0, one more than the fresh -1.
        assertEquals(0, f.stat("/").cversion());
    }

    @Test
    void sequentialPrefixMayEndInSlash() {
        ok(f.create("/queue"));
        assertEquals("/queue/0000000000", createdPath(f.create(S1, "/queue/", "", 2)));
    }

    @Test
    void ephemeralSequentialUnderDemo() {
        ok(f.create("/demo"));
        OpOutcome o = f.create2(S1, "/demo/e", "", 3);
        Create2Response r = (Create2Response) o.response();
        assertEquals("/demo/e0000000000", r.path());
        assertEquals(S1, r.stat().ephemeralOwner());
    }

    @Test
    void sequentialSuffixTurnsNegativePastIntMax() {
        ok(f.create("/q"));
        f.sm.tree().get("/q").childCounter = Integer.MAX_VALUE;
        assertEquals("/q/n2147483647", createdPath(f.create(S1, "/q/n", "", 2)));
        assertEquals("/q/n-2147483648", createdPath(f.create(S1, "/q/n", "", 2)));
        assertEquals("/q/n-2147483647", createdPath(f.create(S1, "/q/n", "", 2)));
    }

    @Test
    void failedCreateDoesNotAdvanceCreationCounter() {
        ok(f.create("/p"));
        ok(f.create("/p/a"));
        err(NODEEXISTS, f.create("/p/a"));
        assertEquals(1, f.stat("/p").cversion());
        assertEquals("/p/s0000000001", createdPath(f.create(S1, "/p/s", "", 2)));
    }

    @Test
    void createReturnsPathOnlyAndCreate2ReturnsStat() {
        OpOutcome one = f.create(S1, "/one", "d", 0);
        assertInstanceOf(CreateResponse.class, one.response());
        OpOutcome two = f.create2(S1, "/two", "data", 0);
        Create2Response r = assertInstanceOf(Create2Response.class, two.response());
        assertEquals(f.stat("/two"), r.stat());
    }

    @Test
    void newNodeStatFields() {
        OpOutcome o = f.create2(S1, "/n", "hello", 0);
        long z = o.zxid();
        assertEquals(f.zxid, z);
        Stat s = ((Create2Response) o.response()).stat();
        assertEquals(new Stat(z, z, f.time, f.time, 0, 0, 0, 0, 5, 0, z), s);
    }

    @Test
    void parentStatAfterCreate() {
        ok(f.create("/p"));
        Stat before = f.stat("/p");
        OpOutcome o = f.create("/p/c");
        Stat after = f.stat("/p");
        assertEquals(before.cversion() + 1, after.cversion());
        assertEquals(1, after.numChildren());
        assertEquals(o.zxid(), after.pzxid());
        assertEquals(before.mzxid(), after.mzxid());
        assertEquals(before.version(), after.version());
    }

    @Test
    void nullDataStaysNullAndEmptyStaysEmpty() {
        ok(f.write(S1, OpCode.CREATE, new CreateRequest("/null", null, Acl.OPEN_ACL_UNSAFE, 0)));
        ok(f.write(S1, OpCode.CREATE, new CreateRequest("/empty", Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 0)));
        assertNull(f.data("/null"));
        assertEquals(0, f.stat("/null").dataLength());
        assertEquals(Bytes.EMPTY, f.data("/empty"));
    }

    @Test
    void containerAndTtlNodesReportOwnerZero() {
        Fixture x = new Fixture(Fixture.extended());
        x.openSession(S1);
        OpOutcome c = x.write(S1, OpCode.CREATE_CONTAINER, new CreateRequest("/c", Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 4));
        assertEquals(0, ((Create2Response) c.response()).stat().ephemeralOwner());
        assertEquals(NodeKind.CONTAINER, x.sm.tree().get("/c").kind());
        assertEquals(0x8000000000000000L, x.sm.tree().get("/c").ephemeralOwner);
        OpOutcome t = x.createTtl(OpCode.CREATE_TTL, "/t", 6, 5000);
        assertEquals("/t0000000001", ((Create2Response) t.response()).path());
        assertEquals(0, ((Create2Response) t.response()).stat().ephemeralOwner());
        DataNode ttl = x.sm.tree().get("/t0000000001");
        assertEquals(NodeKind.TTL, ttl.kind());
        assertEquals(0xFF00000000000000L | 5000, ttl.ephemeralOwner);
        assertEquals(5000, ttl.ttlMs());
    }

    @Test
    void createContainerOpMakesContainerWhateverTheFlags() {
        ok(f.write(S1, OpCode.CREATE_CONTAINER, new CreateRequest("/c", Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 0)));
        assertEquals(NodeKind.CONTAINER, f.sm.tree().get("/c").kind());
    }

    @Test
    void createOpWithContainerFlagMakesPlainPersistentNode() {
        ok(f.create(S1, "/c", "", 4));
        assertEquals(NodeKind.PERSISTENT, f.sm.tree().get("/c").kind());
    }

    @Test
    void ephemeralOwnerIsTheSession() {
        ok(f.create(S1, "/e", "", 1));
        assertEquals(S1, f.stat("/e").ephemeralOwner());
    }

    @Test
    void oversizedDataIsMarshallingError() {
        StateConfig d = StateConfig.defaults();
        Fixture x = new Fixture(new StateConfig(false, false, null, 10, d.maxWatchesPerConnection()));
        x.openSession(S1);
        err(MARSHALLINGERROR, x.create(S1, "/a", "01234567890", 0));
        ok(x.create(S1, "/a", "0123456789", 0));
    }

    @Test
    void duplicateAclEntriesAreRemoved() {
        List<Acl> twice = new ArrayList<>(Acl.OPEN_ACL_UNSAFE);
        twice.add(new Acl(Perms.ALL, Id.ANYONE));
        twice.add(new Acl(Perms.READ, new Id("ip", "10.0.0.0/8")));
        twice.add(new Acl(Perms.READ, new Id("ip", "10.0.0.0/8")));
        ok(f.createWithAcl("/d", twice));
        OpOutcome acl = f.read(S1, OpCode.GET_ACL, new io.warden.protocol.request.GetACLRequest("/d"));
        assertEquals(List.of(new Acl(Perms.ALL, Id.ANYONE), new Acl(Perms.READ, new Id("ip", "10.0.0.0/8"))),
                ((io.warden.protocol.response.GetACLResponse) acl.response()).acl());
    }
}
