package io.warden.recipe.leader;

import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.recipe.internal.Contender;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.support.Deadlines;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leader election that runs an action for the length of a term:
 *
 * <pre>{@code
 * LeaderElection election = new LeaderElection(client, "/election/scheduler", "node-1");
 * election.runWhileLeader(ctx -> {
 *     while (!ctx.isCancelled()) {
 *         ctx.guardedWrite(List.of(new TxnOp.SetData("/scheduler/tick", bytes, -1))).join();
 *         Thread.sleep(1000);
 *     }
 *     return null;
 * });
 * }</pre>
 *
 * Each call joins the election with a fresh node (the {@link LeaderLatch} layout, so latches,
 * elections and Curator LeaderLatches on one path share one line), waits until it is first and
 * verified to belong to our current session, runs the action on the calling thread with a
 * {@link LeadershipContext}, and gives up leadership (deletes the node) when the action returns or
 * throws. The context is cancelled the moment leadership may be lost: SUSPENDED (by default; see
 * {@link LossPolicy}), LOST, deletion of our node, or {@link #close()}; by default the action's
 * thread is also interrupted. RECONNECTED does not un-cancel a term: the action should return and
 * the caller may run again. A term's epoch is its node's czxid, so there is never more than one
 * leader per epoch, and {@link LeadershipContext#guardedWrite} fences off a deposed leader.
 *
 * <p>Thread-safe; several threads may run terms (each its own participant node).
 */
public final class LeaderElection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaderElection.class.getName());

    private final WardenClient client;
    private final String path;
    private final String participantId;
    private final LeaderOptions options;
    private final Set<Term> terms = ConcurrentHashMap.newKeySet();
    private final AtomicLong wakeups = new AtomicLong();
    private volatile boolean closed;

    public LeaderElection(WardenClient client, String path, String participantId) {
        this(client, path, participantId, LeaderOptions.defaults());
    }

    public LeaderElection(WardenClient client, String path, String participantId, LeaderOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.participantId = Objects.requireNonNull(participantId, "participantId");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Waits to be elected, runs {@code action} as leader, then gives up leadership.
     *
     * @return what the action returned
     * @throws LeadershipLostException if the action threw after its context was cancelled
     * @throws ExecutionException if the action threw while still leader (the cause)
     * @throws KeeperException if the election could not be joined (client closed, NOAUTH, ...)
     * @throws InterruptedException if interrupted while waiting to be elected
     */
    public <T> T runWhileLeader(LeaderAction<T> action)
            throws InterruptedException, KeeperException, LeadershipLostException, ExecutionException {
        try {
            return runWhileLeader(action, null);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was set", e);
        }
    }

    /**
     * As {@link #runWhileLeader(LeaderAction)}, waiting at most {@code maxWait} ({@code null}:
     * forever) to be elected.
     *
     * @throws TimeoutException if not elected in time (our node is deleted first)
     */
    public <T> T runWhileLeader(LeaderAction<T> action, Duration maxWait) throws InterruptedException,
            KeeperException, LeadershipLostException, ExecutionException, TimeoutException {
        EventThreads.checkNotEventThread(client);
        Objects.requireNonNull(action, "action");
        if (closed) {
            throw new IllegalStateException("election closed");
        }
        Term term = new Term(Thread.currentThread());
        terms.add(term);
        try {
            term.contender.start();
            if (closed) {
                term.cancel("election closed");
            }
            try {
                if (maxWait == null) {
                    term.granted.get();
                } else {
                    term.granted.get(Deadlines.nanos(maxWait), TimeUnit.NANOSECONDS);
                }
            } catch (ExecutionException e) {
                throw Contender.asKeeper(e.getCause());
            } catch (java.util.concurrent.CancellationException e) {
                throw new IllegalStateException("election closed");
            }
            return term.run(action);
        } finally {
            terms.remove(term);
            CompletableFuture<Void> left = term.contender.leave();
            try {
                left.get(options.releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The delete carries on in the background.
            }
        }
    }

    /** Every participant in line order (first: the leader). */
    public List<Participant> participants() throws KeeperException, InterruptedException {
        return client.blocking().await(Participants.read(client, path));
    }

    public String participantId() {
        return participantId;
    }

    /** How many times a waiting participant of this election was woken by a watch. */
    public long wakeups() {
        return wakeups.get();
    }

    /** Cancels running terms and stops waiting ones; later calls to runWhileLeader fail. */
    @Override
    public void close() {
        closed = true;
        for (Term t : terms) {
            t.cancel("election closed");
            t.granted.cancel(false);
        }
    }

    /** One participation: its node, its grant, and its context once elected. */
    private final class Term implements Contender.Events {
        private final Thread runner;
        private final Contender contender;
        private final CompletableFuture<Contender.Hold> granted = new CompletableFuture<>();
        private volatile LeadershipContext context;
        private volatile String pendingCancel;
        private boolean running; // guarded by this
        private boolean interruptedByUs; // guarded by this

        Term(Thread runner) {
            this.runner = runner;
            this.contender = new Contender(client, path, LeaderLatch.LOCK_NAME, List.of(LeaderLatch.LOCK_NAME),
                    participantId.getBytes(StandardCharsets.UTF_8), options.acl(), Contender.Rule.firstN(1), this,
                    options.ids(), wakeups);
        }

        <T> T run(LeaderAction<T> action) throws LeadershipLostException, ExecutionException {
            LeadershipContext ctx = context;
            synchronized (this) {
                running = true;
                if (ctx.isCancelled() && options.interruptOnCancel()) {
                    interruptedByUs = true;
                    runner.interrupt();
                }
            }
            T result;
            try {
                result = action.run(ctx);
            } catch (Throwable t) {
                endRun();
                if (ctx.isCancelled()) {
                    throw new LeadershipLostException("leadership may be lost: " + ctx.whenCancelled().join(), t);
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new ExecutionException(t);
            }
            endRun();
            return result;
        }

        private void endRun() {
            synchronized (this) {
                running = false;
                if (interruptedByUs) {
                    Thread.interrupted(); // our interrupt must not leak into the caller
                }
            }
        }

        void cancel(String reason) {
            LeadershipContext ctx = context;
            if (ctx == null) {
                pendingCancel = reason;
                return;
            }
            if (ctx.cancel(reason)) {
                LOG.log(Level.INFO, "{0}: term of epoch {1} on {2} cancelled: {3}", participantId, ctx.epoch(), path,
                        reason);
                synchronized (this) {
                    if (running && options.interruptOnCancel()) {
                        interruptedByUs = true;
                        runner.interrupt();
                    }
                }
            }
        }

        @Override
        public void held(Contender.Hold hold) {
            context = new LeadershipContext(client, participantId, hold.path(), hold.czxid(), hold.version());
            String early = pendingCancel;
            if (early != null) {
                cancel(early);
            }
            if (!granted.complete(hold)) {
                cancel("nobody waits for this term any more");
            }
        }

        @Override
        public void suspended(Contender.Hold hold) {
            if (options.lossPolicy() == LossPolicy.ON_SUSPENDED) {
                cancel("connection suspended");
            }
        }

        @Override
        public void reconnected(Contender.Hold hold) {
            // A cancelled term stays cancelled; under ON_LOST nothing was cancelled.
        }

        @Override
        public void lost(Contender.Hold hold, String reason) {
            cancel(reason);
        }

        @Override
        public void failed(Throwable error) {
            granted.completeExceptionally(error);
            cancel("election failed: " + error);
        }
    }
}
