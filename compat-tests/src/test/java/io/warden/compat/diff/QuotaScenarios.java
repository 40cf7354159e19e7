package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.delete;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.multi;
import static io.warden.compat.diff.RawOps.opCreate;
import static io.warden.compat.diff.RawOps.opDelete;
import static io.warden.compat.diff.RawOps.opSetData;
import static io.warden.compat.diff.RawOps.setData;

import java.util.List;

/**
 * Quotas (PROTOCOL.md 7.1 step 12, 7.5): the {@code /zookeeper/quota/<path>/zookeeper_limits}
 * and {@code zookeeper_stats} nodes, written the way zkCli's setquota writes them, and the usage
 * string the server keeps in the stats node: recounted when the stats node is created, then moved
 * by every create, delete, setData (plain, in a multi, by a session close) under the deepest
 * quota; never by a failed multi; stopped when the limits node goes. Without enforcement nothing
 * is refused. {@link #enforced()} are the scenarios for a server started with
 * {@code zookeeper.enforceQuota=true} (QuotaEnforcedDiffTest).
 */
final class QuotaScenarios {
    private static final String QUOTA = "/zookeeper/quota";
    /** zkCli 3.7+'s limits string for {@code setquota -n 3}. */
    private static final String SOFT_COUNT_3 = "count=3,bytes=-1=;byteHardLimit=-1;countHardLimit=-1";

    private QuotaScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("quota-stats", QuotaScenarios::stats),
                new Scenario("quota-nested-and-removed", QuotaScenarios::nestedAndRemoved),
                new Scenario("quota-multi-and-ephemerals", QuotaScenarios::multiAndEphemerals));
    }

    static List<Scenario> enforced() {
        return List.of(
                new Scenario("quota-enforced-count", QuotaScenarios::enforcedCount),
                new Scenario("quota-enforced-bytes", QuotaScenarios::enforcedBytes),
                new Scenario("quota-enforced-multi", QuotaScenarios::enforcedMulti));
    }

    /** Creates the quota nodes of {@code path} as zkCli's setquota does (parents, limits, stats). */
    static void setQuota(RawSession s, String path, String limits) {
        StringBuilder p = new StringBuilder(QUOTA);
        for (String part : path.substring(1).split("/")) {
            p.append('/').append(part);
            create(s, p.toString(), "", 0);
        }
        create(s, QUOTA + path + "/zookeeper_limits", limits, 0);
        create(s, QUOTA + path + "/zookeeper_stats", "count=0,bytes=0", 0);
    }

    /** Deletes the quota nodes of {@code path} and its now empty parents, as delquota does. */
    static void removeQuota(RawSession s, String path) {
        delete(s, QUOTA + path + "/zookeeper_limits", -1);
        delete(s, QUOTA + path + "/zookeeper_stats", -1);
        String p = path;
        while (p.length() > 1) {
            delete(s, QUOTA + p, -1);
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private static void stats(RawSession s, String path) {
        getData(s, QUOTA + path + "/zookeeper_stats", false);
    }

    private static void stats(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        String q = ctx.path("q");
        create(a, ctx.root(), "root", 0);
        create(a, q, "12345", 0);
        create(a, q + "/x", "abc", 0);
        ctx.note("the stats node is recounted on create: the subtree and its bytes, the client's data replaced");
        setQuota(a, q, SOFT_COUNT_3);
        stats(a, q);
        getData(a, QUOTA + q + "/zookeeper_limits", false);
        ctx.note("every write under the quota moves the stats node's data, and only its data");
        create(a, q + "/y", "1234567", 0);
        stats(a, q);
        create(a, q + "/x/deep", "", 0);
        create(a, q + "/x/deeper", null, 0);
        stats(a, q);
        setData(a, q + "/y", "1", -1);
        stats(a, q);
        setData(a, q + "/y", "1", -1);
        setData(a, q, null, -1);
        stats(a, q);
        delete(a, q + "/x/deep", -1);
        stats(a, q);
        ctx.note("over the soft limit: nothing is refused");
        create(a, q + "/z", "zz", 0);
        create(a, q + "/z2", "zz", 2);
        stats(a, q);
        ctx.note("outside the subtree, a sibling with a common prefix included, nothing moves");
        create(a, q + "q", "outside", 0);
        setData(a, ctx.root(), "root2", -1);
        stats(a, q);
        exists(a, QUOTA + q + "/zookeeper_stats", false);
        ctx.note("a client may overwrite the stats; the server adds to what it finds");
        setData(a, QUOTA + q + "/zookeeper_stats", "count=100,bytes=1000", -1);
        create(a, q + "/w", "w", 0);
        stats(a, q);
        setData(a, QUOTA + q + "/zookeeper_stats", "bytes=7;extra=1", -1);
        create(a, q + "/v", "", 0);
        stats(a, q);
        removeQuota(a, q);
        a.closeSession();
    }

    private static void nestedAndRemoved(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        String q = ctx.path("q");
        create(a, ctx.root(), "root", 0);
        create(a, q, "", 0);
        create(a, q + "/inner", "in", 0);
        setQuota(a, q, "count=10,bytes=100");
        setQuota(a, q + "/inner", "count=1,bytes=1");
        ctx.note("a node counts only for its deepest quota");
        create(a, q + "/inner/n", "nnn", 0);
        create(a, q + "/outer", "o", 0);
        stats(a, q);
        stats(a, q + "/inner");
        ctx.note("without its stats node a quota still exists: updates are skipped, the recount restores them");
        delete(a, QUOTA + q + "/inner/zookeeper_stats", -1);
        create(a, q + "/inner/m", "mm", 0);
        stats(a, q);
        create(a, QUOTA + q + "/inner/zookeeper_stats", "junk", 0);
        stats(a, q + "/inner");
        ctx.note("deleting the limits node ends the quota: the outer quota counts again");
        delete(a, QUOTA + q + "/inner/zookeeper_limits", -1);
        create(a, q + "/inner/k", "k", 0);
        stats(a, q);
        stats(a, q + "/inner");
        ctx.note("a limits node alone (no stats yet), then a stats node for a path that does not exist");
        create(a, QUOTA + q + "/inner/zookeeper_limits", "count=1", 0);
        create(a, q + "/inner/j", "", 0);
        stats(a, q);
        create(a, QUOTA + q + "/ghost", "", 0);
        create(a, QUOTA + q + "/ghost/zookeeper_stats", "", 0);
        getData(a, QUOTA + q + "/ghost/zookeeper_stats", false);
        delete(a, QUOTA + q + "/ghost/zookeeper_stats", -1);
        delete(a, QUOTA + q + "/ghost", -1);
        delete(a, QUOTA + q + "/inner/zookeeper_limits", -1);
        delete(a, QUOTA + q + "/inner/zookeeper_stats", -1);
        delete(a, QUOTA + q + "/inner", -1);
        removeQuota(a, q);
        a.closeSession();
    }

    private static void multiAndEphemerals(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        String q = ctx.path("q");
        create(a, ctx.root(), "root", 0);
        create(a, q, "", 0);
        setQuota(a, q, SOFT_COUNT_3);
        ctx.note("a multi moves the stats once per op; a failed multi not at all");
        multi(a, opCreate(q + "/m1", "111", 0), opCreate(q + "/m2", "2", 0), opSetData(q + "/m1", "", -1),
                opDelete(q + "/m2", -1));
        stats(a, q);
        multi(a, opCreate(q + "/m3", "333", 0), opSetData(q + "/missing", "", -1));
        stats(a, q);
        ctx.note("a session's ephemerals leave the count when it closes");
        create(b, q + "/e1", "eph", 1);
        create(b, q + "/e2", "", 3);
        stats(a, q);
        b.closeSession();
        stats(a, q);
        ctx.note("a multi that sets up a quota and writes under it");
        String r = ctx.path("r");
        create(a, r, "", 0);
        create(a, QUOTA + r, "", 0);
        multi(a, opCreate(QUOTA + r + "/zookeeper_limits", SOFT_COUNT_3, 0),
                opCreate(QUOTA + r + "/zookeeper_stats", "count=0,bytes=0", 0), opCreate(r + "/a", "aa", 0));
        stats(a, r);
        removeQuota(a, r);
        removeQuota(a, q);
        a.closeSession();
    }

    private static void enforcedCount(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        String q = ctx.path("q");
        create(a, ctx.root(), "root", 0);
        create(a, q, "", 0);
        ctx.note("soft limits only warn, also when enforcing");
        setQuota(a, q, "count=2,bytes=2");
        create(a, q + "/soft1", "123", 0);
        create(a, q + "/soft2", "", 0);
        stats(a, q);
        delete(a, q + "/soft1", -1);
        delete(a, q + "/soft2", -1);
        setData(a, QUOTA + q + "/zookeeper_limits", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=3", -1);
        ctx.note("a hard count limit: the create that would pass it is refused, and consumes a zxid");
        create(a, q + "/a", "", 0);
        create(a, q + "/eph", "", 1);
        create(a, q + "/c", "", 0);
        create(a, q + "/s-", "", 2);
        create(b, q + "/e", "", 1);
        exists(a, q + "/c", false);
        stats(a, q);
        ctx.note("which check wins: NODEEXISTS and NOCHILDRENFOREPHEMERALS come first");
        create(a, q + "/a", "", 0);
        create(a, q + "/eph/child", "", 0);
        ctx.note("deletes are never refused; then there is room again, and the sequence counter did not move");
        delete(a, q + "/a", -1);
        create(a, q + "/s-", "", 2);
        stats(a, q);
        ctx.note("setData does not change the count");
        setData(a, q + "/eph", "any size", -1);
        b.closeSession();
        removeQuota(a, q);
        a.closeSession();
    }

    private static void enforcedBytes(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        String q = ctx.path("q");
        create(a, ctx.root(), "root", 0);
        create(a, q, "", 0);
        setQuota(a, q, "count=-1,bytes=-1=;byteHardLimit=10;countHardLimit=-1");
        create(a, q + "/a", "12345", 0);
        create(a, q + "/b", "123456", 0);
        create(a, q + "/b", "12345", 0);
        create(a, q + "/empty", "", 0);
        stats(a, q);
        ctx.note("setData: the difference counts; the quota check comes before the version check");
        setData(a, q + "/a", "123456", -1);
        setData(a, q + "/a", "123456", 99);
        setData(a, q + "/a", "1", 99);
        setData(a, q + "/a", "1", -1);
        setData(a, q + "/a", "123456", -1);
        stats(a, q);
        ctx.note("a hard byte limit with a soft count limit: the count only warns");
        setData(a, QUOTA + q + "/zookeeper_limits", "count=1,bytes=-1=;byteHardLimit=10;countHardLimit=-1", -1);
        create(a, q + "/c", "", 0);
        stats(a, q);
        removeQuota(a, q);
        a.closeSession();
    }

    private static void enforcedMulti(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        String q = ctx.path("q");
        create(a, ctx.root(), "root", 0);
        create(a, q, "", 0);
        setQuota(a, q, "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
        ctx.note("each op of a multi is checked against the tree before the multi");
        multi(a, opCreate(q + "/a", "", 0), opCreate(q + "/b", "", 0));
        stats(a, q);
        multi(a, opDelete(q + "/a", -1), opCreate(q + "/c", "", 0));
        stats(a, q);
        ctx.note("a quota set up inside a multi does not apply to that multi");
        String r = ctx.path("r");
        create(a, r, "", 0);
        create(a, QUOTA + r, "", 0);
        multi(a, opCreate(QUOTA + r + "/zookeeper_limits", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=1", 0),
                opCreate(QUOTA + r + "/zookeeper_stats", "count=0,bytes=0", 0), opCreate(r + "/a", "", 0),
                opCreate(r + "/b", "", 0));
        stats(a, r);
        create(a, r + "/c", "", 0);
        removeQuota(a, r);
        removeQuota(a, q);
        a.closeSession();
    }
}
