package io.warden.compat.ensemble;

import io.warden.compat.harness.ForkedEnsemble;
import java.io.IOException;

/**
 * {@link AbstractEnsembleFaultTest} on three Warden servers, each {@code java -jar
 * warden-server.jar zoo.cfg} with the same server lines and {@code myid} as the ZooKeeper
 * reference ({@link ZooKeeperEnsembleFaultTest}).
 */
class WardenEnsembleFaultTest extends AbstractEnsembleFaultTest {
    @Override
    ForkedEnsemble startEnsemble() throws IOException {
        return ForkedEnsemble.builder(ForkedEnsemble.Kind.WARDEN).size(3).heapMb(384).start();
    }
}
