package io.warden.compat.diff;

import io.warden.compat.harness.Target;
import java.io.IOException;
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
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        servers = ServerPair.start(Target.Settings.defaults().withExtendedTypes(true));
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (servers != null) {
            servers.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> wardenValidatesTtlNodesLikeZooKeeper() {
        return servers.compareAll(SUITE, TtlScenarios.all());
    }
}
