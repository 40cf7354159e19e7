package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S2;
import static io.warden.server.state.Fixture.S3;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.MultiRequest.Op;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetAllChildrenNumberResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.GetEphemeralsResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read ops (7.3, 7.4, 7.8, 7.11 multiRead, 7.17, 7.18). */
class ReadTest {
    private final Fixture f = Fixture.withSessions();
    private final Fixture.Target t = new Fixture.Target("t", S1);

    @Test
    void existsReturnsStat() {
        ok(f.create("/a"));
        OpOutcome o = f.read(t, OpCode.EXISTS, new ExistsRequest("/a", false));
        assertEquals(f.stat("/a"), ((ExistsResponse) o.response()).stat());
    }

    @Test
    void existsWithNulIsBadArguments() {
        err(BADARGUMENTS, f.read(t, OpCode.EXISTS, new ExistsRequest("/a\u0000", true)));
        assertEquals(0, f.sm.stats().watchCount());
    }

    @Test
    void existsOnMissingNodeRegistersWatch() {
        err(NONODE, f.read(t, OpCode.EXISTS, new ExistsRequest("/later", true)));
        OpOutcome o = f.create("/later");
        assertEquals(List.of("NODE_CREATED /later"), Fixture.events(o, t));
    }

    @Test
    void existsWithoutReadIsNoAuthAndSetsNoWatch() {
        ok(f.createWithAcl("/secret", List.of(new Acl(Perms.WRITE, Id.ANYONE))));
        err(NOAUTH, f.read(t, OpCode.EXISTS, new ExistsRequest("/secret", true)));
        Fixture.assertNoEvents(f.setData("/secret", "x", -1));
    }

    @Test
    void readsDoNotValidatePathSyntax() {
        err(NONODE, f.read(t, OpCode.GET_DATA, new GetDataRequest("relative", false)));
        err(NONODE, f.read(t, OpCode.EXISTS, new ExistsRequest("/a//b", false)));
        err(NONODE, f.read(t, OpCode.GET_CHILDREN, new GetChildrenRequest("/a/", false)));
    }

    @Test
    void nullPathIsMarshallingError() {
        err(MARSHALLINGERROR, f.read(t, OpCode.GET_DATA, new GetDataRequest(null, false)));
        err(MARSHALLINGERROR, f.read(t, OpCode.EXISTS, new ExistsRequest(null, false)));
    }

    @Test
    void getDataOnMissingNodeSetsNoWatch() {
        err(NONODE, f.read(t, OpCode.GET_DATA, new GetDataRequest("/m", true)));
        Fixture.assertNoEvents(f.create("/m"));
    }

    @Test
    void getDataWithoutReadIsNoAuthAndSetsNoWatch() {
        ok(f.createWithAcl("/secret", List.of(new Acl(Perms.WRITE, Id.ANYONE))));
        err(NOAUTH, f.read(t, OpCode.GET_DATA, new GetDataRequest("/secret", true)));
        Fixture.assertNoEvents(f.setData("/secret", "x", -1));
    }

    @Test
    void getDataReturnsDataAndStat() {
        ok(f.create(S1, "/a", "hello", 0));
        GetDataResponse r = (GetDataResponse) f.read(t, OpCode.GET_DATA, new GetDataRequest("/a", false)).response();
        assertEquals(Bytes.utf8("hello"), r.data());
        assertEquals(f.stat("/a"), r.stat());
    }

    @Test
    void getChildrenOnMissingNodeSetsNoWatch() {
        err(NONODE, f.read(t, OpCode.GET_CHILDREN, new GetChildrenRequest("/m", true)));
        ok(f.create("/m"));
        Fixture.assertNoEvents(f.create("/m/c"));
    }

    @Test
    void getChildrenWithoutReadIsNoAuth() {
        ok(f.createWithAcl("/secret", List.of(new Acl(Perms.CREATE, Id.ANYONE))));
        err(NOAUTH, f.read(t, OpCode.GET_CHILDREN, new GetChildrenRequest("/secret", true)));
        err(NOAUTH, f.read(t, OpCode.GET_CHILDREN2, new GetChildren2Request("/secret", true)));
        Fixture.assertNoEvents(f.create("/secret/c"));
    }

    @Test
    void getChildren2ReturnsNamesAndStat() {
        ok(f.create("/p"));
        ok(f.create("/p/b"));
        ok(f.create("/p/a"));
        GetChildren2Response r = (GetChildren2Response) f.read(t, OpCode.GET_CHILDREN2,
                new GetChildren2Request("/p", false)).response();
        List<String> names = new ArrayList<>(r.children());
        names.sort(null);
        assertEquals(List.of("a", "b"), names);
        assertEquals(f.stat("/p"), r.stat());
    }

    @Test
    void getAllChildrenNumberCountsAllDescendants() {
        ok(f.create("/p"));
        ok(f.create("/p/a"));
        ok(f.create("/p/a/x"));
        ok(f.create("/p/a/y"));
        ok(f.create("/p/b"));
        assertEquals(4, count("/p"));
        assertEquals(0, count("/p/b"));
        // "/" counts everything but the root: zookeeper, quota, config and our 5.
        assertEquals(8, count("/"));
        err(NONODE, f.read(t, OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest("/none")));
    }

    @Test
    void getAllChildrenNumberNeedsRead() {
        ok(f.createWithAcl("/secret", List.of(new Acl(Perms.CREATE, Id.ANYONE))));
        err(NOAUTH, f.read(t, OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest("/secret")));
    }

    private int count(String path) {
        OpOutcome o = f.read(t, OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest(path));
        return ((GetAllChildrenNumberResponse) o.response()).totalNumber();
    }

    @Test
    void getEphemeralsFiltersByPlainPrefix() {
        ok(f.create("/app"));
        ok(f.create(S1, "/app/e1", "", 1));
        ok(f.create(S1, "/apple", "", 1));
        ok(f.create(S2, "/app/other", "", 1));
        assertEquals(List.of("/app/e1", "/apple"), ephemerals(""));
        assertEquals(List.of("/app/e1", "/apple"), ephemerals(null));
        assertEquals(List.of("/app/e1", "/apple"), ephemerals("/"));
        assertEquals(List.of("/app/e1", "/apple"), ephemerals("/app"));
        assertEquals(List.of("/app/e1"), ephemerals("/app/"));
        assertEquals(List.of(), ephemerals("/x"));
    }

    private List<String> ephemerals(String prefix) {
        OpOutcome o = f.read(t, OpCode.GET_EPHEMERALS, new GetEphemeralsRequest(prefix));
        List<String> l = new ArrayList<>(((GetEphemeralsResponse) o.response()).ephemerals());
        l.sort(null);
        return l;
    }

    @Test
    void multiReadRunsOpsIndependently() {
        ok(f.create("/m"));
        ok(f.create(S1, "/m/a", "A2", 0));
        ok(f.createWithAcl("/m/secret", List.of(new Acl(Perms.WRITE, Id.ANYONE))));
        OpOutcome o = f.read(t, OpCode.MULTI_READ, new MultiRequest(List.of(
                new Op(OpCode.GET_DATA, new GetDataRequest("/m/a", true)),
                new Op(OpCode.GET_CHILDREN, new GetChildrenRequest("/m/a", false)),
                new Op(OpCode.GET_DATA, new GetDataRequest("/m/none", false)),
                new Op(OpCode.GET_DATA, new GetDataRequest("/m/secret", false)))));
        ok(o);
        List<OpResult> r = ((MultiResponse) o.response()).results();
        assertEquals(new OpResult.GetDataResult(Bytes.utf8("A2"), f.stat("/m/a")), r.get(0));
        assertEquals(new OpResult.GetChildrenResult(List.of()), r.get(1));
        assertEquals(new OpResult.ErrorResult(NONODE.code()), r.get(2));
        assertEquals(new OpResult.ErrorResult(NOAUTH.code()), r.get(3));
        // The watch flag inside multiRead is ignored.
        Fixture.assertNoEvents(f.setData("/m/a", "x", -1));
    }

    @Test
    void multiReadWithWriteOpIsMarshallingError() {
        err(MARSHALLINGERROR, f.read(t, OpCode.MULTI_READ, new MultiRequest(List.of(
                new Op(OpCode.GET_DATA, new GetDataRequest("/", false)),
                new Op(OpCode.SET_DATA, new SetDataRequest("/", null, -1))))));
    }

    @Test
    void emptyMultiReadGivesEmptyResults() {
        OpOutcome o = f.read(t, OpCode.MULTI_READ, new MultiRequest(List.of()));
        assertEquals(new MultiResponse(List.of()), o.response());
    }

    @Test
    void readFromUnknownSessionIsSessionExpired() {
        Fixture.Target ghost = new Fixture.Target("ghost", S3);
        err(SESSIONEXPIRED, f.read(ghost, OpCode.EXISTS, new ExistsRequest("/", true)));
        assertEquals(0, f.sm.stats().watchCount());
    }

    @Test
    void writeOpsAreRefusedByRead() {
        assertThrows(IllegalArgumentException.class,
                () -> f.read(t, OpCode.CREATE, new CreateRequest("/a", null, Acl.OPEN_ACL_UNSAFE, 0)));
    }
}
