package io.warden.compat.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.crash.ServerUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CasWorkload} (4 official-client sessions, 15 s, 2 min under {@code -Psoak}) against one
 * standalone server in a child JVM that is SIGKILLed and restarted on the same data directory and
 * port every 4 s; the history must be linearizable and non-trivial (CAS successes, reads, at least
 * one fault). The history is written to {@code history.tsv} in the test's directory, which is
 * kept when the test fails ({@link HistoryFile#read} loads it for offline checking). The seed is
 * printed; {@code -Dwarden.linearizability.seed=SEED} replays the clients'
 * choices (thread timing still differs).
 */
abstract class AbstractLinearizabilityTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    /** The server to run and kill. */
    abstract ServerUnderTest server();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void casWorkloadUnderSigkillIsLinearizable() throws Exception {
        boolean soak = Boolean.getBoolean("warden.soak");
        Long configured = Long.getLong("warden.linearizability.seed");
        long seed = configured != null ? configured : ThreadLocalRandom.current().nextLong();
        CasWorkload.Settings settings = CasWorkload.Settings.of(4,
                soak ? Duration.ofMinutes(2) : Duration.ofSeconds(15), seed);
        ServerUnderTest server = server();
        System.out.println("linearizability on " + server.name() + ": seed " + seed
                + " (rerun with -Dwarden.linearizability.seed=" + seed + ")");
        CasWorkload.Report report = SigkillRun.run(server, workDir, settings);
        HistoryFile.write(report.history(), workDir.resolve("history.tsv")); // kept if the test fails
        LinearizabilityChecker.Result result = LinearizabilityChecker.check(report.history());
        System.out.println(server.name() + ": " + report.describe());
        System.out.println(server.name() + ": checker " + result.verdict() + " in "
                + result.elapsed().toMillis() + " ms (" + result.opsChecked() + " ops checked, "
                + result.steps() + " steps, " + result.cacheEntries() + " cached)");
        assertEquals(List.of(), report.faultErrors(), report::describe);
        assertTrue(report.faults() >= 1, report::describe);
        assertTrue(report.ok(Op.Call.Cas.class) >= 20, report::describe);
        assertTrue(report.ok(Op.Call.Read.class) + report.ok(Op.Call.SyncRead.class) >= 20,
                report::describe);
        assertEquals(LinearizabilityChecker.Verdict.LINEARIZABLE, result.verdict(),
                () -> "seed " + seed + ", " + report.describe() + "\n" + result);
    }
}
