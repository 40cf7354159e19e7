package io.warden.compat.diff;

import io.warden.compat.harness.Target;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hard quotas: {@link QuotaScenarios#enforced()} on a real ZooKeeper 3.9.5 started with
 * {@code zookeeper.enforceQuota=true} (forked: ZooKeeper reads the property once per JVM) and on
 * Warden with {@code enforceQuota}; the normalized transcripts must be equal. Transcripts go to
 * {@code target/diff-transcripts/warden-vs-zookeeper-enforcing-quotas}.
 */
class QuotaEnforcedDiffTest {
    private static final String SUITE = "warden-vs-zookeeper-enforcing-quotas";
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        servers = ServerPair.start(Target.Settings.defaults().withEnforceQuota(true));
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> wardenEnforcesQuotasLikeZooKeeper() {
        return servers.compareAll(SUITE, QuotaScenarios.enforced());
    }
}
