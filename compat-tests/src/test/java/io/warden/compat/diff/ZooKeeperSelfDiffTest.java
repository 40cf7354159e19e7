package io.warden.compat.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.warden.compat.harness.Target;
import io.warden.protocol.OpCode;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.ExistsRequest;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The harness checked against itself: every scenario on two fresh real ZooKeeper servers must
 * give equal normalized transcripts (so the normalizer removes all run-to-run noise), with no
 * timeouts, aborts or time violations on the reference; and a real difference must show.
 *
 * <p>The scenarios run first (ordered), because the first of them reads the fresh tree.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperSelfDiffTest {
    private static final String SUITE = "zookeeper-vs-zookeeper";
    private static Target firstServer;
    private static Target secondServer;
    private static Endpoint first;
    private static Endpoint second;

    @BeforeAll
    static void startServers() throws IOException {
        firstServer = Target.start(Target.Kind.ZOOKEEPER, Target.Settings.defaults());
        first = Endpoint.of("zookeeper-a", firstServer);
        secondServer = Target.start(Target.Kind.ZOOKEEPER, Target.Settings.defaults());
        second = Endpoint.of("zookeeper-b", secondServer);
    }

    @AfterAll
    static void stopServers() throws IOException {
        try {
            if (firstServer != null) {
                firstServer.close();
            }
        } finally {
            if (secondServer != null) {
                secondServer.close();
            }
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyScenarioIsReproducible() {
        return Scenarios.all().stream().map(scenario -> dynamicTest(scenario.name(), () -> {
            DiffRunner.Comparison comparison = DiffRunner.compare(scenario, first, second);
            DiffRunner.writeReport(SUITE, comparison);
            ScenarioChecks.assertCleanReference(comparison.reference());
            assertTrue(comparison.same(), () -> "two real ZooKeepers differ:\n" + comparison.diff());
        }));
    }

    @Test
    @Order(2)
    void aDifferentZxidCountShows() {
        Scenario plain = new Scenario("mutant-zxid", ctx -> {
            RawSession a = ctx.raw("a");
            RawOps.create(a, ctx.root(), "r", 0);
            RawOps.create(a, ctx.path("x"), "x", 0);
            a.closeSession();
        });
        Scenario extraFailedWrite = new Scenario("mutant-zxid", ctx -> {
            RawSession a = ctx.raw("a");
            RawOps.create(a, ctx.root(), "r", 0);
            a.call(OpCode.CREATE, new CreateRequest(ctx.path("missing/y"), null, RawOps.OPEN, 0));
            ctx.transcript().entries(); // the failed write is in the transcript, but so is its zxid
            RawOps.create(a, ctx.path("x"), "x", 0);
            a.closeSession();
        });
        DiffRunner.Run expected = DiffRunner.run(plain, first);
        DiffRunner.Run actual = DiffRunner.run(extraFailedWrite, second);
        assertFalse(expected.lines().equals(actual.lines()));
        String diff = TextDiff.diff(expected.lines(), actual.lines(), "plain", "mutant");
        assertTrue(diff.contains("-101(NONODE)"), diff);
        assertTrue(diff.contains("z+3"), "the later create's zxid moved by one:\n" + diff);
    }

    @Test
    @Order(3)
    void aMissingNotificationShows() {
        Scenario watched = new Scenario("mutant-watch", ctx -> {
            RawSession a = ctx.raw("a");
            a.call(OpCode.EXISTS, new ExistsRequest(ctx.root(), true));
            RawOps.create(a, ctx.root(), "r", 0);
            a.closeSession();
        });
        Scenario unwatched = new Scenario("mutant-watch", ctx -> {
            RawSession a = ctx.raw("a");
            a.call(OpCode.EXISTS, new ExistsRequest(ctx.root(), false));
            RawOps.create(a, ctx.root(), "r", 0);
            a.closeSession();
        });
        DiffRunner.Run expected = DiffRunner.run(watched, first);
        DiffRunner.Run actual = DiffRunner.run(unwatched, second);
        String diff = TextDiff.diff(expected.lines(), actual.lines(), "watched", "unwatched");
        assertTrue(diff.contains("- a <- notification xid=-1 zxid=z+2 err=0 NODE_CREATED SYNC_CONNECTED \"/mutant-watch\""),
                diff);
        assertEquals(expected.lines().size(), actual.lines().size() + 1, diff);
    }
}
