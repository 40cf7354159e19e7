package io.warden.compat.crash;

/**
 * The shaded Warden server jar ({@code java -jar warden-server.jar zoo.cfg}, durable on its 1-peer
 * Ratis log) under the crash test. The in-memory server before durability failed it as it should:
 * every acknowledged write lost, zxid back to 0x1, sessions refused.
 */
class WardenCrashTest extends AbstractCrashTest {
    @Override
    ServerUnderTest server() {
        return ForkedServers.wardenJar();
    }
}
