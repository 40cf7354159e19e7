/**
 * Durable state on disk: snapshots of the replicated state
 * ({@link io.warden.server.persist.SnapshotStore}: versioned, block-checksummed files written from
 * a copy-on-write {@link io.warden.server.state.FrozenState}, temp file + fsync + atomic rename,
 * retention, loading the newest valid one), the plain {@link io.warden.server.persist.TxnBatchFile}
 * of encoded txn batches, and the {@code inspect} command that prints either.
 *
 * <p>Depends on {@code io.warden.protocol} (codec), {@code state} and {@code txn}; never on the
 * network, the sequencer or Apache Ratis (which will drive {@code SnapshotStore} from its state
 * machine). Classes are stateless, thread-confined or thread-safe as their javadoc says; none
 * runs on the apply thread except {@code StateMachine.freeze()}, which the caller invokes there.
 */
package io.warden.server.persist;
