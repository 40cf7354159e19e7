package io.warden.server.txn;

/**
 * Stamp of one transaction, fixed once before it is logged: the session that issued it, the
 * client's xid ({@code cxid}), the zxid it consumes, and the leader's wall-clock time in ms.
 * Every nondeterministic input of apply lives here. Immutable.
 */
public record TxnHeader(long sessionId, int cxid, long zxid, long timeMs) {
}
