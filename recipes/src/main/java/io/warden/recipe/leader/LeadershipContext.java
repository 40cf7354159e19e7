package io.warden.recipe.leader;

import io.warden.client.Transaction;
import io.warden.client.TxnOp;
import io.warden.client.TxnResult;
import io.warden.client.WardenClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One term of leadership, handed to the action of {@link LeaderElection#runWhileLeader}. It is
 * cancelled the moment leadership may be lost: at SUSPENDED (with {@link LossPolicy#ON_SUSPENDED},
 * the default) or LOST, when our node is deleted, or when the election closes. Cancellation is
 * final for the term; the action should stop, and by default its thread is interrupted too.
 *
 * <p>{@link #epoch()} is the leader node's czxid: terms have strictly increasing epochs and one
 * epoch has one leader. {@link #guardedWrite} writes only while our node still exists, so a
 * deposed leader that has not noticed yet cannot write.
 *
 * <p>Thread-safe.
 */
public final class LeadershipContext {
    private final WardenClient client;
    private final String participantId;
    private final String nodePath;
    private final long epoch;
    private final int nodeVersion;
    private final CompletableFuture<String> cancelled = new CompletableFuture<>();

    LeadershipContext(WardenClient client, String participantId, String nodePath, long epoch, int nodeVersion) {
        this.client = client;
        this.participantId = participantId;
        this.nodePath = nodePath;
        this.epoch = epoch;
        this.nodeVersion = nodeVersion;
    }

    public String participantId() {
        return participantId;
    }

    /** Our election node. */
    public String nodePath() {
        return nodePath;
    }

    /** The term's epoch: our node's czxid. */
    public long epoch() {
        return epoch;
    }

    /** Whether leadership may be lost (final). */
    public boolean isCancelled() {
        return cancelled.isDone();
    }

    /** Completes with the reason when the context is cancelled. */
    public CompletableFuture<String> whenCancelled() {
        return cancelled;
    }

    /** Throws if the context is cancelled. */
    public void checkLeadership() throws LeadershipLostException {
        if (cancelled.isDone()) {
            throw new LeadershipLostException("leadership may be lost: " + cancelled.join(), null);
        }
    }

    /** A transaction starting with a check of our election node; add writes and commit. */
    public Transaction guardedTransaction() {
        return client.transaction().check(nodePath, nodeVersion);
    }

    /**
     * Runs {@code ops} in a multi after a check of our election node; their results (the check's
     * left out). Fails with NONODE (path: our node) once we are no longer the leader of this epoch.
     */
    public CompletableFuture<List<TxnResult>> guardedWrite(List<TxnOp> ops) {
        List<TxnOp> all = new ArrayList<>(ops.size() + 1);
        all.add(new TxnOp.Check(nodePath, nodeVersion));
        all.addAll(ops);
        return client.multi(all).thenApply(r -> r.subList(1, r.size()));
    }

    /** Cancels (first reason wins); returns whether this call cancelled it. */
    boolean cancel(String reason) {
        return cancelled.complete(reason);
    }

    @Override
    public String toString() {
        return "LeadershipContext[" + participantId + ", epoch " + epoch + (isCancelled() ? ", cancelled" : "") + "]";
    }
}
