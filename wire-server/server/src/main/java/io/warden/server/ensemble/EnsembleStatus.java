package io.warden.server.ensemble;

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
}
