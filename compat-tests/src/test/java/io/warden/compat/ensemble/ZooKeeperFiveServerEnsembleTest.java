package io.warden.compat.ensemble;

import io.warden.compat.harness.ForkedEnsemble;
import java.io.IOException;

/**
 * {@link AbstractFiveServerEnsembleTest} on five real Apache ZooKeeper 3.9.5 quorum peers, the
 * reference for the Warden run ({@link WardenFiveServerEnsembleTest}).
 */
class ZooKeeperFiveServerEnsembleTest extends AbstractFiveServerEnsembleTest {
    @Override
    ForkedEnsemble startEnsemble() throws IOException {
        return ForkedEnsemble.builder(ForkedEnsemble.Kind.ZOOKEEPER).size(5).start();
    }
}
