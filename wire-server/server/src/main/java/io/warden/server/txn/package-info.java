/**
 * Transactions as the state machine applies them: the {@link io.warden.server.txn.TxnHeader}
 * stamp (session, cxid, zxid, wall time: every nondeterministic input, fixed once by the
 * sequencer) and the sealed {@link io.warden.server.txn.Txn} family (create session, close
 * session or expiry, client write with the caller's identities, and the batched session touch,
 * which consumes no zxid), {@link io.warden.server.txn.TxnBatch}
 * (the stamped txns of one log entry) and {@link io.warden.server.txn.TxnCodec} (their
 * versioned, checksummed log encoding). Depends only on {@code io.warden.protocol} and netty
 * buffers. Every type is an immutable record or stateless.
 */
package io.warden.server.txn;
