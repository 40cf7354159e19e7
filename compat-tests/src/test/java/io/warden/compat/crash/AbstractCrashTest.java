package io.warden.compat.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test against one {@link ServerUnderTest}: {@link CrashChecker} with 10 SIGKILL/restart
 * cycles (50 under {@code -Psoak}); every acknowledged write must survive. The seed is printed
 * (surefire report output); rerun one with {@code -Dwarden.crash.seed=SEED}.
 */
abstract class AbstractCrashTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** The server to kill. */
    abstract ServerUnderTest server();

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void acknowledgedWritesSurviveSigkill() throws Exception {
        CrashChecker.Settings settings = CrashChecker.Settings.fromSystemProperties(0);
        CrashReport report = new CrashChecker(server(), settings).run(workDir);
        assertTrue(report.violations().isEmpty(), report::describe);
        assertEquals(settings.cycles(), report.cycles().size(), report::describe);
        assertTrue(report.cycles().stream().allMatch(c -> c.ackedWrites() >= settings.minAcksBeforeKill()),
                report::describe);
    }
}
