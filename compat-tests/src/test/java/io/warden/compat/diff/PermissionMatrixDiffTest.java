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
 * The permission matrix ({@link AclMatrixScenarios#matrix()}): every ACL-checked operation x
 * every ACL x unauthenticated / digest user / super user, on a real ZooKeeper 3.9.5 started with a
 * superDigest (forked: ZooKeeper reads it once per JVM) and on Warden with the same superDigest;
 * the normalized transcripts must be equal. Transcripts go to
 * {@code target/diff-transcripts/warden-vs-zookeeper-with-super-user}.
 */
class PermissionMatrixDiffTest {
    private static final String SUITE = "warden-vs-zookeeper-with-super-user";
    private static Target zookeeper;
    private static Target warden;

    @BeforeAll
    static void startServers() throws IOException {
        zookeeper = ZooKeeperTarget.startForked("zookeeper",
                Map.of("zookeeper.DigestAuthenticationProvider.superDigest", AclMatrixScenarios.superDigest()));
        warden = WardenTarget.start("warden", b -> b.superDigest(AclMatrixScenarios.superDigest()));
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
    Stream<DynamicTest> wardenChecksPermissionsLikeZooKeeper() {
        return AclMatrixScenarios.matrix().stream().map(scenario -> dynamicTest(scenario.name(), () -> {
            DiffRunner.Comparison comparison = DiffRunner.compare(scenario, zookeeper, warden);
            DiffRunner.writeReport(SUITE, comparison);
            ScenarioChecks.assertCleanReference(comparison.reference());
            assertTrue(comparison.same(), () -> "Warden differs from ZooKeeper:\n" + comparison.diff());
        }));
    }
}
