package io.warden.server.sequencer;

import io.warden.server.session.SessionTracker.SessionEntry;
import io.warden.server.state.StateStats;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server state as seen by the apply thread between two batches, for the four-letter words. The
 * optional parts are filled only when asked for ({@link Detail}) and are bounded. Immutable.
 *
 * @param lastZxid the last applied zxid
 * @param stats the state machine's counters
 * @param sessions live sessions with their expiry (ticker time), bounded
 * @param ephemerals each session's ephemeral paths ({@link Detail#EPHEMERALS})
 * @param watchesBySession data-watch paths per session ({@link Detail#WATCHES_BY_SESSION})
 * @param watchersByPath watching sessions per data-watch path ({@link Detail#WATCHES_BY_PATH})
 * @param tickerNanos the ticker reading when the snapshot was taken
 */
public record StateSnapshot(long lastZxid, StateStats stats, List<SessionEntry> sessions,
        Map<Long, List<String>> ephemerals, Map<Long, List<String>> watchesBySession,
        Map<String, List<Long>> watchersByPath, long tickerNanos) {

    /** Optional, costlier parts of a snapshot. */
    public enum Detail { EPHEMERALS, WATCHES_BY_SESSION, WATCHES_BY_PATH }

    /** No optional detail. */
    public static final Set<Detail> BASIC = Set.of();

    public StateSnapshot {
        sessions = List.copyOf(sessions);
        ephemerals = Map.copyOf(ephemerals);
        watchesBySession = Map.copyOf(watchesBySession);
        watchersByPath = Map.copyOf(watchersByPath);
    }
}
