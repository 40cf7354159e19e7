package io.warden.compat.linearizability;

import io.warden.compat.crash.ForkedServers;
import io.warden.compat.crash.ServerUnderTest;

/**
 * The reference: real ZooKeeper 3.9.5 standalone ({@code forceSync=yes}) under {@link CasWorkload}
 * with SIGKILL + restart. If this fails, the workload or the checker is wrong, not the server.
 */
class ZooKeeperLinearizabilityTest extends AbstractLinearizabilityTest {
    @Override
    ServerUnderTest server() {
        return ForkedServers.realZooKeeper();
    }
}
