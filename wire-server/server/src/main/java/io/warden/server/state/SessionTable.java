package io.warden.server.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The live sessions as replicated state: added by CreateSessionTxn, removed by CloseSessionTxn.
 * Liveness deadlines (expiry buckets) are not here: they are local to the server that tracks
 * the session. What is replicated is each session's last-touched zxid, set by every
 * TouchSessionsTxn naming it (0 until the first), so that an expiry decided before a
 * touch is skipped at apply, on every replica alike. It is not in snapshots: an expiry is
 * decided at a zxid at least that of every entry before it in the log, so only touches after the
 * snapshot (replayed from the log) can ever be after it. Each session's owner
 * ({@link SessionInfo#ownerId}, set by its createSession and by claims) is part of the
 * {@link SessionInfo}, so it is in snapshots.
 *
 * <p>Thread-confined to the apply thread.
 */
final class SessionTable {
    private final HashMap<Long, SessionInfo> sessions = new HashMap<>();
    /** Last-touched zxid per live session (absent: 0); bounded by the sessions. */
    private final HashMap<Long, Long> touchedZxid = new HashMap<>();

    void put(SessionInfo session) {
        sessions.put(session.sessionId(), session);
    }

    /** Records {@code zxid} as the last-touched zxid of each listed live session (others ignored). */
    void touch(List<Long> sessionIds, long zxid) {
        for (long id : sessionIds) {
            if (sessions.containsKey(id)) {
                touchedZxid.merge(id, zxid, Math::max);
            }
        }
    }

    /** Records {@code originId} (a server id, 0 = none) as the owner of each listed live session. */
    void claim(List<Long> sessionIds, long originId) {
        if (originId == 0) {
            return;
        }
        for (long id : sessionIds) {
            SessionInfo session = sessions.get(id);
            if (session != null) {
                sessions.put(id, session.withOwner(originId));
            }
        }
    }

    /**
     * Whether the session has a known owner other than {@code originId} (a server id; 0 = no
     * origin, never moved).
     */
    boolean movedFrom(long sessionId, long originId) {
        SessionInfo session = sessions.get(sessionId);
        return originId != 0 && session != null && session.ownerId() != 0 && session.ownerId() != originId;
    }

    /** The session's last-touched zxid; 0 if no touch named it. */
    long lastTouchedZxid(long sessionId) {
        Long zxid = touchedZxid.get(sessionId);
        return zxid == null ? 0 : zxid;
    }

    SessionInfo get(long sessionId) {
        return sessions.get(sessionId);
    }

    boolean contains(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    SessionInfo remove(long sessionId) {
        touchedZxid.remove(sessionId);
        return sessions.remove(sessionId);
    }

    int size() {
        return sessions.size();
    }

    List<SessionInfo> all() {
        return new ArrayList<>(sessions.values());
    }
}
