package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.createRequest;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getChildren;
import static io.warden.compat.diff.RawOps.getChildren2;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.multi;
import static io.warden.compat.diff.RawOps.multiRead;
import static io.warden.compat.diff.RawOps.op;
import static io.warden.compat.diff.RawOps.opCheck;
import static io.warden.compat.diff.RawOps.opCreate;
import static io.warden.compat.diff.RawOps.opDelete;
import static io.warden.compat.diff.RawOps.opGetChildren;
import static io.warden.compat.diff.RawOps.opGetData;
import static io.warden.compat.diff.RawOps.opSetData;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.CreateTTLRequest;
import java.util.List;

/**
 * multi (14) and multiRead (22) over raw frames (PROTOCOL.md 7.11): result types per sub-op,
 * the all-or-nothing failure results (0 / error / -2), one zxid per multi (even empty or
 * failed), watches fired by a multi, invalid sub-op mixes, and multiRead's independent results.
 */
final class MultiScenarios {
    private MultiScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("multi-success", MultiScenarios::success),
                new Scenario("multi-failure", MultiScenarios::failure),
                new Scenario("multi-invalid-sub-ops", MultiScenarios::invalidSubOps),
                new Scenario("multi-read", MultiScenarios::read));
    }

    private static void success(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        getChildren(b, ctx.root(), true);
        exists(b, ctx.path("x"), true);
        ctx.note("every write sub-op type, one zxid; notifications before the reply");
        multi(a,
                opCreate(ctx.path("x"), "x", 0),
                op(OpCode.CREATE2, createRequest(ctx.path("y"), "y", 0)),
                op(OpCode.CREATE_CONTAINER, createRequest(ctx.path("c"), "c", 4)),
                opCreate(ctx.path("x/child"), "child", 0),
                opSetData(ctx.path("x"), "x1", 0),
                opCheck(ctx.path("x"), 1),
                opDelete(ctx.path("y"), 0),
                opCreate(ctx.path("s-"), "s", 2),
                op(OpCode.CREATE2, createRequest(ctx.path("s-"), "s", 3)));
        b.ping();
        getChildren2(a, ctx.root(), false);
        getData(a, ctx.path("x"), false);
        getData(a, ctx.path("x/child"), false);
        RawOps.delete(a, ctx.path("c"), -1);
        ctx.note("an empty multi consumes a zxid and returns no results");
        multi(a);
        exists(a, ctx.root(), false);
        ctx.note("check-only multi");
        multi(a, opCheck(ctx.root(), 0), opCheck(ctx.path("x"), 1), opCheck(ctx.path("x"), -1));
        multi(a, opCheck(ctx.path("x"), -2));
        multi(a, opCheck("relative", -1));
        a.closeSession();
        b.closeSession();
    }

    private static void failure(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("x"), "x", 0);
        create(a, ctx.path("eph"), "e", 1);
        getData(b, ctx.path("x"), true);
        ctx.note("failure in the middle: 0 before, the error, -2 after; nothing applied");
        multi(a, opDelete(ctx.path("x"), -1), opCheck(ctx.root(), 7), opSetData(ctx.root(), "r", -1));
        multi(a, opCreate(ctx.path("n"), "n", 0), opCreate(ctx.path("n"), "n", 0));
        multi(a, opCreate(ctx.path("missing/x"), "x", 0));
        multi(a, opCreate(ctx.path("ok"), "x", 0), opCreate(ctx.path("bad/"), "x", 0));
        multi(a, opCreate(ctx.path("ok"), "x", 0), opCreate(ctx.path("bad\u0001"), "x", 0));
        multi(a, opCreate(ctx.path("eph/c"), "x", 0));
        multi(a, opCheck(ctx.path("missing"), 0));
        multi(a, opSetData(ctx.path("x"), "x", 5));
        multi(a, opDelete(ctx.root(), -1));
        multi(a, opDelete(ctx.path("missing"), -1), opCreate(ctx.path("never"), "x", 0));
        multi(a, opCreate(ctx.path("acl"), "x", 0), op(OpCode.CREATE,
                new io.warden.protocol.request.CreateRequest(ctx.path("acl2"), Bytes.utf8("x"), List.of(), 0)));
        ctx.note("the state is untouched and b's watch did not fire");
        b.ping();
        getChildren2(a, ctx.root(), false);
        getData(a, ctx.path("x"), false);
        ctx.note("a later op sees an earlier op's effect inside the multi, and rolls back with it");
        multi(a, opDelete(ctx.path("x"), -1), opCreate(ctx.path("x"), "again", 0), opCheck(ctx.path("x"), 1));
        getData(a, ctx.path("x"), false);
        a.closeSession();
        b.closeSession();
    }

    /** Sub-ops that never reach the all-or-nothing logic: bad flags, TTL, the wrong op family. */
    private static void invalidSubOps(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("x"), "x", 0);
        ctx.note("invalid create flags and a TTL create inside multi");
        multi(a, opCreate(ctx.path("y"), "y", 7));
        a.recover();
        multi(a, opCreate(ctx.path("y"), "y", 0), opCreate(ctx.path("z"), "z", -1));
        a.recover();
        multi(a, op(OpCode.CREATE_TTL, new CreateTTLRequest(ctx.path("ttl"), Bytes.utf8("t"), RawOps.OPEN, 5, 1000)));
        a.recover();
        ctx.note("read sub-ops inside multi, write sub-ops inside multiRead");
        multi(a, opGetData(ctx.path("x")));
        a.recover();
        multi(a, opCreate(ctx.path("y"), "y", 0), opGetChildren(ctx.root()));
        a.recover();
        multiRead(a, opCreate(ctx.path("r"), "x", 0));
        a.recover();
        multiRead(a, opGetData(ctx.path("x")), opCheck(ctx.path("x"), 0));
        a.recover();
        getChildren2(a, ctx.root(), false);
        a.closeSession();
    }

    private static void read(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("m"), "m", 0);
        create(a, ctx.path("m/a"), "A2", 0);
        a.call(OpCode.CREATE, new io.warden.protocol.request.CreateRequest(ctx.path("m/null"), null, RawOps.OPEN, 0));
        ctx.note("independent results: a missing node is an error result, the rest succeed");
        multiRead(a, opGetData(ctx.path("m/a")), opGetChildren(ctx.path("m")), opGetData(ctx.path("m/none")),
                opGetData(ctx.path("m/null")), opGetChildren(ctx.path("none")), opGetData("relative"));
        multiRead(a);
        multiRead(a, op(OpCode.GET_DATA, new io.warden.protocol.request.GetDataRequest(ctx.path("m/a"), true)));
        RawOps.setData(a, ctx.path("m/a"), "changed", -1);
        a.ping();
        a.closeSession();
    }
}
