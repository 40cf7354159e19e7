package io.warden.server.txn;

import io.warden.protocol.data.Bytes;

/**
 * Creates the session {@code TxnHeader.sessionId} with its negotiated timeout and its 16-byte
 * password (both chosen by the stamper, never at apply). Immutable.
 */
public record CreateSessionTxn(int timeoutMs, Bytes password) implements Txn {
}
