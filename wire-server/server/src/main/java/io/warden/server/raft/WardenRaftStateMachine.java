package io.warden.server.raft;

import com.google.common.base.Ticker;
import io.warden.server.state.StateMachine;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TxnBatch;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * What Apache Ratis calls. Two modes:
 * <ul>
 * <li><b>Replay</b> (from start until {@link #goLive}): every committed entry after the loaded
 * snapshot is decoded and applied to the state machine here, on Ratis's state-machine updater
 * thread, with progress lines for long replays. Ratis replays the whole log tail before the
 * leader becomes ready, so {@link #ready()} completing means the state machine is caught up.
 * <li><b>Live</b>: the apply thread applies each batch itself once its append is acknowledged
 * (Ratis acknowledges an in-process write after this class has seen it, i.e. after it is
 * committed, which for one peer means fsynced), so here only the position is recorded and
 * returned as the reply: term and index, 16 bytes.
 * </ul>
 *
 * <p>The snapshot Ratis starts from is the one loaded before start ({@link #getLatestSnapshot});
 * {@link #takeSnapshot} (called by Ratis only when asked to, e.g. at stop) answers the index of
 * the oldest snapshot still kept, so that a purge Ratis does afterwards never removes log entries
 * that falling back to an older snapshot would need.
 *
 * <p>Thread-safe: Ratis calls it from its own threads; the state machine is touched only on the
 * updater thread during replay and handed over through {@link #ready()}.
 */
final class WardenRaftStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(WardenRaftStateMachine.class.getName());
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private final StateMachine state;
    private final SnapshotInfo loaded;
    private final LongSupplier purgeableIndex;
    private final Ticker ticker;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile boolean live;
    private volatile Throwable logFailure;
    private volatile java.util.function.Consumer<Throwable> onLogFailed = t -> { };
    private long replayedEntries;
    private long replayedTxns;
    private long nextProgressNanos;

    /**
     * @param state the state machine, as of the loaded snapshot (or fresh)
     * @param snapshot the Raft position the loaded snapshot covers, or null
     * @param purgeableIndex the index up to which the log may be purged (oldest kept snapshot)
     */
    WardenRaftStateMachine(StateMachine state, TermIndex snapshot, LongSupplier purgeableIndex, Ticker ticker) {
        this.state = state;
        this.purgeableIndex = purgeableIndex;
        this.ticker = ticker;
        this.loaded = snapshot == null ? null : new SnapshotInfo() {
            @Override
            public TermIndex getTermIndex() {
                return snapshot;
            }

            @Override
            public List<FileInfo> getFiles() {
                return List.of();
            }
        };
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot);
        }
        nextProgressNanos = ticker.read() + PROGRESS_EVERY_NANOS;
    }

    /** Completes once the log is replayed and this peer leads (or exceptionally if replay failed). */
    CompletableFuture<Void> ready() {
        return ready;
    }

    /** From now on entries are applied by the apply thread; call after {@link #ready()}. */
    void goLive() {
        live = true;
        LOG.log(System.Logger.Level.INFO, "replayed {0} log entries ({1} transactions); state at zxid 0x{2}",
                String.valueOf(replayedEntries), String.valueOf(replayedTxns), Long.toHexString(state.lastZxid()));
    }

    /** Called (on a Ratis thread) when Ratis reports the log failed. */
    void onLogFailed(java.util.function.Consumer<Throwable> action) {
        onLogFailed = action;
    }

    /** Why Ratis reported the log failed, or null. */
    Throwable logFailure() {
        return logFailure;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return loaded;
    }

    @Override
    public long takeSnapshot() {
        long index = purgeableIndex.getAsLong();
        return index > 0 ? index : RaftLog.INVALID_LOG_INDEX;
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        if (!live) {
            try {
                replay(entry);
            } catch (RuntimeException e) {
                IllegalStateException failure = new IllegalStateException("cannot replay log entry " + entry.getIndex()
                        + " (term " + entry.getTerm() + "): " + e.getMessage(), e);
                ready.completeExceptionally(failure);
                return CompletableFuture.failedFuture(failure);
            }
        }
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        ByteBuffer position = ByteBuffer.allocate(16).putLong(entry.getTerm()).putLong(entry.getIndex()).flip();
        return CompletableFuture.completedFuture(Message.valueOf(UnsafeByteOperations.unsafeWrap(position)));
    }

    private void replay(LogEntryProto entry) {
        TxnBatch batch = LogPayload.decode(entry.getStateMachineLogEntry().getLogData());
        for (StampedTxn t : batch.txns()) {
            // a touch consumes no zxid (it carries the previous one): always replayed, harmlessly
            // so if it is older than the state (it only ever raises a last-touched zxid)
            if (t.header().zxid() > state.lastZxid() || t.txn() instanceof io.warden.server.txn.TouchSessionsTxn) {
                state.apply(t.header(), t.txn());
                replayedTxns++;
            }
        }
        replayedEntries++;
        if (ticker.read() - nextProgressNanos >= 0) {
            nextProgressNanos = ticker.read() + PROGRESS_EVERY_NANOS;
            LOG.log(System.Logger.Level.INFO, "replaying the log: {0} entries ({1} transactions) so far, at index {2}"
                    + ", zxid 0x{3}", String.valueOf(replayedEntries), String.valueOf(replayedTxns),
                    String.valueOf(entry.getIndex()), Long.toHexString(state.lastZxid()));
        }
    }

    @Override
    public void notifyLeaderReady() {
        ready.complete(null);
    }

    @Override
    public void notifyLogFailed(Throwable cause, LogEntryProto failedEntry) {
        logFailure = cause;
        LOG.log(System.Logger.Level.ERROR, "the Ratis log failed"
                + (failedEntry == null ? "" : " at index " + failedEntry.getIndex()), cause);
        ready.completeExceptionally(cause);
        onLogFailed.accept(cause);
    }
}
