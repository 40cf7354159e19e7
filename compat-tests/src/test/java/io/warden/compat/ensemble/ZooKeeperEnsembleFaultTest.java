package io.warden.compat.ensemble;

import io.warden.compat.harness.ForkedEnsemble;
import java.io.IOException;

/**
 * {@link AbstractEnsembleFaultTest} on three real Apache ZooKeeper 3.9.5 quorum peers
 * ({@code QuorumPeerMain}), the reference the Warden ensemble is held to.
 */
class ZooKeeperEnsembleFaultTest extends AbstractEnsembleFaultTest {
    @Override
    ForkedEnsemble startEnsemble() throws IOException {
        return ForkedEnsemble.builder(ForkedEnsemble.Kind.ZOOKEEPER).size(3).start();
    }
}
