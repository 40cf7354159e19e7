package io.warden.compat.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.crash.ForkedServers;
import io.warden.compat.crash.ServerUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (workload, classification, checker) must fail a server that loses
 * acknowledged writes: real ZooKeeper that wipes its data directory before every restart
 * ({@link ForkedServers#forgetful}). After the first SIGKILL + restart the znode is gone, so reads
 * answer NONODE after acknowledged writes: NOT_LINEARIZABLE, with the counterexample naming an
 * "absent" read.
 */
class ForgetfulServerLinearizabilityTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path workDir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void lostWritesAreNotLinearizable() throws Exception {
        long seed = ThreadLocalRandom.current().nextLong();
        CasWorkload.Settings settings = CasWorkload.Settings.of(3, Duration.ofSeconds(5), seed)
                .withFaultInterval(Duration.ofSeconds(2));
        ServerUnderTest server = ForkedServers.forgetful(ForkedServers.realZooKeeper());
        CasWorkload.Report report = SigkillRun.run(server, workDir, settings);
        LinearizabilityChecker.Result result = LinearizabilityChecker.check(report.history());
        System.out.println("forgetful server, seed " + seed + ": " + report.describe() + "\n" + result);
        assertTrue(report.faults() >= 1, report::describe);
        assertTrue(report.ok(Op.Call.Cas.class) + report.ok(Op.Call.Write.class) >= 5, report::describe);
        assertEquals(LinearizabilityChecker.Verdict.NOT_LINEARIZABLE, result.verdict(), result::toString);
        assertTrue(result.explanation().contains("absent"), result::toString);
    }
}
