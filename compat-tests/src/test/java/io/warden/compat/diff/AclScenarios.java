package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.ALICE_DIGEST;
import static io.warden.compat.diff.RawOps.OPEN;
import static io.warden.compat.diff.RawOps.acl;
import static io.warden.compat.diff.RawOps.auth;
import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.getAcl;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.setAcl;
import static io.warden.compat.diff.RawOps.whoAmI;

import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import java.util.List;

/**
 * getACL / setACL with versions (7.6, 7.7), auth packets (7.14), digest masking and whoAmI
 * (7.20), over raw frames.
 */
final class AclScenarios {
    private AclScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("acl-get-set", AclScenarios::getSet),
                new Scenario("auth-and-who-am-i", AclScenarios::authAndWhoAmI),
                new Scenario("acl-filtered-watches", AclScenarios::filteredWatches),
                new Scenario("acl-ip-and-digest-checks", AclScenarios::ipAndDigestChecks));
    }

    private static void getSet(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        auth(a, "digest", "alice:secret");
        List<Acl> aliceAdmin = List.of(new Acl(Perms.ALL, new Id("digest", ALICE_DIGEST)),
                new Acl(Perms.READ, Id.ANYONE));
        create(a, ctx.path("n"), "n", aliceAdmin, 0);
        ctx.note("getACL: READ or ADMIN; digest ids masked without ADMIN");
        getAcl(a, ctx.path("n"));
        getAcl(b, ctx.path("n"));
        getAcl(b, ctx.path("missing"));
        getAcl(b, "relative");
        ctx.note("setACL order: path, ACL fix-up, existence, ADMIN, aversion");
        setAcl(a, ctx.root() + "//x", List.of(), -1);
        setAcl(a, ctx.path("missing"), List.of(), -1);
        setAcl(a, ctx.path("missing"), OPEN, -1);
        setAcl(a, ctx.path("n"), null, -1);
        setAcl(a, ctx.path("n"), acl(Perms.ALL, "auth", ""), 5);
        setAcl(b, ctx.path("n"), OPEN, 5);
        setAcl(b, ctx.path("n"), OPEN, -1);
        setAcl(a, ctx.path("n"), aliceAdmin, 5);
        setAcl(a, ctx.path("n"), aliceAdmin, 0);
        setAcl(a, ctx.path("n"), aliceAdmin, 0);
        setAcl(a, ctx.path("n"), acl(Perms.ALL, "auth", ""), -1);
        getAcl(a, ctx.path("n"));
        ctx.note("setACL fires no watches and leaves version, cversion and the parent alone");
        getData(b, ctx.path("n"), true);
        RawOps.exists(b, ctx.path("n"), true);
        RawOps.getChildren(b, ctx.root(), true);
        setAcl(a, ctx.path("n"), OPEN, 2);
        b.ping();
        getData(b, ctx.path("n"), false);
        getData(b, ctx.root(), false);
        ctx.note("b now has ADMIN through world:anyone");
        setAcl(b, ctx.path("n"), READ_ONLY_PLUS_ADMIN, -1);
        getAcl(b, ctx.path("n"));
        setAcl(b, ctx.path("n"), OPEN, -1);
        ctx.note("no ADMIN: NOAUTH beats BADVERSION");
        setAcl(a, ctx.path("n"), acl(Perms.READ, "world", "anyone"), -1);
        setAcl(b, ctx.path("n"), OPEN, 99);
        a.closeSession();
        b.closeSession();
    }

    private static void filteredWatches(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        auth(a, "digest", "alice:secret");
        List<Acl> aliceOnly = List.of(new Acl(Perms.ALL, new Id("digest", ALICE_DIGEST)));
        create(a, ctx.path("secret"), "s", aliceOnly, 0);
        create(a, ctx.path("open"), "o", OPEN, 0);
        ctx.note("b cannot read /secret: exists with a watch is NOAUTH");
        RawOps.exists(b, ctx.path("secret"), true);
        getData(b, ctx.path("secret"), true);
        ctx.note("b's recursive watch on the root: events on nodes b cannot read");
        RawOps.addWatch(b, ctx.root(), 1);
        RawOps.getChildren(b, ctx.path("open"), true);
        RawOps.setData(a, ctx.path("secret"), "s1", -1);
        create(a, ctx.path("secret/child"), "c", aliceOnly, 0);
        RawOps.setData(a, ctx.path("open"), "o1", -1);
        create(a, ctx.path("open/hidden"), "h", aliceOnly, 0);
        RawOps.setData(a, ctx.path("open/hidden"), "h1", -1);
        RawOps.delete(a, ctx.path("open/hidden"), -1);
        RawOps.delete(a, ctx.path("secret/child"), -1);
        RawOps.delete(a, ctx.path("secret"), -1);
        b.ping();
        a.closeSession();
        b.closeSession();
    }

    /** Which identity satisfies which permission, op by op (PROTOCOL.md 14). */
    private static void ipAndDigestChecks(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("local"), "l", acl(Perms.ALL, "ip", "127.0.0.1"), 0);
        create(a, ctx.path("net8"), "n", acl(Perms.ALL, "ip", "127.0.0.0/8"), 0);
        create(a, ctx.path("elsewhere"), "e", acl(Perms.ALL, "ip", "10.0.0.0/8"), 0);
        create(a, ctx.path("alice"), "a", acl(Perms.ALL, "digest", ALICE_DIGEST), 0);
        create(a, ctx.path("mixed"), "m", List.of(new Acl(Perms.READ, new Id("ip", "10.1.2.3")),
                new Acl(Perms.WRITE | Perms.CREATE, Id.ANYONE), new Acl(Perms.DELETE | Perms.ADMIN,
                new Id("digest", ALICE_DIGEST))), 0);
        for (String name : List.of("local", "net8", "elsewhere", "alice", "mixed")) {
            ctx.note("b (ip 127.0.0.1, no digest) on " + name);
            getData(b, ctx.path(name), false);
            RawOps.setData(b, ctx.path(name), "b", -1);
            create(b, ctx.path(name + "/kid"), "k", 0);
            RawOps.delete(b, ctx.path(name + "/kid"), -1);
            getAcl(b, ctx.path(name));
            setAcl(b, ctx.path(name), RawOps.acl(Perms.ALL, "ip", "127.0.0.1"), 5);
        }
        ctx.note("after digest auth alice gets in");
        auth(b, "digest", "alice:secret");
        getData(b, ctx.path("alice"), false);
        RawOps.delete(b, ctx.path("mixed/kid"), -1);
        getAcl(b, ctx.path("mixed"));
        setAcl(b, ctx.path("mixed"), OPEN, 0);
        ctx.note("a wrong password is a different digest identity");
        RawSession c = ctx.raw("c");
        auth(c, "digest", "alice:wrong");
        getData(c, ctx.path("alice"), false);
        whoAmI(c);
        a.closeSession();
        b.closeSession();
        c.closeSession();
    }

    private static final List<Acl> READ_ONLY_PLUS_ADMIN = List.of(new Acl(Perms.READ | Perms.ADMIN, Id.ANYONE));

    private static void authAndWhoAmI(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        whoAmI(a);
        auth(a, "digest", "alice:secret");
        whoAmI(a);
        auth(a, "digest", "bob:pw");
        auth(a, "digest", "alice:secret");
        whoAmI(a);
        ctx.note("auth ACLs expand to every digest identity of the connection");
        create(a, ctx.path("both"), "x", acl(Perms.READ | Perms.WRITE, "auth", "ignored"), 0);
        getAcl(a, ctx.path("both"));
        ctx.note("ip auth adds nothing new; identities do not survive a reconnect");
        auth(a, "ip", "127.0.0.1");
        whoAmI(a);
        a.dropConnection();
        a.reattach();
        whoAmI(a);
        getData(a, ctx.path("both"), false);
        ctx.note("an unknown scheme: AUTHFAILED, then the connection closes");
        RawSession c = ctx.raw("c");
        auth(c, "nosuchscheme", "x");
        c.expectClosed();
        io.warden.protocol.response.ConnectResponse again = c.reattach();
        if (again != null && again.timeOut() > 0) {
            whoAmI(c);
            c.closeSession();
        }
        a.closeSession();
    }
}
