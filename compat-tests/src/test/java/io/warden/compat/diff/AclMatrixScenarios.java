package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.ALICE_DIGEST;
import static io.warden.compat.diff.RawOps.OPEN;
import static io.warden.compat.diff.RawOps.addWatch;
import static io.warden.compat.diff.RawOps.auth;
import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.delete;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getAcl;
import static io.warden.compat.diff.RawOps.getAllChildrenNumber;
import static io.warden.compat.diff.RawOps.getChildren;
import static io.warden.compat.diff.RawOps.getChildren2;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.multi;
import static io.warden.compat.diff.RawOps.multiRead;
import static io.warden.compat.diff.RawOps.opCheck;
import static io.warden.compat.diff.RawOps.opGetChildren;
import static io.warden.compat.diff.RawOps.opGetData;
import static io.warden.compat.diff.RawOps.removeWatches;
import static io.warden.compat.diff.RawOps.setAcl;
import static io.warden.compat.diff.RawOps.setData;
import static io.warden.compat.diff.RawOps.whoAmI;

import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The permission matrix of issue 4: every operation that checks an ACL, on a node holding each
 * ACL (no permission, each single permission and all of them, for world:anyone, a digest user, a
 * matching and a non-matching IPv4 address or range, an IPv6 range), issued by an unauthenticated
 * session, by the digest user and by the super user (servers started with a superDigest:
 * PermissionMatrixDiffTest). And {@link #skipAcl}: the same kind of nodes on servers started with
 * {@code zookeeper.skipACL=yes} (SkipAclDiffTest), where nothing is refused.
 */
final class AclMatrixScenarios {
    static final String SUPER_CREDENTIALS = "super:superpw";

    private AclMatrixScenarios() {
    }

    /** {@code super:<base64 sha1 of super:superpw>}, the superDigest setting of both servers. */
    static String superDigest() {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(SUPER_CREDENTIALS.getBytes(StandardCharsets.UTF_8));
            return "super:" + Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Scenario> matrix() {
        return List.of(new Scenario("acl-permission-matrix", AclMatrixScenarios::matrix));
    }

    static List<Scenario> skipAcl() {
        return List.of(new Scenario("acl-skipped", AclMatrixScenarios::skipped));
    }

    /** Node name to ACL: each permission set for each id kind. */
    private static Map<String, List<Acl>> acls() {
        Map<String, Integer> perms = new LinkedHashMap<>();
        perms.put("none", 0);
        perms.put("r", Perms.READ);
        perms.put("w", Perms.WRITE);
        perms.put("c", Perms.CREATE);
        perms.put("d", Perms.DELETE);
        perms.put("a", Perms.ADMIN);
        perms.put("all", Perms.ALL);
        Map<String, Id> ids = new LinkedHashMap<>();
        ids.put("anyone", Id.ANYONE);
        ids.put("alice", new Id("digest", ALICE_DIGEST));
        ids.put("ip", new Id("ip", "127.0.0.1"));
        ids.put("ip8", new Id("ip", "127.0.0.0/8"));
        ids.put("ipother", new Id("ip", "10.0.0.0/8"));
        ids.put("ip6", new Id("ip", "::1/128"));
        Map<String, List<Acl>> out = new LinkedHashMap<>();
        for (var id : ids.entrySet()) {
            for (var perm : perms.entrySet()) {
                out.put(id.getKey() + "-" + perm.getKey(), List.of(new Acl(perm.getValue(), id.getValue())));
            }
        }
        out.put("alice-r-anyone-w", List.of(new Acl(Perms.READ, new Id("digest", ALICE_DIGEST)),
                new Acl(Perms.WRITE, Id.ANYONE)));
        return out;
    }

    private static void matrix(ScenarioContext ctx) {
        RawSession setup = ctx.raw("setup");
        auth(setup, "digest", SUPER_CREDENTIALS);
        whoAmI(setup);
        create(setup, ctx.root(), "root", 0);
        Map<String, List<Acl>> acls = acls();
        for (var e : acls.entrySet()) {
            String node = ctx.path(e.getKey());
            create(setup, node, "data", OPEN, 0);
            create(setup, node + "/existing", "x", OPEN, 0);
            setAcl(setup, node, e.getValue(), -1);
        }
        RawSession anonymous = ctx.raw("anonymous");
        RawSession alice = ctx.raw("alice");
        auth(alice, "digest", "alice:secret");
        RawSession superUser = ctx.raw("super");
        auth(superUser, "digest", SUPER_CREDENTIALS);
        List<RawSession> callers = new ArrayList<>(List.of(anonymous, alice, superUser));
        for (var e : acls.entrySet()) {
            String node = ctx.path(e.getKey());
            for (RawSession caller : callers) {
                ctx.note(caller.actor() + " on " + e.getKey());
                everyOperation(caller, node, caller.actor());
            }
        }
        setup.closeSession();
        for (RawSession caller : callers) {
            caller.closeSession();
        }
    }

    /** Each op that checks an ACL, in an order that leaves the node as it found it where it can. */
    private static void everyOperation(RawSession s, String node, String actor) {
        getData(s, node, false);
        exists(s, node, false);
        getChildren(s, node, false);
        getChildren2(s, node, false);
        getAllChildrenNumber(s, node);
        getAcl(s, node);
        multiRead(s, opGetData(node), opGetChildren(node));
        multi(s, opCheck(node, -1));
        setData(s, node, "by-" + actor, -1);
        create(s, node + "/" + actor, "kid", OPEN, 0);
        delete(s, node + "/" + actor, -1);
        delete(s, node + "/existing", 99);
        addWatch(s, node, 0);
        removeWatches(s, node, 4);
        RawOps.sync(s, node);
    }

    private static void skipped(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        auth(a, "digest", "alice:secret");
        create(a, ctx.path("alice"), "a", List.of(new Acl(Perms.ALL, new Id("digest", ALICE_DIGEST))), 0);
        create(a, ctx.path("none"), "n", List.of(new Acl(0, Id.ANYONE)), 0);
        create(a, ctx.path("other-ip"), "o", List.of(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/8"))), 0);
        ctx.note("with skipACL every check passes, for everyone; ACL validation still applies");
        for (String name : List.of("alice", "none", "other-ip")) {
            everyOperation(b, ctx.path(name), "b");
            getAcl(b, ctx.path(name));
        }
        create(b, ctx.path("bad-acl"), "x", List.of(new Acl(Perms.ALL, new Id("nosuch", "x"))), 0);
        create(b, ctx.path("auth-acl"), "x", List.of(new Acl(Perms.ALL, new Id("auth", ""))), 0);
        setAcl(b, ctx.path("none"), OPEN, -1);
        delete(b, ctx.path("alice"), -1);
        a.closeSession();
        b.closeSession();
    }
}
