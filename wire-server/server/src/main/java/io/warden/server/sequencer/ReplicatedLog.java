package io.warden.server.sequencer;

import io.warden.server.txn.StampedTxn;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A log shared by an ensemble: besides taking this server's batches ({@link #append}, whose future
 * only ever completes exceptionally, when the outcome of the batch is unknown), it delivers every
 * committed entry, this server's and the others', in log order ({@link #poll}). The apply thread
 * applies each delivered entry and then calls {@link Committed#applied}, which is what lets the
 * log's applied index advance, so it never runs ahead of the state.
 *
 * <p>Entries carry provisional zxids and times: the apply thread re-stamps them (dense zxids in
 * log order, the leader's time), the same way on every replica.
 *
 * <p>{@link #append}, {@link #poll} and {@link #applied} are called on the apply thread; the
 * other methods from any thread. {@link #readIndex} orders a sync (and, opted in, every read)
 * without a log entry.
 */
public interface ReplicatedLog extends TxnLog {
    /** This server's id (myid). */
    long myId();

    /** This run of the server: tells its entries from those an earlier run appended. */
    long incarnation();

    /**
     * The next committed entry in log order, or null if none is waiting. Each append is numbered
     * (from 1, in append order) and comes back here with that number once committed, unless it
     * failed; an entry of a failed append may still come back later (outcome unknown).
     */
    Committed poll();

    /** Runs {@code wakeup} (on a log thread, must not block) whenever an entry becomes available. */
    void onCommitted(Runnable wakeup);

    /**
     * Whether this server is the leader and may expire sessions. Changes from false to true bump
     * {@link #leaderTerm()}.
     */
    boolean isLeader();

    /** A number that changes each time this server becomes leader. */
    long leaderTerm();

    /**
     * Whether this server should serve clients: false after it has had no leader contact for a
     * while (a partitioned minority), so that its clients move to the majority.
     */
    boolean serving();

    /**
     * A ReadIndex (Raft thesis 6.4): completes with a log index at or above every entry committed
     * before this call, once the log knows this member's applied index could reach it (Ratis has
     * heard from a majority that the leader still leads). The apply thread answers the reads
     * ordered behind it (a sync, a linearizable read) once it has applied every entry up to that
     * index. Completes exceptionally when that cannot be established (no leader, timeout): the
     * reads are then not answered. Appends nothing to the log. Any thread.
     */
    CompletableFuture<Long> readIndex();

    /**
     * The log index of the last entry applied on the apply thread (its {@link Committed#applied}
     * ran), or of the snapshot the state was loaded from. Apply thread.
     */
    long appliedIndex();

    /**
     * One committed entry. Immutable.
     *
     * @param position its term and index in the log
     * @param originId the myid of the server that appended it
     * @param incarnation that server's run
     * @param originSeq its number among that run's appends
     * @param timeMs the leader's time for its transactions
     * @param txns its transactions, provisionally stamped
     * @param applied to run once it is applied (advances the log's applied index)
     */
    record Committed(LogPosition position, long originId, long incarnation, long originSeq, long timeMs,
            List<StampedTxn> txns, Runnable applied) {
        public Committed {
            txns = List.copyOf(txns);
        }
    }
}
