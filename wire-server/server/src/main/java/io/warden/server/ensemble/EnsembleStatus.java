package io.warden.server.ensemble;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The live source of {@link EnsembleView}s: the ensemble node of a replicated server, or
 * {@link #STANDALONE}. Thread-safe: {@link #view()} is called from any thread and must not block
 * for long.
 */
@FunctionalInterface
public interface EnsembleStatus {
    /** The current view. */
    EnsembleView view();

    /** A standalone server: always {@link EnsembleView#STANDALONE}. */
    EnsembleStatus STANDALONE = () -> EnsembleView.STANDALONE;

    /**
     * A group of one ({@code standaloneEnabled=false}, one participant line): always the serving
     * leader of a one-vote quorum with no learners, as ZooKeeper's group of one reports itself
     * ({@code Mode: leader}); its leader uptime counts from this call on {@code clock}.
     */
    static EnsembleStatus groupOfOne(EnsembleConfig ensemble, InstantSource clock) {
        Objects.requireNonNull(clock, "clock");
        long myId = ensemble.myId();
        List<EnsembleMember> members = ensemble.members();
        long version = ensemble.version();
        long since = clock.millis();
        return () -> new EnsembleView("leader", myId, myId, 1, List.of(), 0, 0, 0, 0, members, version, true,
                Math.max(0, clock.millis() - since));
    }
}
