package io.warden.compat.diff;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The same ground with the official 3.9.5 Java client: what its API returns and throws
 * (results, KeeperException codes and paths, multi results, Stats) and which watch events reach
 * which watcher, in order.
 */
final class JavaClientScenarios {
    private JavaClientScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("java-crud", JavaClientScenarios::crud),
                new Scenario("java-watches", JavaClientScenarios::watches),
                new Scenario("java-multi", JavaClientScenarios::multi),
                new Scenario("java-acl-session", JavaClientScenarios::aclAndSession));
    }

    private static void crud(ScenarioContext ctx) {
        JavaClient j = ctx.java("j");
        j.create(ctx.root(), "root", CreateMode.PERSISTENT);
        ctx.note("every create mode, with and without a Stat");
        for (CreateMode mode : List.of(CreateMode.PERSISTENT, CreateMode.EPHEMERAL, CreateMode.PERSISTENT_SEQUENTIAL,
                CreateMode.EPHEMERAL_SEQUENTIAL, CreateMode.CONTAINER)) {
            j.create(ctx.path("plain-" + mode), mode.name(), mode);
            j.create2(ctx.path("stat-" + mode), mode.name(), mode);
        }
        j.call("create TTL", z -> z.create(ctx.path("ttl"), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_WITH_TTL, new org.apache.zookeeper.data.Stat(), 5000));
        ctx.note("create errors");
        j.create(ctx.path("plain-PERSISTENT"), "x", CreateMode.PERSISTENT);
        j.create(ctx.path("missing/x"), "x", CreateMode.PERSISTENT);
        j.create(ctx.path("plain-EPHEMERAL/x"), "x", CreateMode.PERSISTENT);
        j.create(ctx.path("bad/"), "x", CreateMode.PERSISTENT);
        j.create(ctx.path("bad/"), "x", CreateMode.PERSISTENT_SEQUENTIAL);
        j.call("create with empty ACL", z -> z.create(ctx.path("noacl"), null, List.of(), CreateMode.PERSISTENT));
        ctx.note("reads");
        j.exists(ctx.path("plain-PERSISTENT"), null);
        j.exists(ctx.path("missing"), null);
        j.getData(ctx.path("plain-PERSISTENT"), null);
        j.getData(ctx.path("missing"), null);
        j.getChildren(ctx.root(), null);
        j.getChildren2(ctx.root(), null);
        j.getChildren(ctx.path("missing"), null);
        j.call("getAllChildrenNumber root", z -> z.getAllChildrenNumber(ctx.root()));
        j.call("getEphemerals", z -> new JavaClient.Ephemerals(z.getEphemerals()));
        j.call("getEphemerals prefix", z -> new JavaClient.Ephemerals(z.getEphemerals(ctx.path("plain"))));
        j.call("getConfig", z -> {
            org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
            byte[] data = z.getConfig(false, stat);
            return new JavaClient.DataAndStat(io.warden.protocol.data.Bytes.copyOf(data), JavaClient.stat(stat));
        });
        j.sync(ctx.root());
        ctx.note("null versus empty data");
        j.call("create null data", z -> z.create(ctx.path("null"), null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        j.create(ctx.path("empty"), "", CreateMode.PERSISTENT);
        j.getData(ctx.path("null"), null);
        j.getData(ctx.path("empty"), null);
        ctx.note("setData and delete with versions");
        j.setData(ctx.path("empty"), "v1", 5);
        j.setData(ctx.path("empty"), "v1", 0);
        j.setData(ctx.path("empty"), "v2", -1);
        j.setData(ctx.path("missing"), "x", -1);
        j.delete(ctx.path("empty"), 0);
        j.delete(ctx.path("empty"), 2);
        j.delete(ctx.path("empty"), 2);
        j.delete(ctx.root(), -1);
        j.delete("/zookeeper", -1);
        j.call("delete relative", z -> {
            z.delete("relative", -1);
            return new JavaClient.Ok();
        });
        j.getData(ctx.root(), null);
        j.close();
    }

    private static void watches(ScenarioContext ctx) {
        JavaClient j = ctx.java("j");
        JavaClient w = ctx.java("w");
        Watcher data = j.watcher("data");
        Watcher child = j.watcher("child");
        Watcher exist = j.watcher("exist");
        Watcher persistent = j.watcher("persistent");
        Watcher recursive = j.watcher("recursive");
        w.create(ctx.root(), "root", CreateMode.PERSISTENT);
        w.create(ctx.path("n"), "n", CreateMode.PERSISTENT);
        j.getData(ctx.path("n"), data);
        j.exists(ctx.path("n"), exist);
        j.getChildren(ctx.root(), child);
        j.exists(ctx.path("later"), exist);
        j.call("getData default watch", z -> z.getData(ctx.path("n"), true, null));
        w.setData(ctx.path("n"), "n1", -1);
        w.create(ctx.path("later"), "l", CreateMode.PERSISTENT);
        j.drain();
        ctx.note("persistent and recursive watches");
        j.addWatch(ctx.root(), persistent, AddWatchMode.PERSISTENT);
        j.addWatch(ctx.root(), recursive, AddWatchMode.PERSISTENT_RECURSIVE);
        w.create(ctx.path("later/deep"), "d", CreateMode.PERSISTENT);
        w.setData(ctx.root(), "r1", -1);
        w.setData(ctx.path("later/deep"), "d1", -1);
        w.delete(ctx.path("later/deep"), -1);
        j.drain();
        ctx.note("removeWatches: local check and server NOWATCHER");
        j.call("removeWatches persistent", z -> {
            z.removeWatches(ctx.root(), persistent, Watcher.WatcherType.Any, false);
            return new JavaClient.Ok();
        });
        j.call("removeWatches unknown watcher", z -> {
            z.removeWatches(ctx.path("n"), data, Watcher.WatcherType.Data, false);
            return new JavaClient.Ok();
        });
        j.getData(ctx.path("n"), data);
        j.call("removeAllWatches data", z -> {
            z.removeAllWatches(ctx.path("n"), Watcher.WatcherType.Data, false);
            return new JavaClient.Ok();
        });
        j.call("removeAllWatches none left", z -> {
            z.removeAllWatches(ctx.path("n"), Watcher.WatcherType.Children, false);
            return new JavaClient.Ok();
        });
        w.setData(ctx.path("n"), "n2", -1);
        j.drain();
        ctx.note("delete fires to data, exist and child watchers");
        j.exists(ctx.path("n"), exist);
        j.getChildren(ctx.path("n"), child);
        j.getChildren(ctx.root(), child);
        w.delete(ctx.path("n"), -1);
        j.drain();
        ctx.note("own writes: events before the call returns");
        j.exists(ctx.path("own"), exist);
        j.create(ctx.path("own"), "o", CreateMode.EPHEMERAL);
        j.drain();
        w.close();
        j.close();
    }

    private static void multi(ScenarioContext ctx) {
        JavaClient j = ctx.java("j");
        j.create(ctx.root(), "root", CreateMode.PERSISTENT);
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        ctx.note("a successful multi with every op kind");
        j.multi("multi ok", List.of(
                Op.create(ctx.path("a"), x, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(ctx.path("b"), x, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.create(ctx.path("c"), x, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER),
                Op.setData(ctx.path("a"), x, 0),
                Op.check(ctx.path("a"), 1),
                Op.delete(ctx.path("a"), 1)));
        ctx.note("failing multis: results and the first error");
        j.multi("multi fails at check", List.of(
                Op.create(ctx.path("d"), x, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.check(ctx.path("c"), 5),
                Op.delete(ctx.path("c"), -1)));
        j.multi("multi fails at create", List.of(
                Op.create(ctx.path("c"), x, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)));
        j.call("transaction", z -> z.transaction()
                .create(ctx.path("t"), x, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)
                .setData(ctx.path("t"), x, 0)
                .commit());
        ctx.note("multiRead through the client");
        j.multi("multiRead", List.of(Op.getData(ctx.path("t")), Op.getChildren(ctx.root()), Op.getData(ctx.path("none"))));
        j.call("empty multi", z -> z.multi(List.of()));
        j.getChildren2(ctx.root(), null);
        j.close();
    }

    private static void aclAndSession(ScenarioContext ctx) {
        JavaClient j = ctx.java("j");
        JavaClient other = ctx.java("other");
        j.create(ctx.root(), "root", CreateMode.PERSISTENT);
        j.call("whoAmI", z -> new JavaClient.Identities(JavaClient.clientInfos(z.whoAmI())));
        j.call("addAuthInfo", z -> {
            z.addAuthInfo("digest", "alice:secret".getBytes(StandardCharsets.UTF_8));
            return new JavaClient.Ok();
        });
        j.call("whoAmI after auth", z -> new JavaClient.Identities(JavaClient.clientInfos(z.whoAmI())));
        j.call("create CREATOR_ALL_ACL", z -> z.create(ctx.path("mine"), null, ZooDefs.Ids.CREATOR_ALL_ACL,
                CreateMode.PERSISTENT));
        other.call("create CREATOR_ALL_ACL unauthenticated", z -> z.create(ctx.path("theirs"), null,
                ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        j.getAcl(ctx.path("mine"));
        other.getAcl(ctx.path("mine"));
        other.getData(ctx.path("mine"), null);
        // ArrayList, not List.of: the client calls acl.contains(null), which List.of rejects.
        j.setAcl(ctx.path("mine"), new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")),
                new ACL(ZooDefs.Perms.ALL, new Id("digest", RawOps.ALICE_DIGEST)))), 0);
        j.setAcl(ctx.path("mine"), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0);
        other.getAcl(ctx.path("mine"));
        other.setAcl(ctx.path("mine"), ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
        j.setAcl(ctx.path("mine"), new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("foo", "bar")))), -1);
        ctx.note("the other session sees the ephemeral of j go when j closes");
        j.create(ctx.path("eph"), "e", CreateMode.EPHEMERAL);
        other.exists(ctx.path("eph"), other.watcher("exist"));
        j.close();
        other.drain();
        other.exists(ctx.path("eph"), null);
        other.close();
    }
}
