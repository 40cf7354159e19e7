package io.warden.recipe.lock;

import io.warden.client.KeeperException;
import io.warden.client.Transaction;
import io.warden.client.TxnOp;
import io.warden.client.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held lock (or semaphore lease): close it to release. Any thread may close it; closing twice
 * does nothing. For a reentrant {@link Mutex}, each acquire by the owning thread returns its own
 * handle on the same node, and the node is deleted when the last of them is closed.
 *
 * <p><b>Fencing.</b> {@link #fencingToken()} is the czxid of our lock node. Holders of one lock get
 * strictly increasing tokens: nodes are granted in sequence order, and a later sequence number
 * under one parent was created by a later transaction. A resource that remembers the largest token
 * it has seen can refuse a stale holder. For data in ZooKeeper itself, {@link #guardedWrite} and
 * {@link #guardedTransaction()} run the writes in a multi whose first op checks our lock node: if
 * the node is gone (session expired, lock lost, released) the whole multi fails with NONODE and
 * nothing is written, even if this holder has not noticed yet.
 *
 * <p><b>States</b>: see {@link LockState}; {@link #whenLost()} completes when the hold is lost
 * (not when it is released).
 *
 * <p>Thread-safe.
 */
public final class LockHandle implements AutoCloseable {
    private final Holding holding;
    private final AtomicBoolean closed = new AtomicBoolean();

    LockHandle(Holding holding) {
        this.holding = holding;
    }

    /** The full path of our lock node. */
    public String nodePath() {
        return holding.hold().path();
    }

    /** The fencing token: our lock node's czxid. */
    public long fencingToken() {
        return holding.hold().czxid();
    }

    /** The session that owns our lock node. */
    public long sessionId() {
        return holding.hold().sessionId();
    }

    /** RELEASED once this handle is closed; otherwise the hold's state. */
    public LockState state() {
        return closed.get() ? LockState.RELEASED : holding.state();
    }

    /** Whether this handle is open and the hold is {@link LockState#HELD}. */
    public boolean isHeld() {
        return state() == LockState.HELD;
    }

    /** Completes when the hold is lost (session lost, node deleted). */
    public CompletableFuture<Void> whenLost() {
        return holding.lostFuture();
    }

    /** Adds a listener for later state changes of the hold. */
    public void addListener(LockListener listener) {
        holding.addListener(listener);
    }

    /**
     * A transaction that starts with a check of our lock node; add writes and commit. Its result
     * list starts with that check's result.
     */
    public Transaction guardedTransaction() {
        return holding.client().transaction().check(nodePath(), holding.hold().version());
    }

    /**
     * Runs {@code ops} in one multi after a check of our lock node, and returns their results (the
     * check's left out). Fails with a {@link KeeperException} NONODE (path: our lock node) when the
     * lock is no longer ours; nothing is then written.
     */
    public CompletableFuture<List<TxnResult>> guardedWrite(List<TxnOp> ops) {
        List<TxnOp> all = new ArrayList<>(ops.size() + 1);
        all.add(new TxnOp.Check(nodePath(), holding.hold().version()));
        all.addAll(ops);
        return holding.client().multi(all).thenApply(results -> results.subList(1, results.size()));
    }

    /** Releases asynchronously; completes when the node is deleted (or unreachable for good). */
    public CompletableFuture<Void> releaseAsync() {
        if (!closed.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(null);
        }
        return holding.releaseOne();
    }

    /**
     * Releases and waits for the delete, up to the lock's release timeout (the delete carries on
     * after that; the node dies with the session in any case). From the client's event thread it
     * only starts the release.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = releaseAsync();
        if (holding.client().isEventThread()) {
            return;
        }
        try {
            done.get(holding.options().releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The delete carries on in the background.
        }
    }

    @Override
    public String toString() {
        Object h = holding.hold();
        return "LockHandle[" + (h == null ? "-" : nodePath() + ", token " + fencingToken()) + ", " + state() + "]";
    }
}
