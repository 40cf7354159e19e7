package io.warden.server.raft;

import io.warden.server.sequencer.LogPosition;
import io.warden.server.sequencer.ReplicatedLog.Committed;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;

/**
 * What Apache Ratis calls on an ensemble member. Every committed entry (state-machine entries,
 * and the leader's no-op and configuration entries as empty ones) is queued, in log order, for the
 * apply thread; the future Ratis gets completes, and the applied index advances, only once the
 * apply thread has applied it. The leader stamps its time into each entry it starts
 * ({@link #startTransaction}), never going back in time. Leadership is tracked from
 * {@code notifyLeaderReady} / {@code notifyNotLeader} / {@code notifyLeaderChanged}.
 *
 * <p>Thread-safe: Ratis's threads and the apply thread (through {@link #poll}).
 */
final class EnsembleStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(EnsembleStateMachine.class.getName());

    private final SnapshotInfo loaded;
    private final BlockingQueue<Committed> waiting;
    private final InstantSource clock;
    private final AtomicLong lastStampedMs = new AtomicLong();
    private final AtomicLong leaderTerm = new AtomicLong();
    private volatile boolean leader;
    private volatile long leaderSinceMs;
    private volatile long lastProposalBytes;
    private volatile long minProposalBytes;
    private volatile long maxProposalBytes;
    private volatile boolean shutdown;
    private volatile Runnable wakeup = () -> { };
    /** Futures Ratis waits on, not yet completed by the apply thread (at most the waiting entries and the one being applied). */
    private final java.util.Set<CompletableFuture<Message>> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();

    EnsembleStateMachine(TermIndex snapshot, int maxWaiting, InstantSource clock) {
        this.waiting = new ArrayBlockingQueue<>(maxWaiting);
        this.clock = clock;
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
    }

    void onCommitted(Runnable action) {
        wakeup = action;
    }

    Committed poll() {
        return waiting.poll();
    }

    boolean isLeader() {
        return leader;
    }

    long leaderTerm() {
        return leaderTerm.get();
    }

    /** Wall time this server last became leader. */
    long leaderSinceMs() {
        return leaderSinceMs;
    }

    /** Sizes of the entries this server proposed as leader: last, min, max (0 if none). */
    synchronized long[] proposalBytes() {
        return new long[] {lastProposalBytes, minProposalBytes, maxProposalBytes};
    }

    /**
     * Stops waiting for the apply thread (closing): what it has not applied is released so that
     * Ratis's updater can stop (the applied index does not move: a restart applies it again).
     */
    void shutdown() {
        shutdown = true;
        waiting.clear();
        for (CompletableFuture<Message> f : outstanding) {
            f.complete(Message.EMPTY);
        }
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return loaded;
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) {
        long now = clock.millis();
        long stamp = lastStampedMs.accumulateAndGet(now, Math::max);
        long size = request.getMessage().getContent().size();
        synchronized (this) {
            lastProposalBytes = size;
            minProposalBytes = minProposalBytes == 0 ? size : Math.min(minProposalBytes, size);
            maxProposalBytes = Math.max(maxProposalBytes, size);
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(LogPayload.withLeaderTime(request.getMessage().getContent(), stamp))
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        LogPayload.Ensemble payload = LogPayload.decodeEnsemble(entry.getStateMachineLogEntry().getLogData());
        // a later leader never stamps below what was applied
        lastStampedMs.accumulateAndGet(payload.leaderTimeMs(), Math::max);
        return hand(entry.getTerm(), entry.getIndex(), payload.originId(), payload.incarnation(), payload.originSeq(),
                payload.leaderTimeMs(), payload.batch().txns());
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        // a no-op or configuration entry: applied in order behind the state-machine entries
        hand(term, index, 0, 0, 0, 0, List.of());
    }

    private CompletableFuture<Message> hand(long term, long index, long origin, long incarnation, long seq,
            long timeMs, List<io.warden.server.txn.StampedTxn> txns) {
        CompletableFuture<Message> done = new CompletableFuture<>();
        if (shutdown) {
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        outstanding.add(done);
        done.whenComplete((m, t) -> outstanding.remove(done));
        Committed c = new Committed(new LogPosition(term, index), origin, incarnation, seq, timeMs, txns, () -> {
            if (!shutdown) {
                updateLastAppliedTermIndex(term, index);
            }
            done.complete(Message.EMPTY);
        });
        try {
            while (!waiting.offer(c, 100, TimeUnit.MILLISECONDS)) {
                if (shutdown) {
                    done.complete(Message.EMPTY);
                    return done;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.complete(Message.EMPTY);
            return done;
        }
        if (shutdown) {
            done.complete(Message.EMPTY);
        }
        wakeup.run();
        return done;
    }

    @Override
    public void notifyLeaderReady() {
        leaderSinceMs = clock.millis();
        leaderTerm.incrementAndGet();
        leader = true;
        LOG.log(System.Logger.Level.INFO, "this server leads the ensemble now");
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        if (!groupMemberId.getPeerId().equals(newLeaderId)) {
            leader = false;
        }
        LOG.log(System.Logger.Level.INFO, "ensemble member {0}: leader is now {1}", groupMemberId.getPeerId(),
                newLeaderId);
    }

    @Override
    public void notifyNotLeader(java.util.Collection<TransactionContext> pending) {
        leader = false;
    }
}
