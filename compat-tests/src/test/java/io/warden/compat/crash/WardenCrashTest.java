package io.warden.compat.crash;

import org.junit.jupiter.api.Disabled;

/**
 * The shaded Warden server jar ({@code java -jar warden-server.jar zoo.cfg}) under the crash test.
 * The in-memory server fails it as it should (every acknowledged write lost, zxid back to 0x1,
 * sessions refused); enabled once the durable server lands.
 */
@Disabled("waiting for durability, issue #5")
class WardenCrashTest extends AbstractCrashTest {
    @Override
    ServerUnderTest server() {
        return ForkedServers.wardenJar();
    }
}
