package io.warden.compat.crash;

/**
 * The reference: real ZooKeeper 3.9.5 ({@code forceSync=yes}) survives the crash test. If this
 * fails, the checker is wrong, not the server.
 */
class ZooKeeperCrashTest extends AbstractCrashTest {
    @Override
    ServerUnderTest server() {
        return ForkedServers.realZooKeeper();
    }
}
