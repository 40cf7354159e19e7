package io.warden.compat.diff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The differential suite: every scenario runs on real ZooKeeper 3.9.5 (the reference) and on
 * Warden, and the normalized transcripts must be equal. On a mismatch the failure shows a diff;
 * both transcripts are written under {@code target/diff-transcripts/warden-vs-zookeeper}.
 *
 * <p>One server of each kind serves every scenario in catalog order (the first reads the fresh
 * tree); {@link ZooKeeperSelfDiffTest} proves the same run on two ZooKeepers is equal.
 */
class WardenDiffTest {
    private static final String SUITE = "warden-vs-zookeeper";
    private static Target zookeeper;
    private static Target warden;

    @BeforeAll
    static void startServers() throws IOException {
        zookeeper = ZooKeeperTarget.start("zookeeper");
        warden = WardenTarget.start("warden");
    }

    @AfterAll
    static void stopServers() throws IOException {
        try {
            if (zookeeper != null) {
                zookeeper.close();
            }
        } finally {
            if (warden != null) {
                warden.close();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> wardenAnswersLikeZooKeeper() {
        return Scenarios.all().stream().map(scenario -> dynamicTest(scenario.name(), () -> {
            DiffRunner.Comparison comparison = DiffRunner.compare(scenario, zookeeper, warden);
            DiffRunner.writeReport(SUITE, comparison);
            ScenarioChecks.assertCleanReference(comparison.reference());
            assertTrue(comparison.same(), () -> "Warden differs from ZooKeeper:\n" + comparison.diff());
        }));
    }
}
