package io.warden.compat.diff;

import io.warden.compat.harness.Target;
import java.io.IOException;
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
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        servers = ServerPair.start(Target.Settings.defaults().withSuperDigest(AclMatrixScenarios.superDigest()));
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> wardenChecksPermissionsLikeZooKeeper() {
        return servers.compareAll(SUITE, AclMatrixScenarios.matrix());
    }
}
