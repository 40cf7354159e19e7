package io.warden.compat.diff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Extended types on ({@code zookeeper.extendedTypesEnabled=true}): {@link TtlScenarios} on a real
 * ZooKeeper 3.9.5 started with it (forked, so no other in-process server sees the property) and on
 * Warden with {@code extendedTypesEnabled}; the normalized transcripts must be equal. Transcripts
 * go to {@code target/diff-transcripts/warden-vs-zookeeper-extended-types}.
 */
class ExtendedTypesDiffTest {
    private static final String SUITE = "warden-vs-zookeeper-extended-types";
    private static Target zookeeper;
    private static Target warden;

    @BeforeAll
    static void startServers() throws IOException {
        zookeeper = ZooKeeperTarget.startForked("zookeeper", Map.of("zookeeper.extendedTypesEnabled", "true"));
        warden = WardenTarget.start("warden", b -> b.extendedTypesEnabled(true));
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
    Stream<DynamicTest> wardenValidatesTtlNodesLikeZooKeeper() {
        return TtlScenarios.all().stream().map(scenario -> dynamicTest(scenario.name(), () -> {
            DiffRunner.Comparison comparison = DiffRunner.compare(scenario, zookeeper, warden);
            DiffRunner.writeReport(SUITE, comparison);
            ScenarioChecks.assertCleanReference(comparison.reference());
            assertTrue(comparison.same(), () -> "Warden differs from ZooKeeper:\n" + comparison.diff());
        }));
    }
}
