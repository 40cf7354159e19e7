/**
 * The durable log: of a standalone server, a 1-peer Apache Ratis group (gRPC transport) whose
 * log entries each carry one sequencer batch ({@link io.warden.server.raft.LogPayload}), plus
 * snapshots and recovery. {@link io.warden.server.raft.RaftTxnLog} is the
 * {@link io.warden.server.sequencer.TxnLog} the apply thread writes through;
 * {@link io.warden.server.raft.WardenRaftStateMachine} is what Ratis calls (it replays the log
 * into the state machine at start-up and only records positions afterwards, because the apply
 * thread applies live batches itself); {@link io.warden.server.raft.RaftLogFiles} reads a log
 * directory for {@code inspect log}.
 *
 * <p>Of an ensemble member (more than one server line): {@link io.warden.server.raft.EnsembleLog},
 * one peer of the ensemble's Ratis group plus a RaftClient for forwarding, a
 * {@link io.warden.server.sequencer.ReplicatedLog} that hands every committed entry (payload v2:
 * origin, incarnation, originSeq, leader time, batch) to the apply thread in log order;
 * {@link io.warden.server.raft.EnsembleStateMachine} is what Ratis calls there (the leader stamps
 * its time; the applied index advances only after the apply thread applied an entry).
 *
 * <p>{@link io.warden.server.raft.EnsembleSeed} grows a standalone server into an ensemble: it seals
 * the standalone's data as one seed snapshot ({@code --seal-for-ensemble}), refuses to start a
 * member on unsealed standalone data, and checks each member's data against the group's genesis
 * entry (docs/ensemble-design.md section 11).
 *
 * <p>Depends on Ratis, {@code persist}, {@code state}, {@code txn} and {@code sequencer}. Threads:
 * Ratis's own (the state machine updater, log worker, gRPC), one snapshot writer thread, and the
 * apply thread, which calls {@code append} and {@code applied}; each class states its rule.
 */
package io.warden.server.raft;
