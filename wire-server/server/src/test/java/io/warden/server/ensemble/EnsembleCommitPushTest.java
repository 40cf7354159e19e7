package io.warden.server.ensemble;

import static io.warden.server.testing.InJvmEnsemble.create;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.server.testing.InJvmEnsemble;
import io.warden.server.testing.RawClient;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower learns a new commit index at once ({@code raft.PromptCommitGrpc}), not with the next
 * heartbeat: sequential writes through a follower, each answered only after the follower applied
 * it, on an otherwise idle ensemble (a 30 s tick, so no session touches carry the commit index
 * along; Ratis heartbeats every 400 ms with the fixture's 800 ms election timeout). Without the
 * push each write waits for a heartbeat (40 writes take at least ~16 s); with it they take
 * milliseconds each, so 12 s is generous on a loaded machine.
 */
class EnsembleCommitPushTest {
    private static final int WRITES = 40;
    private static final long BOUND_MS = 12_000;

    @TempDir
    Path dir;

    private InJvmEnsemble ensemble;

    @AfterEach
    void closeAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void sequentialWritesThroughAFollowerDoNotWaitForHeartbeats() throws Exception {
        ensemble = InJvmEnsemble.builder(dir).members(3).extraCfg("tickTime=30000\n")
                .minSessionTimeoutMs(60_000).maxSessionTimeoutMs(120_000).start();
        int follower = ensemble.follower(ensemble.leader(), -1);
        try (RawClient c = ensemble.session(follower)) {
            assertEquals(0, create(c, "/warm", "x", 0).header().err());
            CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < WRITES; i++) {
                        assertEquals(0, create(c, "/w" + i, "x", 0).header().err());
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writes.get(BOUND_MS, TimeUnit.MILLISECONDS);
        }
    }
}
