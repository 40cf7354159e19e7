package io.warden.compat.diff;

import io.warden.compat.harness.Target;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code zookeeper.skipACL=yes}: {@link AclMatrixScenarios#skipAcl()} on a real ZooKeeper 3.9.5
 * started with it (forked: read once per JVM) and on Warden with {@code skipAcl}; the normalized
 * transcripts must be equal. Transcripts go to
 * {@code target/diff-transcripts/warden-vs-zookeeper-skipping-acls}.
 */
class SkipAclDiffTest {
    private static final String SUITE = "warden-vs-zookeeper-skipping-acls";
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        servers = ServerPair.start(Target.Settings.defaults().withSkipAcl(true));
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> wardenSkipsAclsLikeZooKeeper() {
        return servers.compareAll(SUITE, AclMatrixScenarios.skipAcl());
    }
}
