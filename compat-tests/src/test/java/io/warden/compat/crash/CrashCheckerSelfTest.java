package io.warden.compat.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker can fail, and says what failed: real ZooKeeper whose data directory is wiped before
 * a restart (a server without durability) is reported for lost writes, sessions and ephemerals and
 * a zxid that went backwards; real ZooKeeper that loses the tail of its log before the second
 * restart passes the first cycle and is reported for lost writes (never for corruption) after the
 * second.
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
                .withReconnectTimeout(Duration.ofSeconds(5)).withEarlyKillPercent(0);
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

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void reportsExactlyTheWritesLostFromTheLogTail() throws Exception {
        CrashChecker.Settings settings = CrashChecker.Settings.fromSystemProperties(3)
                .withReconnectTimeout(Duration.ofSeconds(5)).withEarlyKillPercent(0);
        CrashReport report = new CrashChecker(ForkedServers.zooKeeperLosingLogTail(), settings).run(workDir);
        assertEquals(2, report.cycles().size(), "the first restart is honest, the second loses the"
                + " newer half of the last cycle's log:\n" + report.describe());
        assertTrue(report.violations().stream().allMatch(v -> v.cycle() == 1),
                "nothing reported after the honest restart:\n" + report.describe());
        assertTrue(report.kinds().containsAll(EnumSet.of(Violation.Kind.LOST_WRITE,
                Violation.Kind.ZXID_BACKWARDS)), report::describe);
        // Whole records are gone, nothing is corrupted: the checker must not claim otherwise.
        Set<Violation.Kind> possible = EnumSet.of(Violation.Kind.LOST_WRITE, Violation.Kind.ZXID_BACKWARDS,
                Violation.Kind.SEQUENCE_BACKWARDS, Violation.Kind.SESSION_LOST, Violation.Kind.LOST_EPHEMERAL,
                Violation.Kind.RESURRECTED_EPHEMERAL);
        assertTrue(possible.containsAll(report.kinds()), report::describe);
    }
}
