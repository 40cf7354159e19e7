package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.READ_ONLY;
import static io.warden.compat.diff.RawOps.acl;
import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.delete;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getAllChildrenNumber;
import static io.warden.compat.diff.RawOps.getChildren;
import static io.warden.compat.diff.RawOps.getChildren2;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.getEphemerals;
import static io.warden.compat.diff.RawOps.setData;
import static io.warden.compat.diff.RawOps.sync;

import io.warden.protocol.Perms;
import java.util.List;

/**
 * delete, exists, getData, setData, getChildren / getChildren2, sync, getEphemerals and
 * getAllChildrenNumber over raw frames, with every error of PROTOCOL.md 7.2 to 7.9, 7.17 and
 * 7.18 in validation order.
 */
final class NodeScenarios {
    private NodeScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("delete-errors", NodeScenarios::deleteErrors),
                new Scenario("exists-and-get-data", NodeScenarios::existsAndGetData),
                new Scenario("set-data", NodeScenarios::setDataErrors),
                new Scenario("children", NodeScenarios::children),
                new Scenario("sync", NodeScenarios::syncs),
                new Scenario("ephemerals-and-counts", NodeScenarios::ephemeralsAndCounts));
    }

    private static void deleteErrors(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("p"), "p", 0);
        create(a, ctx.path("p/child"), "c", 0);
        create(a, ctx.path("leaf"), "l", 0);
        ctx.note("bad paths and protected nodes: BADARGUMENTS");
        delete(a, "", -1);
        delete(a, "noslash", -1);
        delete(a, ctx.path("nul\u0000"), -1);
        delete(a, "/", 0);
        delete(a, "/zookeeper", 0);
        ctx.note("no full syntax check: these are just missing nodes");
        delete(a, ctx.root() + "//b", -1);
        delete(a, ctx.path("p/"), -1);
        delete(a, ctx.path("."), -1);
        delete(a, ctx.path("missing/x"), -1);
        delete(a, ctx.path("missing"), -1);
        ctx.note("BADVERSION before NOTEMPTY");
        delete(a, ctx.path("p"), 5);
        delete(a, ctx.path("p"), -1);
        delete(a, ctx.path("p"), 0);
        delete(a, ctx.path("leaf"), 3);
        getData(a, ctx.root(), false);
        delete(a, ctx.path("leaf"), 0);
        delete(a, ctx.path("leaf"), 0);
        ctx.note("DELETE permission on the parent, before the node's existence");
        create(a, ctx.path("nodel"), "n", acl(Perms.ALL & ~Perms.DELETE, "world", "anyone"), 0);
        create(a, ctx.path("nodel/c"), "c", 0);
        delete(a, ctx.path("nodel/c"), -1);
        delete(a, ctx.path("nodel/c"), 7);
        delete(a, ctx.path("nodel/missing"), -1);
        delete(a, ctx.path("nodel"), -1);
        delete(a, ctx.path("p/child"), -1);
        delete(a, ctx.path("p"), 0);
        getData(a, ctx.root(), false);
        a.closeSession();
    }

    private static void existsAndGetData(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        ctx.note("exists: NONODE sets a watch anyway; bad paths");
        exists(b, ctx.path("later"), true);
        exists(b, "relative", false);
        exists(b, ctx.path("nul\u0000"), false);
        exists(b, "", false);
        exists(b, ctx.path("a//b"), false);
        ctx.note("getData: NONODE sets no watch; reads do not validate paths");
        getData(b, ctx.path("never"), true);
        getData(b, "relative", false);
        getData(b, ctx.path("a//b"), false);
        getData(b, ctx.path("nul\u0000"), false);
        create(a, ctx.path("later"), "now", 0);
        create(a, ctx.path("never"), "now", 0);
        b.ping();
        ctx.note("null versus empty data; getConfig");
        a.call(io.warden.protocol.OpCode.CREATE, new io.warden.protocol.request.CreateRequest(
                ctx.path("null"), null, RawOps.OPEN, 0));
        create(a, ctx.path("empty"), "", 0);
        getData(b, ctx.path("null"), false);
        getData(b, ctx.path("empty"), false);
        exists(b, ctx.path("null"), false);
        getData(b, "/zookeeper/config", true);
        ctx.note("one server watch per path and connection: getData + exists watch -> one event");
        getData(b, ctx.path("later"), true);
        exists(b, ctx.path("later"), true);
        setData(a, ctx.path("later"), "changed", -1);
        setData(a, ctx.path("later"), "again", -1);
        b.ping();
        ctx.note("exists watch on an existing node fires NodeDeleted");
        exists(b, ctx.path("never"), true);
        getData(b, ctx.path("empty"), true);
        delete(a, ctx.path("never"), -1);
        delete(a, ctx.path("empty"), -1);
        b.ping();
        ctx.note("a watch is consumed once: no second event");
        create(a, ctx.path("never"), "again", 0);
        b.ping();
        ctx.note("NOAUTH on reads of a node without READ");
        create(a, ctx.path("secret"), "s", acl(Perms.WRITE, "world", "anyone"), 0);
        exists(b, ctx.path("secret"), false);
        getData(b, ctx.path("secret"), false);
        getChildren(b, ctx.path("secret"), false);
        getChildren2(b, ctx.path("secret"), false);
        getAllChildrenNumber(b, ctx.path("secret"));
        RawOps.getAcl(b, ctx.path("secret"));
        a.closeSession();
        b.closeSession();
    }

    private static void setDataErrors(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("n"), "v0", 0);
        create(a, ctx.path("ro"), "r", READ_ONLY, 0);
        ctx.note("path validation first: BADARGUMENTS even for a missing node");
        setData(a, ctx.root() + "//b", "x", -1);
        setData(a, "relative", "x", -1);
        setData(a, ctx.path("missing/"), "x", -1);
        setData(a, "", "x", -1);
        ctx.note("then NONODE, NOAUTH, BADVERSION");
        setData(a, ctx.path("missing"), "x", -1);
        setData(a, ctx.path("ro"), "x", -1);
        setData(a, ctx.path("ro"), "x", 9);
        setData(a, ctx.path("n"), "x", 1);
        setData(a, ctx.path("n"), "v1", 0);
        setData(a, ctx.path("n"), "v2", -1);
        setData(a, ctx.path("n"), "v3", 2);
        setData(a, ctx.path("n"), null, 3);
        setData(a, ctx.path("n"), "", -1);
        getData(a, ctx.path("n"), false);
        setData(a, "/zookeeper/config", "x", 0);
        ctx.note("setData does not touch the parent");
        getData(a, ctx.root(), false);
        a.closeSession();
    }

    private static void children(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("p"), "p", 0);
        for (String kid : List.of("k3", "k1", "k2", "a-much-longer-child-name")) {
            create(a, ctx.path("p/" + kid), kid, 0);
        }
        getChildren(b, ctx.path("p"), false);
        getChildren2(b, ctx.path("p"), false);
        getChildren(b, ctx.path("p/k1"), false);
        getChildren2(b, ctx.path("p/k1"), false);
        ctx.note("missing node: NONODE and no watch");
        getChildren(b, ctx.path("q"), true);
        getChildren2(b, ctx.path("q"), true);
        getChildren(b, "relative", false);
        create(a, ctx.path("q"), "q", 0);
        create(a, ctx.path("q/c"), "c", 0);
        b.ping();
        ctx.note("child watches: create and delete of a child fire NodeChildrenChanged on the parent only");
        getChildren(b, ctx.path("p"), true);
        getChildren2(b, ctx.path("q"), true);
        setData(a, ctx.path("p"), "no child event", -1);
        create(a, ctx.path("p/k4"), "k4", 0);
        delete(a, ctx.path("q/c"), -1);
        b.ping();
        ctx.note("a child watch on a deleted node fires NodeDeleted");
        getChildren(b, ctx.path("q"), true);
        delete(a, ctx.path("q"), -1);
        b.ping();
        getChildren2(b, ctx.root(), false);
        a.closeSession();
        b.closeSession();
    }

    private static void syncs(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        sync(a, ctx.root());
        sync(a, ctx.path("missing"));
        sync(a, "relative");
        sync(a, "");
        sync(a, "/");
        create(a, ctx.path("x"), "x", 0);
        sync(a, ctx.path("x"));
        a.closeSession();
    }

    private static void ephemeralsAndCounts(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("x"), "x", 0);
        create(a, ctx.path("e1"), "e", 1);
        create(a, ctx.path("x/e2"), "e", 1);
        create(a, ctx.path("e-"), "e", 3);
        create(b, ctx.path("b1"), "b", 1);
        ctx.note("getEphemerals: the caller's own, by plain string prefix");
        for (String prefix : new String[] {"/", "", null, ctx.path("e"), ctx.path("x"), ctx.root(),
                "/nothing", ctx.path("x/e2/deeper"), "relative"}) {
            getEphemerals(a, prefix);
        }
        getEphemerals(b, "/");
        ctx.note("getAllChildrenNumber counts all descendants");
        getAllChildrenNumber(a, ctx.root());
        getAllChildrenNumber(a, ctx.path("x"));
        getAllChildrenNumber(a, ctx.path("x/e2"));
        getAllChildrenNumber(a, ctx.path("missing"));
        getAllChildrenNumber(a, "relative");
        getAllChildrenNumber(a, "/zookeeper");
        ctx.note("ephemerals of a closed session are gone");
        b.closeSession();
        getAllChildrenNumber(a, ctx.root());
        getEphemerals(a, "/");
        a.closeSession();
    }
}
