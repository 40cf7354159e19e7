package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADVERSION;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NODEEXISTS;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S2;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.MultiRequest.Op;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** multi (7.11): atomicity, results, one zxid. */
class MultiTest {
    private final Fixture f = Fixture.withSessions();

    private static Op create(int type, String path, int flags) {
        return new Op(OpCode.fromCode(type), new CreateRequest(path, Bytes.utf8("d"), Acl.OPEN_ACL_UNSAFE, flags));
    }

    private static Op delete(String path, int version) {
        return new Op(OpCode.DELETE, new DeleteRequest(path, version));
    }

    private static Op setData(String path, String data, int version) {
        return new Op(OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(data), version));
    }

    private static Op check(String path, int version) {
        return new Op(OpCode.CHECK, new CheckVersionRequest(path, version));
    }

    private static List<OpResult> results(OpOutcome o) {
        ok(o);
        return ((MultiResponse) o.response()).results();
    }

    @Test
    void multiSuccessAppliesEverythingUnderOneZxid() {
        ok(f.create("/demo"));
        OpOutcome o = f.multi(S1, create(1, "/demo/x", 0), check("/demo", 0), create(15, "/demo/y", 0),
                setData("/demo", "v", 0));
        List<OpResult> r = results(o);
        assertEquals(new OpResult.CreateResult("/demo/x"), r.get(0));
        assertEquals(new OpResult.CheckResult(), r.get(1));
        OpResult.Create2Result y = assertInstanceOf(OpResult.Create2Result.class, r.get(2));
        assertEquals("/demo/y", y.path());
        assertEquals(o.zxid(), y.stat().czxid());
        Stat demo = ((OpResult.SetDataResult) r.get(3)).stat();
        assertEquals(o.zxid(), demo.mzxid());
        assertEquals(o.zxid(), demo.pzxid());
        assertEquals(o.zxid(), f.stat("/demo/x").czxid());
        assertEquals(f.sm.lastZxid(), o.zxid());
    }

    @Test
    void typeOneCreateReturnsCreateResultAndOthersCreate2Result() {
        OpOutcome o = f.multi(S1, create(1, "/a", 0), create(15, "/b", 0), create(19, "/c", 0));
        List<OpResult> r = results(o);
        assertEquals(1, r.get(0).type());
        assertEquals(15, r.get(1).type());
        assertEquals(15, r.get(2).type());
    }

    @Test
    void multiFailureResultsAreZeroThenErrorThenMinusTwo() {
        ok(f.create("/demo"));
        ok(f.create("/demo/x"));
        OpOutcome o = f.multi(S1, delete("/demo/x", -1), check("/demo", 7), setData("/demo", "v", -1));
        assertEquals(ErrorCode.OK, o.err());
        assertEquals(List.of(new OpResult.ErrorResult(0), new OpResult.ErrorResult(-103), new OpResult.ErrorResult(-2)),
                results(o));
        assertTrue(f.exists("/demo/x"));
        assertEquals(0, f.stat("/demo").version());
    }

    @Test
    void failedMultiConsumesOneZxid() {
        long before = f.sm.lastZxid();
        OpOutcome o = f.multi(S1, create(1, "/a", 0), create(1, "/a", 0));
        assertEquals(before + 1, o.zxid());
        assertEquals(List.of(new OpResult.ErrorResult(0), new OpResult.ErrorResult(NODEEXISTS.code())), results(o));
        assertFalse(f.exists("/a"));
    }

    @Test
    void emptyMultiSucceedsAndConsumesZxid() {
        long before = f.sm.lastZxid();
        OpOutcome o = f.multi(S1);
        assertEquals(List.of(), results(o));
        assertEquals(before + 1, f.sm.lastZxid());
    }

    @Test
    void laterOpsSeeEarlierOnes() {
        OpOutcome o = f.multi(S1, create(1, "/a", 0), create(1, "/a/b", 0), setData("/a/b", "x", 0),
                delete("/a/b", 1), check("/a", 0));
        assertEquals(5, results(o).size());
        assertTrue(f.exists("/a"));
        assertFalse(f.exists("/a/b"));
        // One child created and deleted: C=1, no children, so 2*1 - 0.
        assertEquals(2, f.stat("/a").cversion());
    }

    @Test
    void sequentialCountersAdvanceWithinMulti() {
        ok(f.create("/q"));
        List<OpResult> r = results(f.multi(S1, create(1, "/q/n-", 2), create(1, "/q/n-", 2), create(15, "/q/n-", 2)));
        assertEquals("/q/n-0000000000", ((OpResult.CreateResult) r.get(0)).path());
        assertEquals("/q/n-0000000001", ((OpResult.CreateResult) r.get(1)).path());
        assertEquals("/q/n-0000000002", ((OpResult.Create2Result) r.get(2)).path());
    }

    @Test
    void rolledBackMultiRestoresCountersStatsAndData() {
        ok(f.create("/q"));
        ok(f.create(S1, "/q/k", "orig", 0));
        ok(f.create("/q/gone"));
        Stat q = f.stat("/q");
        Stat k = f.stat("/q/k");
        StateStats stats = f.sm.stats();
        OpOutcome o = f.multi(S1, create(1, "/q/s", 2), setData("/q/k", "new", -1), delete("/q/gone", -1),
                create(1, "/q/x", 0), create(1, "/q/x/y", 1), create(1, "/q/missing/z", 0));
        assertEquals(List.of(new OpResult.ErrorResult(0), new OpResult.ErrorResult(0), new OpResult.ErrorResult(0),
                new OpResult.ErrorResult(0), new OpResult.ErrorResult(0), new OpResult.ErrorResult(NONODE.code())),
                results(o));
        assertEquals(q, f.stat("/q"));
        assertEquals(k, f.stat("/q/k"));
        assertEquals(Bytes.utf8("orig"), f.data("/q/k"));
        assertTrue(f.exists("/q/gone"));
        assertFalse(f.exists("/q/x"));
        assertEquals(stats, f.sm.stats());
        assertEquals(List.of(), f.sm.ephemerals(S1));
        // C was 2 (k, gone) and the rolled-back sequential create did not advance it.
        assertEquals("/q/s0000000002", Fixture.createdPath(f.create(S1, "/q/s", "", 2)));
    }

    @Test
    void multiWithReadOpIsMarshallingErrorAndConsumesZxid() {
        ok(f.create("/a"));
        long before = f.sm.lastZxid();
        Op read = new Op(OpCode.GET_DATA, new GetDataRequest("/a", false));
        OpOutcome o = f.multi(S1, create(1, "/b", 0), read);
        err(MARSHALLINGERROR, o);
        assertEquals(before + 1, o.zxid());
        assertFalse(f.exists("/b"));
        assertTrue(StateMachine.isMalformedMulti(new MultiRequest(List.of(read))));
        assertFalse(StateMachine.isMalformedMulti(new MultiRequest(List.of(check("/a", 1)))));
    }

    @Test
    void invalidCreateFlagsInsideMultiAreMarshallingErrorNotBadArguments() {
        long before = f.sm.lastZxid();
        err(MARSHALLINGERROR, f.multi(S1, create(1, "/y", 7)));
        err(MARSHALLINGERROR, f.multi(S1, create(1, "/y", 0), create(15, "/z", -1)));
        assertEquals(before + 2, f.sm.lastZxid());
        assertFalse(f.exists("/y"));
        assertTrue(StateMachine.isMalformedMulti(new MultiRequest(List.of(create(19, "/c", 9)))));
        // Top level, the same flags are BADARGUMENTS.
        err(ErrorCode.BADARGUMENTS, f.create(S1, "/y", "", 7));
    }

    @Test
    void subOpThatCannotBeDecodedFailsWholeMultiAndRollsBack() {
        OpOutcome o = f.multi(S1, create(1, "/a", 0), new Op(OpCode.DELETE, new DeleteRequest(null, -1)));
        err(MARSHALLINGERROR, o);
        assertFalse(f.exists("/a"));
    }

    @Test
    void checkOpValidationOrder() {
        ok(f.createWithAcl("/secret", List.of(new Acl(io.warden.protocol.Perms.WRITE, io.warden.protocol.data.Id.ANYONE))));
        assertEquals(List.of(new OpResult.ErrorResult(ErrorCode.BADARGUMENTS.code())), results(f.multi(S1, check("/a/", 0))));
        assertEquals(List.of(new OpResult.ErrorResult(NONODE.code())), results(f.multi(S1, check("/none", 0))));
        assertEquals(List.of(new OpResult.ErrorResult(ErrorCode.NOAUTH.code())), results(f.multi(S1, check("/secret", 5))));
        ok(f.create("/v"));
        assertEquals(List.of(new OpResult.ErrorResult(BADVERSION.code())), results(f.multi(S1, check("/v", 5))));
        assertEquals(List.of(new OpResult.CheckResult()), results(f.multi(S1, check("/v", -1))));
    }

    @Test
    void unknownSessionFailsFirstOp() {
        OpOutcome o = f.multi(S3, create(1, "/a", 0), delete("/b", -1));
        assertEquals(List.of(new OpResult.ErrorResult(SESSIONEXPIRED.code()), new OpResult.ErrorResult(-2)), results(o));
    }

    @Test
    void ephemeralCreatedInMultiBelongsToSession() {
        ok(f.multi(S2, create(1, "/e", 1)));
        assertEquals(S2, f.stat("/e").ephemeralOwner());
        assertEquals(List.of("/e"), f.sm.ephemerals(S2));
    }

    @Test
    void ttlInMultiNeedsExtendedTypes() {
        Op ttl = new Op(OpCode.CREATE_TTL, new CreateTTLRequest("/t", null, Acl.OPEN_ACL_UNSAFE, 5, 100));
        assertEquals(List.of(new OpResult.ErrorResult(ErrorCode.UNIMPLEMENTED.code())), results(f.multi(S1, ttl)));
    }

    @Test
    void watchesFireOnlyWhenMultiCommits() {
        ok(f.create("/w"));
        Fixture.Target t = new Fixture.Target("t", S1);
        ok(f.read(t, OpCode.GET_DATA, new GetDataRequest("/w", true)));
        Fixture.err(NONODE, f.read(t, OpCode.EXISTS, new ExistsRequest("/w/new", true)));
        ok(f.read(t, OpCode.GET_CHILDREN, new GetChildrenRequest("/w", true)));
        OpOutcome failed = f.multi(S1, setData("/w", "x", -1), create(1, "/w/new", 0), check("/w", 99));
        Fixture.assertNoEvents(failed);
        OpOutcome committed = f.multi(S1, setData("/w", "x", -1), create(1, "/w/new", 0));
        assertEquals(List.of("NODE_DATA_CHANGED /w", "NODE_CREATED /w/new", "NODE_CHILDREN_CHANGED /w"),
                Fixture.events(committed, t));
        for (Notification n : committed.notifications()) {
            assertEquals(committed.zxid(), n.frame().header().zxid());
        }
    }
}
