package io.warden.server.state;

import static io.warden.protocol.ErrorCode.QUOTAEXCEEDED;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.MultiRequest.Op;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Quotas ({@link Quotas}, {@link QuotaTrack}): the stats node's usage string kept the way
 * ZooKeeper 3.9.5 keeps it, hard limits refused only when enforcing, multi checked against the
 * state before it and rolled back whole. The same rules run against real ZooKeeper in
 * compat-tests' QuotaScenarios.
 */
class QuotaTest {
    private static final String LIMITS = "/zookeeper/quota/q/zookeeper_limits";
    private static final String STATS = "/zookeeper/quota/q/zookeeper_stats";

    private static Fixture fixture(boolean enforce) {
        StateConfig d = StateConfig.defaults();
        Fixture f = new Fixture(new StateConfig(false, false, null, d.maxDataBytes(), d.maxWatchesPerConnection(),
                enforce));
        f.openSession(S1);
        return f;
    }

    /** What zkCli's setquota does: the quota path, the limits, then a zero stats node. */
    private static void setQuota(Fixture f, String limits) {
        ok(f.create("/zookeeper/quota/q"));
        ok(f.create(S1, LIMITS, limits, 0));
        ok(f.create(S1, STATS, "count=0,bytes=0", 0));
    }

    private static String text(Fixture f, String path) {
        return f.data(path).toUtf8();
    }

    @Test
    void statsNodeIsRecountedOnCreateThenKeptUpToDate() {
        Fixture f = fixture(false);
        ok(f.create(S1, "/q", "ab", 0));
        ok(f.create(S1, "/q/x", "12345", 0));
        setQuota(f, "count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1");
        assertEquals("count=2,bytes=7", text(f, STATS));
        Stat created = f.stat(STATS);
        assertEquals(0, created.version());

        ok(f.create(S1, "/q/y", "123", 0));
        assertEquals("count=3,bytes=10", text(f, STATS));
        ok(f.setData("/q/y", "1", -1));
        assertEquals("count=3,bytes=8", text(f, STATS));
        ok(f.setData("/q/y", "1", -1));
        assertEquals("count=3,bytes=8", text(f, STATS));
        ok(f.delete("/q/x", -1));
        assertEquals("count=2,bytes=3", text(f, STATS));
        // Outside the subtree nothing moves; a sibling with a common name prefix is outside.
        ok(f.create(S1, "/qq", "zzz", 0));
        assertEquals("count=2,bytes=3", text(f, STATS));

        // Only the data changed: version, mzxid and mtime are those of the create.
        Stat now = f.stat(STATS);
        assertEquals(created.version(), now.version());
        assertEquals(created.mzxid(), now.mzxid());
        assertEquals(created.mtime(), now.mtime());
        assertEquals("count=2,bytes=3".length(), now.dataLength());
        // The limits string is the client's, untouched.
        assertEquals("count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=-1", text(f, LIMITS));
    }

    @Test
    void deepestQuotaWinsAndDeletingTheLimitsNodeEndsTheQuota() {
        Fixture f = fixture(false);
        ok(f.create("/q"));
        setQuota(f, "count=10,bytes=-1");
        ok(f.create("/q/a"));
        ok(f.create("/zookeeper/quota/q/a"));
        ok(f.create(S1, "/zookeeper/quota/q/a/zookeeper_limits", "count=5,bytes=-1", 0));
        ok(f.create(S1, "/zookeeper/quota/q/a/zookeeper_stats", "", 0));
        assertEquals("count=1,bytes=0", text(f, "/zookeeper/quota/q/a/zookeeper_stats"));
        ok(f.create(S1, "/q/a/b", "xy", 0));
        assertEquals("count=2,bytes=2", text(f, "/zookeeper/quota/q/a/zookeeper_stats"));
        assertEquals("count=2,bytes=0", text(f, STATS), "only the deepest quota counts a node");

        ok(f.delete("/zookeeper/quota/q/a/zookeeper_limits", -1));
        ok(f.create("/q/a/c"));
        assertEquals("count=3,bytes=0", text(f, STATS));
        assertEquals("count=2,bytes=2", text(f, "/zookeeper/quota/q/a/zookeeper_stats"));
    }

    @Test
    void hardLimitsAreRefusedOnlyWhenEnforced() {
        for (boolean enforce : new boolean[] {false, true}) {
            Fixture f = fixture(enforce);
            ok(f.create("/q"));
            setQuota(f, "count=-1,bytes=-1=;byteHardLimit=6;countHardLimit=3");
            ok(f.create(S1, "/q/a", "1234", 0));
            ok(f.create("/q/b"));
            if (enforce) {
                err(QUOTAEXCEEDED, f.create("/q/c"));
                err(QUOTAEXCEEDED, f.setData("/q/a", "1234567", -1));
                assertFalse(f.exists("/q/c"));
                assertEquals("count=3,bytes=4", text(f, STATS));
                // Shrinking and staying at the limit pass.
                ok(f.setData("/q/a", "123456", -1));
                ok(f.setData("/q/a", "", -1));
            } else {
                ok(f.create("/q/c"));
                ok(f.setData("/q/a", "1234567", -1));
                assertEquals("count=4,bytes=7", text(f, STATS));
            }
        }
    }

    @Test
    void softLimitsAloneRefuseNothing() {
        Fixture f = fixture(true);
        ok(f.create("/q"));
        setQuota(f, "count=1,bytes=1");
        ok(f.create(S1, "/q/a", "123", 0));
        assertEquals("count=2,bytes=3", text(f, STATS));
    }

    @Test
    void quotaCheckWinsOverBadVersion() {
        Fixture f = fixture(true);
        ok(f.create("/q"));
        setQuota(f, "count=-1,bytes=-1=;byteHardLimit=0;countHardLimit=-1");
        err(QUOTAEXCEEDED, f.setData("/q", "x", 42));
    }

    @Test
    void multiIsCheckedAgainstTheTreeBeforeItAndRolledBackWhole() {
        Fixture f = fixture(true);
        ok(f.create("/q"));
        setQuota(f, "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
        // Each create alone fits (1 + 1 <= 2): checked against the tree before the multi, both pass.
        MultiResponse two = (MultiResponse) f.multi(S1, create("/q/a"), create("/q/b")).response();
        assertEquals(2, two.results().size());
        assertEquals("count=3,bytes=0", text(f, STATS));
        // Now over: the first op fails, nothing changes.
        MultiResponse refused = (MultiResponse) f.multi(S1, new Op(OpCode.DELETE, new DeleteRequest("/q/a", -1)),
                create("/q/c")).response();
        assertEquals(new OpResult.ErrorResult(QUOTAEXCEEDED.code()), refused.results().get(1));
        assertEquals("count=3,bytes=0", text(f, STATS));
        // A failing later op rolls back the stats update of an earlier one.
        ok(f.delete("/q/a", -1));
        ok(f.delete("/q/b", -1));
        MultiResponse rolledBack = (MultiResponse) f.multi(S1, create("/q/d"),
                new Op(OpCode.SET_DATA, new SetDataRequest("/q/missing", Bytes.EMPTY, -1))).response();
        assertEquals(2, rolledBack.results().size());
        assertEquals(new OpResult.ErrorResult(io.warden.protocol.ErrorCode.NONODE.code()), rolledBack.results().get(1));
        assertFalse(f.exists("/q/d"));
        assertEquals("count=1,bytes=0", text(f, STATS));
        // A limits node created inside the multi does not yet apply to it.
        ok(f.create("/r"));
        ok(f.create("/zookeeper/quota/r"));
        ok(f.multi(S1,
                new Op(OpCode.CREATE, new CreateRequest("/zookeeper/quota/r/zookeeper_limits",
                        Bytes.utf8("count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=1"), Acl.OPEN_ACL_UNSAFE, 0)),
                new Op(OpCode.CREATE, new CreateRequest("/zookeeper/quota/r/zookeeper_stats",
                        Bytes.utf8("count=0,bytes=0"), Acl.OPEN_ACL_UNSAFE, 0)),
                create("/r/a"), create("/r/b")));
        assertEquals("count=3,bytes=0", text(f, "/zookeeper/quota/r/zookeeper_stats"));
        err(QUOTAEXCEEDED, f.create("/r/c"));
    }

    @Test
    void closingASessionCountsItsEphemeralsOut() {
        Fixture f = fixture(false);
        ok(f.create("/q"));
        setQuota(f, "count=5,bytes=-1");
        ok(f.create(S1, "/q/e", "abc", 1));
        assertEquals("count=2,bytes=3", text(f, STATS));
        f.openSession(Fixture.S2);
        ok(f.closeSession(S1));
        assertEquals("count=1,bytes=0", text(f, STATS));
    }

    @Test
    void passingALimitIsLoggedAsZooKeeperWordsIt() {
        Logger logger = Logger.getLogger(Quotas.class.getName());
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            Fixture f = fixture(true);
            ok(f.create("/q"));
            setQuota(f, "count=2,bytes=-1=;byteHardLimit=4;countHardLimit=-1");
            ok(f.create("/q/a"));
            assertEquals(List.of(), logged, "within the limits: nothing");
            f.time += 1000;
            ok(f.create("/q/b"));
            f.time += 1000;
            err(QUOTAEXCEEDED, f.create(S1, "/q/c", "12345", 0));
            assertEquals(List.of("WARNING Quota exceeded: /q [current count=3, softCountLimit=2]",
                    "WARNING Quota exceeded: /q [current count=4, softCountLimit=2]",
                    "WARNING Quota exceeded: /q [current bytes=5, hardByteLimit=4]"), logged);
            // A message repeated within 100 ms of transaction time is held back, and counted.
            logged.clear();
            f.time += 1000;
            for (int i = 0; i < 5; i++) {
                err(QUOTAEXCEEDED, f.setData("/q/a", "12345", -1));
            }
            f.time += 1000;
            err(QUOTAEXCEEDED, f.setData("/q/a", "12345", -1));
            assertEquals(List.of("WARNING Quota exceeded: /q [current bytes=5, hardByteLimit=4]",
                    "WARNING Quota exceeded: /q [current bytes=5, hardByteLimit=4] (4 similar messages suppressed)"),
                    logged);
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void trackStringsAreZooKeepers() {
        assertEquals("count=4,bytes=15", QuotaTrack.usage(4, 15).toString());
        QuotaTrack limits = QuotaTrack.parse(Bytes.utf8("count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=7"));
        assertEquals(2, limits.count());
        assertEquals(-1, limits.bytes());
        assertEquals(7, limits.countHardLimit());
        assertEquals("count=2,bytes=-1=;byteHardLimit=-1;countHardLimit=7", limits.toString());
        assertEquals("count=-1,bytes=-1", QuotaTrack.parse(null).toString());
        assertEquals("count=1,bytes=-1", QuotaTrack.parse(Bytes.utf8("garbage;count=1,x=y,z=")).toString());
        assertEquals("count=3,bytes=9=;extra=1", QuotaTrack.parse(Bytes.utf8("extra=1,bytes=4,count=2"))
                .plus(1, 5).toString());
    }

    private static Op create(String path) {
        return new Op(OpCode.CREATE, new CreateRequest(path, Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 0));
    }
}
