package io.warden.compat.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker can fail: real ZooKeeper whose data directory is wiped before each restart (a
 * server without durability) must be reported for lost acknowledged writes, lost sessions and
 * ephemerals, and a zxid that went backwards, after the first cycle.
 */
class CrashCheckerSelfTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void reportsLostWritesOfAServerWithoutDurability() throws Exception {
        // Sessions cannot come back (the server refuses clients that saw a higher zxid): waiting
        // 5 s instead of 25 s for them keeps this test short and changes no verdict.
        CrashChecker.Settings settings = CrashChecker.Settings.fromSystemProperties(3)
                .withReconnectTimeout(Duration.ofSeconds(5));
        CrashReport report = new CrashChecker(ForkedServers.forgetful(ForkedServers.realZooKeeper()),
                settings).run(workDir);
        assertEquals(1, report.cycles().size(), "the run stops after the first cycle with violations:\n"
                + report.describe());
        assertTrue(report.kinds().containsAll(EnumSet.of(Violation.Kind.LOST_WRITE,
                Violation.Kind.SESSION_LOST, Violation.Kind.LOST_EPHEMERAL, Violation.Kind.ZXID_BACKWARDS)),
                report::describe);
        long acked = report.cycles().get(0).ackedWrites();
        assertTrue(report.violationCount() >= report.cycles().get(0).verifiedNodes() / 2,
                "most of the " + acked + " acknowledged writes are reported lost:\n" + report.describe());
    }
}
