package io.warden.server.state;

import io.warden.protocol.data.Bytes;

/**
 * A live session as recorded in replicated state. {@code ownerId}: the ensemble member (myid) its
 * createSession or last re-attach came through, 0 if none (standalone; a session restored from a
 * snapshot of format version 1 or 2). Immutable.
 */
public record SessionInfo(long sessionId, int timeoutMs, Bytes password, long ownerId) {
    /** A session without owner. */
    public SessionInfo(long sessionId, int timeoutMs, Bytes password) {
        this(sessionId, timeoutMs, password, 0);
    }

    /** This session owned by {@code id}. */
    public SessionInfo withOwner(long id) {
        return new SessionInfo(sessionId, timeoutMs, password, id);
    }
}
