package io.warden.server.sequencer;

import io.warden.server.txn.StampedTxn;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where stamped transactions become durable before they are applied: the group-commit seam. The
 * apply thread calls {@link #append} once per batch with every transaction stamped in it and
 * applies them only once the returned future has completed normally; it may keep a few batches
 * in flight (planning batch N+1 while N is being made durable), but it executes them strictly in
 * the order it appended them. After it has applied a batch it reports it with {@link #applied},
 * which is where a log takes snapshots.
 *
 * <p>The standalone in-memory mode uses {@link #NONE}; the durable log is
 * {@code io.warden.server.raft.RaftTxnLog}. {@link #append} and {@link #applied} are called on
 * the apply thread only; the futures may complete on any thread.
 */
public interface TxnLog extends AutoCloseable {
    /**
     * Starts making {@code txns} durable, in order after every earlier append. The future
     * completes with the batch's position in the log once it is durable, or exceptionally if it
     * may not be (a failed write: the outcome is then unknown). Never blocks for the write.
     */
    CompletableFuture<LogPosition> append(List<StampedTxn> txns);

    /**
     * The apply thread has applied everything up to {@code position} (the last durable batch),
     * leaving {@code store} at zxid {@code store.lastZxid()}. Called between batches; must not
     * block for long (a snapshot is frozen here and written on another thread).
     */
    default void applied(LogPosition position, StateStore store) {
    }

    /** Stops the log (waits for a snapshot being written, bounded). */
    @Override
    default void close() {
    }

    /** No durability: state lives in memory only. */
    TxnLog NONE = txns -> CompletableFuture.completedFuture(LogPosition.NONE);
}
