package io.warden.server.txn;

/**
 * Ends session {@code TxnHeader.sessionId} (closeSession or expiry): its ephemerals are deleted
 * and their watches fire. Applying it for an unknown session is a no-op. Immutable.
 */
public record CloseSessionTxn() implements Txn {
}
