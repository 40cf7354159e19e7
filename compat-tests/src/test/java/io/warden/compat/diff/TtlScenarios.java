package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.OPEN;
import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.createRequest;
import static io.warden.compat.diff.RawOps.getChildren2;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.multi;
import static io.warden.compat.diff.RawOps.op;

import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.CreateTTLRequest;
import java.util.List;

/**
 * TTL nodes with extended types enabled (PROTOCOL.md 7.1 step 2), for servers started with
 * {@code zookeeper.extendedTypesEnabled=true} (ExtendedTypesDiffTest): the TTL bounds (1 to
 * 2^40-1 ms), createTTL with a non-TTL mode, create/create2 with a TTL mode and no TTL, TTL
 * sequential naming, TTL creates inside a multi, and the Stat clients see (ephemeralOwner 0). The
 * reaping itself is timed, so it is checked on both servers by CuratorNodeTypesTest and
 * deterministically by the server's unit tests.
 */
final class TtlScenarios {
    private TtlScenarios() {
    }

    static List<Scenario> all() {
        return List.of(new Scenario("ttl-bounds-and-modes", TtlScenarios::boundsAndModes));
    }

    private static void boundsAndModes(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("createTTL (21): TTL modes with each ttl bound");
        for (int flags : new int[] {5, 6}) {
            for (long ttl : new long[] {Long.MIN_VALUE, -1, 0, 1, 1000, Limits.MAX_TTL_MS, Limits.MAX_TTL_MS + 1,
                    Long.MAX_VALUE}) {
                ttl(a, ctx.path("t" + flags + "_" + Long.toHexString(ttl) + "-"), flags, ttl);
            }
        }
        ctx.note("createTTL with a non-TTL or invalid mode");
        for (int flags : new int[] {0, 2, 7, -1}) {
            ttl(a, ctx.path("nonttl" + flags), flags, 1000);
        }
        ctx.note("create (1), create2 (15) and createContainer (19) with a TTL mode: no ttl");
        for (OpCode opCode : List.of(OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER)) {
            for (int flags : new int[] {5, 6}) {
                a.call(opCode, createRequest(ctx.path(opCode.zkName() + flags), "x", flags));
            }
        }
        ctx.note("TTL creates in a multi, one bad");
        multi(a, op(OpCode.CREATE_TTL, new CreateTTLRequest(ctx.path("m1"), Bytes.utf8("m"), OPEN, 5, 5000)),
                op(OpCode.CREATE_TTL, new CreateTTLRequest(ctx.path("m2"), Bytes.utf8("m"), OPEN, 6, 5000)));
        multi(a, op(OpCode.CREATE_TTL, new CreateTTLRequest(ctx.path("m3"), Bytes.utf8("m"), OPEN, 5, 5000)),
                op(OpCode.CREATE_TTL, new CreateTTLRequest(ctx.path("m4"), Bytes.utf8("m"), OPEN, 5, 0)));
        ctx.note("what exists now, and the Stat of a TTL node (ephemeralOwner reads 0)");
        getChildren2(a, ctx.root(), false);
        getData(a, ctx.path("m1"), false);
        getData(a, ctx.path("t5_3e8-"), false);
        ttl(a, ctx.path("m1/child"), 5, 1000);
        a.closeSession();
    }

    private static void ttl(RawSession a, String path, int flags, long ttl) {
        a.call(OpCode.CREATE_TTL, new CreateTTLRequest(path, Bytes.utf8("t"), OPEN, flags, ttl));
    }
}
