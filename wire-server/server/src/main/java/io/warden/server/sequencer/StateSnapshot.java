package io.warden.server.sequencer;

import io.warden.server.session.SessionTracker.SessionEntry;
import io.warden.server.state.StateStats;
import java.util.List;
import java.util.Map;

/**
 * Server state as seen by the apply thread between two batches, for the four-letter words.
 * Immutable.
 *
 * @param lastZxid the last applied zxid
 * @param stats the state machine's counters
 * @param sessions live sessions with their expiry (ticker time), bounded
 * @param ephemerals each session's ephemeral paths (only when asked for), bounded
 * @param tickerNanos the ticker reading when the snapshot was taken
 */
public record StateSnapshot(long lastZxid, StateStats stats, List<SessionEntry> sessions,
        Map<Long, List<String>> ephemerals, long tickerNanos) {
    public StateSnapshot {
        sessions = List.copyOf(sessions);
        ephemerals = Map.copyOf(ephemerals);
    }
}
