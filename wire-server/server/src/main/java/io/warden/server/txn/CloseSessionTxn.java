package io.warden.server.txn;

/**
 * Ends session {@code TxnHeader.sessionId} (closeSession or expiry): its ephemerals are deleted
 * and their watches fire. Applying it for an unknown session is a no-op. Immutable.
 *
 * @param decidedAtZxid for an expiry, the last zxid stamped when the expiry was decided; apply
 *     skips the close (the session lives on) if a {@link TouchSessionsTxn} stamped after that zxid
 *     touched the session. {@link #EXPLICIT} (-1) for a client's closeSession, which is never
 *     skipped.
 */
public record CloseSessionTxn(long decidedAtZxid) implements Txn {
    /** The {@code decidedAtZxid} of a client's own closeSession. */
    public static final long EXPLICIT = -1;

    public CloseSessionTxn {
        if (decidedAtZxid < EXPLICIT) {
            throw new IllegalArgumentException("decidedAtZxid must be -1 or a zxid: " + decidedAtZxid);
        }
    }

    /** A client's closeSession. */
    public CloseSessionTxn() {
        this(EXPLICIT);
    }

    /** Whether this close is an expiry (re-checked at apply) rather than a client's closeSession. */
    public boolean isExpiry() {
        return decidedAtZxid != EXPLICIT;
    }
}
