/**
 * The apply thread and the boundary a durable log or an ensemble plugs into:
 * {@link io.warden.server.sequencer.Sequencer} (one thread, bounded queue, group-commit batches:
 * plan and stamp, {@link io.warden.server.sequencer.TxnLog#append}, apply in order, flush each
 * connection once), {@link io.warden.server.sequencer.Stamper} (zxid, time, session ids and
 * passwords: every nondeterministic input, fixed once) and
 * {@link io.warden.server.sequencer.ClientLink} (what the apply thread needs from a connection).
 * In an ensemble the log is a {@link io.warden.server.sequencer.ReplicatedLog}: the apply thread
 * applies every committed entry in log order (its own batches' steps, other members' transactions
 * with their local effects: watches, session tracking), re-stamping zxids and times at apply
 * ({@link io.warden.server.sequencer.RestampingStore}) so every replica agrees; stamps made while
 * planning are provisional there. A sync (and, opted in, every read) waits for a ReadIndex
 * ({@link io.warden.server.sequencer.ReplicatedLog#readIndex}) instead of a log entry.
 * Depends on the protocol, {@code state}, {@code txn}, {@code watch} and {@code session}; never on
 * netty. Everything except {@code Sequencer.submit} is confined to the apply thread.
 */
package io.warden.server.sequencer;
