package io.warden.compat.diff;

/**
 * Stops a scenario whose next step cannot run: an expected reply did not come, or the
 * connection closed under it. What was seen is already in the transcript; the runner adds an
 * {@link Transcript.Aborted} entry with this message and still compares transcripts.
 *
 * <p>Immutable.
 */
final class ScenarioAbort extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScenarioAbort(String message) {
        super(message);
    }
}
