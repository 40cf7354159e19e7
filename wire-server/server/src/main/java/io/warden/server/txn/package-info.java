/**
 * Transactions as the state machine applies them: the {@link io.warden.server.txn.TxnHeader}
 * stamp (session, cxid, zxid, wall time: every nondeterministic input, fixed once by the
 * sequencer) and the sealed {@link io.warden.server.txn.Txn} family (create session, close
 * session, client write with the caller's identities). Depends only on
 * {@code io.warden.protocol}. Every type is an immutable record.
 */
package io.warden.server.txn;
