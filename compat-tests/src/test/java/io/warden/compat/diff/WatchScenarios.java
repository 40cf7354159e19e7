package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.addWatch;
import static io.warden.compat.diff.RawOps.checkWatches;
import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.delete;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getChildren;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.multi;
import static io.warden.compat.diff.RawOps.opCreate;
import static io.warden.compat.diff.RawOps.opDelete;
import static io.warden.compat.diff.RawOps.opSetData;
import static io.warden.compat.diff.RawOps.removeWatches;
import static io.warden.compat.diff.RawOps.setData;

import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import java.util.List;

/**
 * Watches over raw frames (PROTOCOL.md 9, 7.13, 7.15, 7.19): addWatch persistent and recursive
 * events, checkWatches / removeWatches and NOWATCHER, setWatches / setWatches2 catch-up across a
 * reconnect, and notifications ordered before the reply that reflects them.
 */
final class WatchScenarios {
    private WatchScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("watch-persistent-recursive", WatchScenarios::persistentAndRecursive),
                new Scenario("watch-check-remove", WatchScenarios::checkAndRemove),
                new Scenario("watch-set-watches-catch-up", WatchScenarios::setWatchesCatchUp),
                new Scenario("watch-notification-before-reply", WatchScenarios::notificationBeforeReply));
    }

    private static void persistentAndRecursive(ScenarioContext ctx) {
        RawSession writer = ctx.raw("w");
        RawSession rec = ctx.raw("rec");
        RawSession per = ctx.raw("per");
        create(writer, ctx.root(), "root", 0);
        ctx.note("addWatch needs no node; bad modes are MARSHALLINGERROR");
        addWatch(rec, ctx.path("p"), 1);
        addWatch(per, ctx.path("p"), 0);
        addWatch(per, ctx.path("p"), 2);
        per.recover();
        addWatch(per, ctx.path("p"), -1);
        per.recover();
        addWatch(per, ctx.path("p"), 0);
        ctx.note("a sequence of changes under the watched path");
        create(writer, ctx.path("p"), "p", 0);
        create(writer, ctx.path("p/c"), "c", 0);
        create(writer, ctx.path("p/c/d"), "d", 0);
        setData(writer, ctx.path("p/c/d"), "d1", -1);
        delete(writer, ctx.path("p/c/d"), -1);
        setData(writer, ctx.path("p"), "p1", -1);
        RawOps.setAcl(writer, ctx.path("p"), RawOps.OPEN, -1);
        multi(writer, opCreate(ctx.path("p/m"), "m", 0), opSetData(ctx.path("p/c"), "c1", -1),
                opDelete(ctx.path("p/m"), -1));
        delete(writer, ctx.path("p/c"), -1);
        delete(writer, ctx.path("p"), -1);
        create(writer, ctx.path("p"), "again", 0);
        create(writer, ctx.path("sibling"), "s", 0);
        rec.ping();
        per.ping();
        ctx.note("persistent watches are not consumed; they coexist with standard ones");
        getData(per, ctx.path("p"), true);
        setData(writer, ctx.path("p"), "p2", -1);
        setData(writer, ctx.path("p"), "p3", -1);
        per.ping();
        rec.ping();
        ctx.note("a recursive watch on / sees everything, including other subtrees");
        addWatch(rec, "/", 1);
        create(writer, ctx.path("sibling/x"), "x", 0);
        rec.ping();
        writer.closeSession();
        rec.closeSession();
        per.closeSession();
    }

    private static void checkAndRemove(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession w = ctx.raw("w");
        create(w, ctx.root(), "root", 0);
        create(w, ctx.path("n"), "n", 0);
        ctx.note("nothing registered: NOWATCHER for every type");
        for (int type = 1; type <= 5; type++) {
            checkWatches(a, ctx.path("n"), type);
        }
        removeWatches(a, ctx.path("n"), 3);
        ctx.note("bad watcher types");
        checkWatches(a, ctx.path("n"), 0);
        a.recover();
        removeWatches(a, ctx.path("n"), 6);
        a.recover();
        ctx.note("a data watch: Data and Any match, Children does not");
        getData(a, ctx.path("n"), true);
        for (int type = 1; type <= 5; type++) {
            checkWatches(a, ctx.path("n"), type);
        }
        removeWatches(a, ctx.path("n"), 1);
        removeWatches(a, ctx.path("n"), 2);
        checkWatches(a, ctx.path("n"), 2);
        setData(w, ctx.path("n"), "no event", -1);
        a.ping();
        ctx.note("an exist watch on a missing node counts as a data watch");
        exists(a, ctx.path("missing"), true);
        checkWatches(a, ctx.path("missing"), 2);
        checkWatches(a, ctx.path("missing"), 1);
        removeWatches(a, ctx.path("missing"), 3);
        create(w, ctx.path("missing"), "m", 0);
        a.ping();
        ctx.note("a child watch; Any removes it");
        getChildren(a, ctx.path("n"), true);
        checkWatches(a, ctx.path("n"), 1);
        checkWatches(a, ctx.path("n"), 2);
        removeWatches(a, ctx.path("n"), 3);
        checkWatches(a, ctx.path("n"), 3);
        create(w, ctx.path("n/c"), "c", 0);
        a.ping();
        ctx.note("persistent and recursive watches");
        addWatch(a, ctx.path("n"), 0);
        addWatch(a, ctx.path("r"), 1);
        for (int type = 1; type <= 5; type++) {
            checkWatches(a, ctx.path("n"), type);
            checkWatches(a, ctx.path("r"), type);
        }
        removeWatches(a, ctx.path("n"), 5);
        removeWatches(a, ctx.path("n"), 4);
        removeWatches(a, ctx.path("r"), 4);
        removeWatches(a, ctx.path("r"), 5);
        checkWatches(a, ctx.path("n"), 3);
        checkWatches(a, ctx.path("r"), 3);
        setData(w, ctx.path("n"), "none", -1);
        create(w, ctx.path("r"), "none", 0);
        a.ping();
        ctx.note("a standard and a persistent watch on one path; removing one keeps the other");
        getData(a, ctx.path("n"), true);
        addWatch(a, ctx.path("n"), 0);
        removeWatches(a, ctx.path("n"), 2);
        checkWatches(a, ctx.path("n"), 3);
        setData(w, ctx.path("n"), "persistent only", -1);
        a.ping();
        removeWatches(a, ctx.path("n"), 3);
        checkWatches(a, ctx.path("n"), 3);
        a.closeSession();
        w.closeSession();
    }

    private static void setWatchesCatchUp(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession w = ctx.raw("w");
        create(w, ctx.root(), "root", 0);
        for (String name : List.of("d", "gone", "kids", "same", "kids-same", "gone-kids")) {
            create(w, ctx.path(name), name, 0);
        }
        create(w, ctx.path("kids/k1"), "k1", 0);
        getData(a, ctx.path("d"), true);
        getData(a, ctx.path("gone"), true);
        exists(a, ctx.path("new"), true);
        getChildren(a, ctx.path("kids"), true);
        getData(a, ctx.path("same"), true);
        ctx.note("watches belong to the connection: a re-attach without setWatches has none");
        a.dropConnection();
        a.reattach();
        setData(w, ctx.path("kids-same"), "no event", -1);
        a.ping();
        getData(a, ctx.path("d"), true);
        getData(a, ctx.path("gone"), true);
        exists(a, ctx.path("new"), true);
        getChildren(a, ctx.path("kids"), true);
        getData(a, ctx.path("same"), true);
        a.dropConnection();
        ctx.note("changes while a is away");
        setData(w, ctx.path("d"), "d1", -1);
        delete(w, ctx.path("gone"), -1);
        create(w, ctx.path("new"), "new", 0);
        create(w, ctx.path("kids/k2"), "k2", 0);
        delete(w, ctx.path("gone-kids"), -1);
        a.reattach();
        ctx.note("setWatches (101) with a normal xid: catch-up events (zxid -1) before the reply");
        a.call(OpCode.SET_WATCHES, new SetWatches(a.lastZxid(),
                List.of(ctx.path("d"), ctx.path("gone"), ctx.path("same")),
                List.of(ctx.path("new"), ctx.path("still-missing"), ctx.path("same")),
                List.of(ctx.path("kids"), ctx.path("kids-same"), ctx.path("gone-kids"))));
        ctx.note("the re-registered watches that had nothing to catch up fire normally");
        setData(w, ctx.path("same"), "s1", -1);
        create(w, ctx.path("still-missing"), "now", 0);
        create(w, ctx.path("kids-same/k"), "k", 0);
        a.ping();
        ctx.note("setWatches with relativeZxid 0: every existing watched node looks changed");
        a.dropConnection();
        a.reattach();
        a.call(OpCode.SET_WATCHES, new SetWatches(0, List.of(ctx.path("d")), List.of(), List.of(ctx.path("kids"))));
        ctx.note("C-client style: setWatches with xid -8 gets its reply with xid -8");
        a.dropConnection();
        a.reattach();
        a.sendFrame(new RequestFrame(Xids.SET_WATCHES, OpCode.SET_WATCHES,
                new SetWatches(a.lastZxid(), List.of(ctx.path("d")), List.of(ctx.path("absent")), List.of())));
        a.await(Xids.SET_WATCHES);
        setData(w, ctx.path("d"), "d2", -1);
        a.ping();
        ctx.note("setWatches2 (105) with persistent and recursive watches: no catch-up for those");
        a.dropConnection();
        setData(w, ctx.path("kids"), "while away", -1);
        a.reattach();
        a.call(OpCode.SET_WATCHES2, new SetWatches2(a.lastZxid(), List.of(), List.of(), List.of(),
                List.of(ctx.path("kids")), List.of(ctx.root())));
        create(w, ctx.path("kids/k3"), "k3", 0);
        setData(w, ctx.path("kids/k3"), "k3b", -1);
        a.ping();
        a.closeSession();
        w.closeSession();
    }

    private static void notificationBeforeReply(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("n"), "n", 0);
        getData(a, ctx.path("n"), true);
        getChildren(a, ctx.root(), true);
        exists(a, ctx.path("m"), true);
        ctx.note("the writer's own watch events come before the write's reply");
        setData(a, ctx.path("n"), "n1", -1);
        create(a, ctx.path("m"), "m", 0);
        ctx.note("delete fires data, then child events; one event per connection");
        getData(a, ctx.path("m"), true);
        exists(a, ctx.path("m"), true);
        getChildren(a, ctx.path("m"), true);
        getChildren(a, ctx.root(), true);
        delete(a, ctx.path("m"), -1);
        ctx.note("a multi fires every event before its single reply");
        exists(a, ctx.path("m"), true);
        getData(a, ctx.path("n"), true);
        getChildren(a, ctx.root(), true);
        multi(a, opCreate(ctx.path("m"), "m", 0), opSetData(ctx.path("n"), "n2", -1), opDelete(ctx.path("m"), -1));
        a.closeSession();
    }
}
