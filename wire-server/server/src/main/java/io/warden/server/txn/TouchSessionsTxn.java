package io.warden.server.txn;

import java.util.List;

/**
 * Session liveness as a replicated fact: the sessions that had traffic (requests, pings,
 * re-attaches) on the server since its previous touch. One per {@code tickTime / 2} at most,
 * whatever the number of clients, and at most {@link #MAX_SESSIONS} sessions each (the rest wait
 * for the next one).
 *
 * <p>Unlike every other transaction it consumes no zxid (idle clients' pings must not move the
 * zxid, as with ZooKeeper): its header carries {@code sessionId} 0, {@code cxid} 0 and the zxid of
 * the last transaction stamped before it. Apply records that zxid as each listed live session's
 * last-touched zxid (unknown sessions are ignored); an expiry close decided at a lower zxid is
 * then skipped ({@link CloseSessionTxn#decidedAtZxid}).
 *
 * <p>A <em>claim</em> ({@code claim} true) is logged by a server that a session (re-)attached to:
 * besides the touch, apply records the entry's origin server as the owner of each listed session;
 * a later write of that session whose entry comes from another server fails with SESSIONMOVED
 * (ZooKeeper moves a session's owner when it re-attaches to another server). Immutable.
 */
public record TouchSessionsTxn(List<Long> sessionIds, boolean claim) implements Txn {
    /** Sessions per touch transaction. */
    public static final int MAX_SESSIONS = 8192;

    public TouchSessionsTxn {
        sessionIds = List.copyOf(sessionIds);
        if (sessionIds.isEmpty() || sessionIds.size() > MAX_SESSIONS) {
            throw new IllegalArgumentException("a touch carries 1.." + MAX_SESSIONS + " sessions, not "
                    + sessionIds.size());
        }
    }

    /** A liveness touch (no claim). */
    public TouchSessionsTxn(List<Long> sessionIds) {
        this(sessionIds, false);
    }
}
