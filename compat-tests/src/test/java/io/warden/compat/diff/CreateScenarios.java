package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.ALICE_DIGEST;
import static io.warden.compat.diff.RawOps.OPEN;
import static io.warden.compat.diff.RawOps.READ_ONLY;
import static io.warden.compat.diff.RawOps.acl;
import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.create2;
import static io.warden.compat.diff.RawOps.createRequest;
import static io.warden.compat.diff.RawOps.delete;
import static io.warden.compat.diff.RawOps.getChildren2;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.multi;
import static io.warden.compat.diff.RawOps.opCheck;
import static io.warden.compat.diff.RawOps.opCreate;
import static io.warden.compat.diff.RawOps.setAcl;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import java.util.Arrays;
import java.util.List;

/**
 * create (1), create2 (15), createContainer (19) and createTTL (21) over raw frames: every mode,
 * every error of PROTOCOL.md 7.1 in its validation order (a request with two faults shows which
 * check comes first), the sequential counter (10.2) and null versus empty data.
 */
final class CreateScenarios {
    private CreateScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("create-modes", CreateScenarios::modes),
                new Scenario("create-errors", CreateScenarios::errors),
                new Scenario("create-acl-errors", CreateScenarios::aclErrors),
                new Scenario("create-acl-null-fields", CreateScenarios::aclNullFields),
                new Scenario("create-sequential-counter", CreateScenarios::sequentialCounter));
    }

    private static void modes(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        for (OpCode op : List.of(OpCode.CREATE, OpCode.CREATE2, OpCode.CREATE_CONTAINER)) {
            for (int flags : new int[] {0, 1, 2, 3, 4, 5, 6, 7, -1}) {
                a.call(op, createRequest(ctx.path(op.zkName() + "-" + flags + "-"), "d" + flags, flags));
            }
        }
        // createTTL (21) with a non-TTL mode (flags 0..4) is left out on purpose: real ZooKeeper
        // 3.9.5 with extended types off accepts it in validation, then dies applying the txn
        // ("Severe unrecoverable error ... ttl must be positive") and stops serving.
        ctx.note("createTTL (21) with extended types off, TTL modes and bad flags, with bad ttls");
        for (int flags : new int[] {5, 6, 7, -1}) {
            for (long ttl : new long[] {-1, 0, 1000}) {
                a.call(OpCode.CREATE_TTL, new CreateTTLRequest(ctx.path("ttl-" + flags + "-" + ttl), Bytes.utf8("t"),
                        OPEN, flags, ttl));
            }
        }
        ctx.note("Stats of what was created (ephemeral owners, container owner 0)");
        getChildren2(a, ctx.root(), false);
        for (String name : List.of("create-0-", "create-1-", "create2-0-", "create2-1-", "createContainer-4-")) {
            getData(a, ctx.path(name), false);
        }
        getData(a, ctx.root(), false);
        a.closeSession();
    }

    private static void errors(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("eph"), "e", 1);
        create(a, ctx.path("dup"), "d", 0);
        create(a, ctx.path("ro"), "r", READ_ONLY, 0);
        ctx.note("1. flags first: invalid flags beat a missing parent and a bad path");
        create(a, ctx.path("missing/x"), "x", 7);
        create(a, "bad", "x", 42);
        ctx.note("2. TTL modes without extended types: UNIMPLEMENTED beats a missing parent");
        create(a, ctx.path("missing/x"), "x", 5);
        create(a, ctx.path("missing/x"), "x", 6);
        ctx.note("4. a path without '/' or with NUL");
        create(a, "", "x", 0);
        create(a, "noslash", "x", 0);
        create(a, ctx.path("nul\u0000here"), "x", 0);
        create(a, null, "x", 0);
        ctx.note("6. the parent must exist, checked before full path validation");
        create(a, ctx.path("missing/x"), "x", 0);
        create(a, ctx.path("bad/"), "x", 0);
        create(a, ctx.root() + "//x", "x", 0);
        create(a, ctx.path("missing/."), "x", 0);
        ctx.note("7. CREATE permission on the parent, checked before path validation and existence");
        create(a, ctx.path("ro/child"), "x", 0);
        create(a, ctx.path("ro/."), "x", 0);
        create(a, ctx.path("ro/"), "x", 0);
        ctx.note("9. full path validation of the final path");
        for (String bad : List.of("/", ".", "..", "x/", "a\u0001", "a\u007f", "a\u0085", "a\uf000", "a\ufff5")) {
            create(a, ctx.root() + "/" + bad, "x", 0);
        }
        create(a, ctx.path(".."), "x", 2);
        create(a, ctx.path("ok.name"), "x", 0);
        create(a, ctx.path("..."), "x", 0);
        ctx.note("non-ASCII names: allowed outside the forbidden ranges");
        for (String name : List.of("\u00e9t\u00e9", "\u20ac", "\u65e5\u672c", "a\u00a0b", "x\uffef", "y\ufff0", "z\ud7ff", "w\uf8ff", "v\uf900")) {
            create(a, ctx.path(name), "u", 0);
        }
        RawOps.getChildren(a, ctx.root(), false);
        ctx.note("10. existence");
        create(a, ctx.path("dup"), "x", 0);
        create(a, ctx.path("dup"), "x", 1);
        create(a, ctx.path("dup"), "x", 4);
        create(a, "/", "x", 0);
        ctx.note("11. no children for ephemerals, after path validation");
        create(a, ctx.path("eph/child"), "x", 0);
        create(a, ctx.path("eph/child"), "x", 1);
        create(a, ctx.path("eph/seq-"), "x", 2);
        create(a, ctx.path("eph/c"), "x", 4);
        create(a, ctx.path("eph/."), "x", 0);
        ctx.note("failed creates consumed zxids but changed nothing");
        getData(a, ctx.root(), false);
        getChildren2(a, ctx.path("eph"), false);
        ctx.note("permission versus existence: NOAUTH wins");
        create(a, ctx.path("locked"), "l", 0);
        create(a, ctx.path("locked/c"), "c", 0);
        setAcl(a, ctx.path("locked"), READ_ONLY, -1);
        create(a, ctx.path("locked/c"), "x", 0);
        create(a, ctx.path("locked/d"), "x", 0);
        a.closeSession();
    }

    private static void aclErrors(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("5. ACL fix-up: INVALIDACL, even before a missing parent");
        create(a, ctx.path("x"), "x", List.of(), 0);
        create(a, ctx.path("x"), "x", null, 0);
        create(a, ctx.path("missing/x"), "x", List.of(), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "foo", "bar"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "auth", ""), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "auth", null), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "digest", "nocolon"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "ip", "300.1.1.1"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "ip", "10.0.0.0/99"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "world", "other"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "digest", "a:b:c"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "ip", "127.0.0.1/"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "super", "anything"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "sasl", "bob"), 0);
        create(a, ctx.path("x"), "x", acl(Perms.ALL, "x509", "CN=bob"), 0);
        ctx.note("valid ACLs: duplicates removed, perms not validated, digest and ip kept");
        create(a, ctx.path("dups"), "x", Arrays.asList(new Acl(Perms.ALL, Id.ANYONE), new Acl(Perms.ALL, Id.ANYONE)), 0);
        RawOps.getAcl(a, ctx.path("dups"));
        create(a, ctx.path("odd-perms"), "x", acl(0x7f, "world", "anyone"), 0);
        RawOps.getAcl(a, ctx.path("odd-perms"));
        create(a, ctx.path("digest"), "x", List.of(new Acl(Perms.ALL, new Id("digest", ALICE_DIGEST)),
                new Acl(Perms.READ, new Id("ip", "127.0.0.1")), new Acl(Perms.READ, new Id("ip", "10.0.0.0/8"))), 0);
        RawOps.getAcl(a, ctx.path("digest"));
        ctx.note("auth ACL expands to the caller's digest identity");
        RawOps.auth(a, "digest", "alice:secret");
        create(a, ctx.path("mine"), "x", acl(Perms.ALL, "auth", ""), 0);
        RawOps.getAcl(a, ctx.path("mine"));
        a.closeSession();
    }

    /** Null scheme or id strings (Kazoo sends "" as null) in create and setACL. */
    private static void aclNullFields(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        for (String[] id : new String[][] {{null, "anyone"}, {"world", null}, {null, null}, {"digest", null},
                {"ip", null}}) {
            create(a, ctx.path("x"), "x", acl(Perms.ALL, id[0], id[1]), 0);
            a.recover();
            RawOps.setAcl(a, ctx.root(), acl(Perms.ALL, id[0], id[1]), -1);
            a.recover();
        }
        RawOps.getAcl(a, ctx.root());
        a.closeSession();
    }

    private static void sequentialCounter(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("10.2: the suffix is the parent's creation counter, not its cversion");
        create(a, ctx.path("x"), "x", 0);
        create(a, ctx.path("s-"), "s", 2);
        create(a, ctx.path("s-"), "s", 2);
        create(a, ctx.path("c2"), "c", 0);
        delete(a, ctx.path("c2"), -1);
        getData(a, ctx.root(), false);
        create2(a, ctx.path("s-"), "s", 2);
        ctx.note("failed creates and rolled-back multis do not advance the counter");
        create(a, ctx.path("x"), "x", 0);
        create(a, ctx.path("missing/s-"), "s", 2);
        create(a, ctx.path("bad\u0001-"), "s", 2);
        multi(a, opCreate(ctx.path("m-"), "m", 2), opCheck(ctx.path("x"), 99));
        create(a, ctx.path("s-"), "s", 3);
        ctx.note("a multi advances the counter per create");
        multi(a, opCreate(ctx.path("m-"), "m", 2), opCreate(ctx.path("m-"), "m", 2));
        create(a, ctx.path("s-"), "s", 2);
        ctx.note("a prefix ending in '/' names the child by the counter alone");
        create(a, ctx.path("q"), "q", 0);
        create(a, ctx.path("q/"), "first", 2);
        create(a, ctx.path("q/"), "second", 2);
        getChildren2(a, ctx.path("q"), false);
        ctx.note("null data versus empty data");
        a.call(OpCode.CREATE, new CreateRequest(ctx.path("null"), null, OPEN, 0));
        a.call(OpCode.CREATE, new CreateRequest(ctx.path("empty"), Bytes.EMPTY, OPEN, 0));
        getData(a, ctx.path("null"), false);
        getData(a, ctx.path("empty"), false);
        RawOps.setData(a, ctx.path("empty"), null, -1);
        getData(a, ctx.path("empty"), false);
        getChildren2(a, ctx.root(), false);
        a.closeSession();
    }
}
