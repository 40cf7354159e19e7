package io.warden.compat.matrix;

import static io.warden.compat.matrix.MatrixTestData.invocation;
import static io.warden.compat.matrix.MatrixTestData.plain;
import static io.warden.compat.matrix.MatrixTestData.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.matrix.MatrixGenerator.CellState;
import io.warden.compat.matrix.TestResult.Outcome;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatrixGeneratorTest {
    private static final String KAZOO = "io.warden.compat.peers.KazooTest";
    private static final String RESTART = "dataWatchAndChildrenWatchSurviveAServerRestart";
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void passingOnBothServersIsPassOnBoth() {
        assertEquals(CellState.PASS_BOTH, state(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.PASSED),
                invocation(KAZOO, RESTART, "warden", Outcome.PASSED)));
    }

    @Test
    void failingOnlyOnWardenIsWardenDiffers() {
        assertEquals(CellState.WARDEN_DIFFERS, state(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.PASSED),
                invocation(KAZOO, RESTART, "warden", Outcome.FAILED)));
        assertEquals(CellState.WARDEN_DIFFERS, state(scenario("session-expiry", Outcome.FAILED)));
    }

    @Test
    void failingOnTheReferenceIsNotBlamedOnWarden() {
        assertEquals(CellState.REFERENCE_FAILS, state(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.FAILED),
                invocation(KAZOO, RESTART, "warden", Outcome.FAILED)));
    }

    @Test
    void skippedOnWardenOnlyIsAKnownGapThatOtherTestsDoNotHide() {
        List<Mapping.Placed> placed = List.of(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.PASSED),
                invocation(KAZOO, RESTART, "warden", Outcome.PASSED),
                invocation(KAZOO, "watchesOnQuotas", "zookeeper", Outcome.PASSED),
                invocation(KAZOO, "watchesOnQuotas", "warden", Outcome.ABORTED))
                .stream().map(r -> Mapping.place(r).orElseThrow()).toList();
        MatrixGenerator.Cell cell = MatrixGenerator.cell(placed);
        assertEquals(CellState.KNOWN_GAP, cell.state());
        assertEquals("**known gap** (1 of 2)", cell.text());
    }

    @Test
    void oneSidedAndSkippedRunsSayWhatRan() {
        assertEquals(CellState.ZOOKEEPER_ONLY, state(plain("io.warden.compat.client.RealZooKeeperClientTest",
                "oneShotWatchesFireOnce", Outcome.PASSED)));
        assertEquals(CellState.PASS_BOTH, state(scenario("session-expiry", Outcome.PASSED)));
        assertEquals(CellState.SKIPPED, state(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.ABORTED),
                invocation(KAZOO, RESTART, "warden", Outcome.ABORTED)));
        assertEquals(CellState.NOT_COVERED, MatrixGenerator.cell(List.of()).state());
    }

    @Test
    void aCellShowsItsWorstTestAndCounts() {
        List<Mapping.Placed> placed = List.of(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.PASSED),
                invocation(KAZOO, RESTART, "warden", Outcome.PASSED),
                scenario("watch-set-watches-catch-up", Outcome.PASSED),
                scenario("watch-check-remove", Outcome.FAILED))
                .stream().map(r -> Mapping.place(r).orElseThrow()).toList();
        MatrixGenerator.Cell cell = MatrixGenerator.cell(placed);
        assertEquals(CellState.WARDEN_DIFFERS, cell.state());
        assertEquals("**Warden differs** (1 of 3)", cell.text());
    }

    @Test
    void theDocumentHasHeaderMatrixDetailsAndHarnessList() {
        ResultsFile kazoo = new ResultsFile(KAZOO, NOW, List.of(
                invocation(KAZOO, RESTART, "zookeeper", Outcome.PASSED),
                invocation(KAZOO, RESTART, "warden", Outcome.FAILED)));
        ResultsFile codec = new ResultsFile("io.warden.compat.codec.JuteCrossCheckTest", NOW,
                List.of(plain("io.warden.compat.codec.JuteCrossCheckTest", "everyRecord", Outcome.PASSED)));
        String markdown = new MatrixGenerator(InstantSource.fixed(NOW)).generate(List.of(codec, kazoo), Optional.empty());

        assertTrue(markdown.startsWith("# Compatibility matrix\n"), markdown);
        assertTrue(markdown.contains("Generated 2025-01-02 03:04:05 UTC from 3 recorded results of 2 test classes"),
                markdown);
        String kazooRow = markdown.lines().filter(line -> line.startsWith("| Kazoo (Python) |")).findFirst().orElseThrow();
        List<String> cells = List.of(kazooRow.split(" \\| "));
        int watches = List.of(CompatFeature.values()).indexOf(CompatFeature.WATCHES) + 1;
        assertEquals("**Warden differs** (1 of 1)", cells.get(watches), kazooRow);
        assertEquals("not covered", cells.get(List.of(CompatFeature.values()).indexOf(CompatFeature.MULTI) + 1));
        assertTrue(markdown.contains("| `KazooTest." + RESTART + "` | watches, reconnect/restart | zookeeper: passed; "
                + "warden: failed — expected: &lt;0> but was: &lt;1> | mapping table |"), markdown);
        assertTrue(markdown.contains("| `io.warden.compat.codec.JuteCrossCheckTest` | 1 | 0 | 0 | harness |"), markdown);
    }

    @Test
    void tableCellsAreEscaped() {
        assertEquals("a \\| b 'c' &lt;d>", MatrixGenerator.escape("a | b `c` <d>"));
    }

    private static CellState state(TestResult... results) {
        return MatrixGenerator.cell(List.of(results).stream().map(r -> Mapping.place(r).orElseThrow()).toList()).state();
    }
}
