package io.warden.compat.linearizability;

import io.warden.compat.crash.ServerUnderTest;
import io.warden.compat.harness.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link CasWorkload} against one standalone server in a child JVM whose every fault is a
 * SIGKILL followed by a restart on the same data directory ({@code workDir/data}) and a free port
 * picked once; the last server is killed at the end. Shared by the linearizability tests.
 */
final class SigkillRun {
    private SigkillRun() {
    }

    /** The workload's report; the server is not running any more when this returns. */
    static CasWorkload.Report run(ServerUnderTest server, Path workDir, CasWorkload.Settings settings)
            throws Exception {
        int port = FreePorts.pick();
        Path dataDir = workDir.resolve("data");
        AtomicReference<ServerUnderTest.Running> running =
                new AtomicReference<>(server.start(workDir, dataDir, port));
        try {
            return CasWorkload.run(FreePorts.LOOPBACK_HOST + ":" + port, settings, () -> {
                try {
                    running.get().kill();
                    running.set(server.start(workDir, dataDir, port));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            ServerUnderTest.Running last = running.get();
            if (last.isAlive()) {
                last.kill();
            }
        }
    }
}
