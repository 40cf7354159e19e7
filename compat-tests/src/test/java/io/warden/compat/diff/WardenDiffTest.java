package io.warden.compat.diff;

import io.warden.compat.harness.Target;
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
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        servers = ServerPair.start(Target.Settings.defaults());
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> wardenAnswersLikeZooKeeper() {
        return servers.compareAll(SUITE, Scenarios.all());
    }
}
