package io.warden.compat.linearizability;

import io.warden.compat.crash.ForkedServers;
import io.warden.compat.crash.ServerUnderTest;

/** The shaded Warden jar, standalone, under {@link CasWorkload} with SIGKILL + restart. */
class WardenLinearizabilityTest extends AbstractLinearizabilityTest {
    @Override
    ServerUnderTest server() {
        return ForkedServers.wardenJar();
    }
}
