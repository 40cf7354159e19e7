package io.warden.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static final LoadOptions.Cell CELL = new LoadOptions.Cell(Workload.GET, 100, 8);

    private static RunResult run(Target t, int round, long ops, long latencyMicros, long cpuMicros) {
        Histogram h = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
        for (int i = 0; i < ops; i++) {
            h.recordValue(latencyMicros * 1000);
        }
        return new RunResult(t, CELL, round, null, ops, 0, 1_000_000_000L, h,
                cpuMicros * 1000 * ops, 0, 100 << 20, Map.of(), 0, "ok");
    }

    @Test
    void ratiosArePairedByRoundWithTheirSpread() {
        List<RunResult> runs = List.of(
                run(Target.ZOOKEEPER, 1, 1000, 100, 50), run(Target.WARDEN, 1, 2000, 50, 25),
                run(Target.WARDEN, 2, 1500, 50, 25), run(Target.ZOOKEEPER, 2, 1000, 100, 50),
                run(Target.ZOOKEEPER, 3, 1000, 100, 50), run(Target.WARDEN, 3, 1000, 100, 50));
        Summary s = Summary.of(List.of(CELL), runs).get(0);
        assertEquals(3, s.opsRatio().n());
        assertEquals(1.5, s.opsRatio().median(), 1e-9);
        assertEquals(1.0, s.opsRatio().min(), 1e-9);
        assertEquals(2.0, s.opsRatio().max(), 1e-9);
        assertEquals(0.5, s.cpuRatio().min(), 1e-9);
        assertEquals(1500, s.perTarget().get(Target.WARDEN).opsPerSecond(), 1e-9);
        assertEquals(100, s.perTarget().get(Target.ZOOKEEPER).p99Micros(), 1);
        assertEquals(50, s.perTarget().get(Target.ZOOKEEPER).serverCpuMicrosPerOp(), 1e-9);
    }

    @Test
    void withoutWardenThereIsNoRatioAndTheTableSaysSo() {
        List<RunResult> runs = List.of(run(Target.ZOOKEEPER, 1, 1000, 100, 50));
        Summary s = Summary.of(List.of(CELL), runs).get(0);
        assertEquals(0, s.opsRatio().n());
        assertFalse(s.perTarget().containsKey(Target.WARDEN));
        LoadOptions o = LoadOptions.parse(new String[] {"--quick"});
        String md = Report.markdown(new Report.Input(o, "cmd", LoadMain.Machine.describe(),
                List.of(new Report.ServerInfo(Target.ZOOKEEPER, true, "zk",
                                new Durability(true, Durability.DURABLE, 1)),
                        new Report.ServerInfo(Target.WARDEN, false, "no jar",
                                Durability.unknown("not started"))),
                runs, List.of(s), "now", "00:01"));
        assertTrue(md.contains("warden: UNAVAILABLE, no jar"), md);
        assertTrue(md.contains("| get | 100 B | 8 | 1000 | n/a | n/a |"), md);
        assertFalse(md.contains("WARNING"), md);
    }

    @Test
    void anInMemoryServerIsFlaggedAtTheTop() {
        List<Report.ServerInfo> servers = List.of(
                new Report.ServerInfo(Target.ZOOKEEPER, true, "zk", new Durability(true, Durability.DURABLE, 1)),
                new Report.ServerInfo(Target.WARDEN, true, "w", new Durability(false, Durability.IN_MEMORY, 1)));
        String banner = Report.durabilityBanner(servers);
        assertTrue(banner.contains("WARNING: not like for like.** warden ran IN MEMORY"), banner);
        assertEquals("", Report.durabilityBanner(servers.subList(0, 1)));
    }

    @Test
    void failedRunsAreCountedNotAveraged() {
        List<RunResult> runs = List.of(run(Target.ZOOKEEPER, 1, 1000, 100, 50),
                RunResult.failed(Target.ZOOKEEPER, CELL, 2, "boom"));
        Summary.TargetSummary z = Summary.of(List.of(CELL), runs).get(0).perTarget()
                .get(Target.ZOOKEEPER);
        assertEquals(1, z.rounds());
        assertEquals(1, z.failedRuns());
        assertEquals(1000, z.opsPerSecond(), 1e-9);
    }

    @Test
    void jsonEscapesAndDropsNonFiniteNumbers() {
        String json = Json.write(new java.util.LinkedHashMap<>(Map.of("a\"b", Double.NaN)));
        assertEquals("{\n  \"a\\\"b\": null\n}\n", json);
    }
}
