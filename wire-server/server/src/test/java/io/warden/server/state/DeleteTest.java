package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.BADVERSION;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.NOTEMPTY;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.DeleteRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** delete (7.2): validation order and effects. */
class DeleteTest {
    private final Fixture f = Fixture.withSessions();

    @Test
    void unknownSessionIsSessionExpiredBeforeAnything() {
        err(SESSIONEXPIRED, f.write(S3, OpCode.DELETE, new DeleteRequest("/", -1)));
    }

    @Test
    void protectedPathsAreBadArguments() {
        for (String p : List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config")) {
            err(BADARGUMENTS, f.delete(p, -1));
        }
    }

    @Test
    void pathWithoutSlashOrWithNulIsBadArguments() {
        err(BADARGUMENTS, f.delete("a", -1));
        err(BADARGUMENTS, f.delete("", -1));
        err(BADARGUMENTS, f.delete("/a\u0000", -1));
        err(MARSHALLINGERROR, f.delete(null, -1));
    }

    @Test
    void missingParentIsNoNode() {
        err(NONODE, f.delete("/no/such", -1));
    }

    @Test
    void deleteDoesNotCheckFullPathSyntax() {
        ok(f.create("/a"));
        err(NONODE, f.delete("/a//b", -1));
        err(NONODE, f.delete("/a/", -1));
    }

    @Test
    void noDeletePermissionOnParentIsNoAuth() {
        ok(f.createWithAcl("/p", List.of(new Acl(Perms.ALL & ~Perms.DELETE, Id.ANYONE))));
        ok(f.create("/p/c"));
        err(NOAUTH, f.delete("/p/c", -1));
    }

    @Test
    void noAuthOnParentWinsOverMissingNode() {
        ok(f.createWithAcl("/p", List.of(new Acl(Perms.CREATE, Id.ANYONE))));
        err(NOAUTH, f.delete("/p/missing", -1));
    }

    @Test
    void deletePermissionOnTheNodeItselfIsIrrelevant() {
        ok(f.create("/p"));
        ok(f.createWithAcl("/p/c", List.of(new Acl(Perms.READ, Id.ANYONE))));
        ok(f.delete("/p/c", -1));
    }

    @Test
    void missingNodeIsNoNode() {
        err(NONODE, f.delete("/missing", -1));
    }

    @Test
    void wrongVersionIsBadVersion() {
        ok(f.create("/a"));
        err(BADVERSION, f.delete("/a", 3));
        ok(f.setData("/a", "x", -1));
        ok(f.delete("/a", 1));
    }

    @Test
    void badVersionWinsOverNotEmpty() {
        ok(f.create("/a"));
        ok(f.create("/a/b"));
        err(BADVERSION, f.delete("/a", 9));
        err(NOTEMPTY, f.delete("/a", 0));
        err(NOTEMPTY, f.delete("/a", -1));
    }

    @Test
    void parentStatAfterDelete() {
        ok(f.create("/p"));
        ok(f.create("/p/c"));
        Stat before = f.stat("/p");
        OpOutcome o = f.delete("/p/c", -1);
        Stat after = f.stat("/p");
        assertEquals(before.cversion() + 1, after.cversion());
        assertEquals(0, after.numChildren());
        assertEquals(o.zxid(), after.pzxid());
        assertEquals(before.mzxid(), after.mzxid());
        assertFalse(f.exists("/p/c"));
    }

    private OpOutcome deleteContainer(long session, String path) {
        return f.write(session, OpCode.DELETE_CONTAINER, new io.warden.protocol.request.DeleteContainerRequest(path));
    }

    @Test
    void deleteContainerFromAClientDeletesAnyEmptyNonEphemeralLikeZooKeeper39() {
        ok(f.create(Fixture.S1, "/plain", "", 0));
        ok(f.createWithAcl("/locked", List.of(new Acl(Perms.READ, Id.ANYONE))));
        ok(f.create(Fixture.S1, "/locked/inner", "", 0, new Id("super", "")));
        OpOutcome o = deleteContainer(Fixture.S1, "/plain");
        ok(o);
        assertEquals(f.zxid, o.zxid());
        assertFalse(f.exists("/plain"));
        // No session check and no ACL check: ZooKeeper's own behaviour for op 20.
        ok(deleteContainer(S3, "/locked/inner"));
        assertFalse(f.exists("/locked/inner"));
    }

    @Test
    void deleteContainerValidationOrder() {
        ok(f.write(Fixture.S1, OpCode.CREATE_CONTAINER,
                new io.warden.protocol.request.CreateRequest("/c", null, Acl.OPEN_ACL_UNSAFE, 4)));
        ok(f.create("/c/x"));
        ok(f.create(Fixture.S1, "/eph", "", 1));
        err(NOTEMPTY, deleteContainer(0, "/c"));
        err(BADVERSION, deleteContainer(0, "/eph"));
        err(NONODE, deleteContainer(0, "/none"));
        err(BADARGUMENTS, deleteContainer(0, "/zookeeper"));
        err(BADARGUMENTS, deleteContainer(0, "/"));
        err(BADARGUMENTS, deleteContainer(0, "rel"));
        err(MARSHALLINGERROR, deleteContainer(0, null));
        ok(f.delete("/c/x", -1));
        OpOutcome o = deleteContainer(0, "/c");
        ok(o);
        assertFalse(f.exists("/c"));
        assertEquals(o.zxid(), f.stat("/").pzxid());
    }
}
