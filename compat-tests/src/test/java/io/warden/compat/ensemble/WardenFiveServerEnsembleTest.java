package io.warden.compat.ensemble;

import io.warden.compat.harness.ForkedEnsemble;
import java.io.IOException;

/**
 * {@link AbstractFiveServerEnsembleTest} on five Warden servers ({@code java -jar
 * warden-server.jar zoo.cfg}, the same zoo.cfg as the ZooKeeper reference
 * {@link ZooKeeperFiveServerEnsembleTest}).
 */
class WardenFiveServerEnsembleTest extends AbstractFiveServerEnsembleTest {
    @Override
    ForkedEnsemble startEnsemble() throws IOException {
        return ForkedEnsemble.builder(ForkedEnsemble.Kind.WARDEN).size(5).heapMb(320).start();
    }
}
