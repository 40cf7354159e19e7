package io.warden.server.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The live sessions as replicated state: added by CreateSessionTxn, removed by CloseSessionTxn.
 * Liveness (last activity, expiry buckets) is not here: it is local to the server that tracks
 * the session and is never replicated.
 *
 * <p>Thread-confined to the apply thread.
 */
final class SessionTable {
    private final HashMap<Long, SessionInfo> sessions = new HashMap<>();

    void put(SessionInfo session) {
        sessions.put(session.sessionId(), session);
    }

    SessionInfo get(long sessionId) {
        return sessions.get(sessionId);
    }

    boolean contains(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    SessionInfo remove(long sessionId) {
        return sessions.remove(sessionId);
    }

    int size() {
        return sessions.size();
    }

    List<SessionInfo> all() {
        return new ArrayList<>(sessions.values());
    }
}
