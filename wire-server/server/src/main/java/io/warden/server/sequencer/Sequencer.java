package io.warden.server.sequencer;

import com.google.common.base.Ticker;
import io.warden.server.session.SessionTracker;
import io.warden.server.txn.StampedTxn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The single apply thread and its bounded submission queue: the only thread that touches the
 * state store, the session table's planning view and the connections' reply order.
 *
 * <p>Each loop takes one batch (what is queued, up to {@code maxBatchSize}) in group-commit shape:
 * (1) plan it in arrival order, stamping every transaction ({@link BatchPlanner}); (2) hand the
 * stamped transactions to the log in one {@link TxnLog#append}; (3) once they are durable, apply
 * the writes and answer the reads in order ({@link BatchExecutor}); (4) flush each touched
 * connection once. Up to {@code maxBatchesInFlight} batches are between (2) and (3) at a time, so
 * the next batch is planned and submitted while the previous one is being made durable; batches
 * are executed strictly in the order they were planned, and nothing is answered before its
 * batch (and every batch before it) is durable.
 *
 * <p>If the log fails (disk full, I/O error), the batches in flight are not applied (their writes
 * get no reply and their connections close: the outcome is unknown to the client, as after a
 * connection loss), and from then on the server is read-only until restarted: writes are
 * answered NOTREADONLY (-119), as a ZooKeeper server in read-only mode answers them, new
 * sessions are refused, and reads, pings and re-attaches of existing sessions go on. Before each
 * batch it takes the sessions the {@link SessionTracker} found expired and closes them like any
 * write, and every {@code containerCheckIntervalMs} it deletes the containers and TTL nodes the
 * state store reports as due (deleteContainer transactions, like ZooKeeper's ContainerManager).
 * Every {@code tickTime / 2} at most, if some session had traffic, it logs one
 * {@link io.warden.server.txn.TouchSessionsTxn} naming those sessions (liveness as replicated
 * state; an expiry decided before a touch is skipped at apply). This one is not interpreted as
 * a write: it consumes no zxid. Reads run on this thread in order with the same session's writes, so each session sees
 * FIFO order (PROTOCOL 13). The thread never blocks on I/O: output goes to the connections'
 * event loops.
 *
 * <p><b>Ensemble</b> (the log is a {@link ReplicatedLog}): a batch's writes are not applied when
 * its append returns but when its entry comes back committed, interleaved in log order with the
 * other members' entries, which are applied here too (their watches fire for this server's
 * connections; the session tracker learns their sessions, touches and closes). zxids and times
 * are re-stamped at apply. Only the leader expires sessions and reaps containers; a new leader
 * gives every session a full timeout. While the log says this member has no leader contact, every
 * client connection is closed and new ones are refused. An append that fails (or whose reply does
 * not come in time) closes the connections of its writes: outcome unknown. A sync (and, with
 * {@code warden.linearizableReads}, every read) waits for one {@link ReplicatedLog#readIndex} per
 * batch and is answered once this member has applied up to it; such a batch logs nothing, and
 * nothing that may log is planned behind it until it has run (see {@link #plan}).
 *
 * <p>An exception out of the state store is a bug: the thread stops, the fatal handler is called
 * (the server shuts down) and later submissions are refused, rather than running on with state
 * that may have diverged.
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread; everything else happens on the
 * apply thread.
 */
public final class Sequencer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sequencer.class.getName());

    private final SequencerSettings settings;
    private final SessionTracker tracker;
    private final Ticker ticker;
    private final TxnLog log;
    private final BatchPlanner planner;
    private final BatchExecutor executor;
    private final Consumer<Throwable> onFatal;
    private final StateStore store;
    private final Stamper stamper;
    private final BlockingQueue<Submission> queue;
    /** Closed connections that did not fit in the queue; at most one entry per connection. */
    private final java.util.Queue<ClientLink> overflowClosed = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private volatile boolean running;
    private volatile boolean logFailed;
    private long nextReapNanos;
    private long nextTouchNanos;
    /** Ensemble mode: the shared log (null when standalone), see {@link ReplicatedLog}. */
    private final ReplicatedLog replicated;
    /** Ensemble mode: the store the executor applies through (re-stamps zxid and time). */
    private final RestampingStore restamping;
    /** Ensemble mode: appends so far (each logged batch's originSeq). */
    private long appendSeq;
    /** Ensemble mode: the leader term for which every session was given a fresh timeout. */
    private long leaderTermArmed = -1;
    /** Ensemble mode: whether clients are being served (see {@link ReplicatedLog#serving}). */
    private boolean serving = true;

    /** Wakes the apply thread when a batch in flight becomes durable. */
    private static final Submission DURABLE = new Submission.Wakeup();
    private static final CompletableFuture<LogPosition> NOTHING_TO_LOG =
            CompletableFuture.completedFuture(LogPosition.NONE);

    /**
     * A planned batch waiting for its log write; {@code logged} if it had transactions. Ensemble:
     * {@code readIndex} (or null) is the ReadIndex its syncs and linearizable reads wait for (such
     * a batch logs nothing).
     */
    private record InFlight(List<Step> steps, CompletableFuture<LogPosition> durable, boolean logged, long seq,
            CompletableFuture<Long> readIndex) {
    }

    /**
     * Ensemble: submissions taken from the queue but not planned yet, because they may log a
     * transaction and a batch waiting for its ReadIndex is in flight (at most a batch).
     */
    private final List<Submission> carried = new ArrayList<>();

    public Sequencer(SequencerSettings settings, StateStore store, SessionTracker tracker, Stamper stamper,
            TxnLog log, Ticker ticker, Consumer<Throwable> onFatal) {
        this.settings = settings;
        this.tracker = tracker;
        this.ticker = ticker;
        this.log = log;
        this.onFatal = onFatal;
        this.stamper = stamper;
        this.replicated = log instanceof ReplicatedLog r ? r : null;
        this.restamping = replicated != null ? new RestampingStore(store) : null;
        this.store = replicated != null ? restamping : store;
        this.planner = new BatchPlanner(settings, tracker, stamper, replicated != null);
        this.executor = new BatchExecutor(this.store, tracker, ticker, settings.maxSnapshotEntries(), replicated);
        if (replicated != null) {
            replicated.onCommitted(this::wake);
        }
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "warden-apply");
    }

    public void start() {
        nextReapNanos = ticker.read() + settings.containerCheckIntervalMs() * 1_000_000L;
        nextTouchNanos = ticker.read() + touchIntervalNanos();
        running = true;
        thread.start();
    }

    /**
     * Queues a submission. Returns false if the sequencer has stopped or the queue is full (the
     * caller closes the connection); never blocks.
     */
    public boolean submit(Submission submission) {
        if (!running || !queue.offer(submission)) {
            return false;
        }
        if (replicated != null && submission instanceof Submission.Query) {
            // the apply thread may be parked behind batches that wait for the log
            java.util.concurrent.locks.LockSupport.unpark(thread);
        }
        return true;
    }

    /**
     * Reports a closed connection so its watches are dropped. Never lost: normally queued behind
     * the connection's requests; if the queue is full, kept aside and handled before the next
     * batch (the connection's requests still queued are then skipped). Any thread.
     */
    public void linkClosed(ClientLink link) {
        if (running && !queue.offer(new Submission.LinkClosed(link))) {
            overflowClosed.add(link);
        }
    }

    /**
     * Ensemble: orders every read through the log, like a sync before it
     * ({@code warden.linearizableReads}); no effect standalone. Call before {@link #start}.
     */
    public void linearizableReads(boolean on) {
        planner.linearizableReads(on && replicated != null);
    }

    /** Whether the apply thread is running. */
    public boolean isRunning() {
        return running;
    }

    /** Submissions waiting for the apply thread. */
    public int queued() {
        return queue.size();
    }

    /** Stops the apply thread (what is queued is dropped) and waits for it, bounded. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS) && thread.isAlive()) {
                LOG.log(System.Logger.Level.WARNING, "apply thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Submission> batch = new ArrayList<>(settings.maxBatchSize());
        List<Step> steps = new ArrayList<>();
        List<StampedTxn> txns = new ArrayList<>();
        try {
            while (running) {
                if (replicated != null) {
                    drainCommitted();
                } else {
                    executeDurable();
                }
                if (inFlight.size() >= settings.maxBatchesInFlight() || readIndexInFlight()) {
                    if (replicated != null) {
                        answerQueries(queue);
                        java.util.concurrent.locks.LockSupport.parkNanos(settings.tickTimeMs() * 1_000_000L);
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                    } else {
                        awaitHead();
                    }
                    continue;
                }
                if (carried.isEmpty()) {
                    Submission first = queue.poll(pollNanos(), TimeUnit.NANOSECONDS);
                    if (first != null) {
                        batch.add(first);
                        queue.drainTo(batch, settings.maxBatchSize() - 1);
                    }
                } else {
                    batch.addAll(carried);
                    carried.clear();
                    queue.drainTo(batch, Math.max(0, settings.maxBatchSize() - batch.size()));
                }
                if (replicated != null) {
                    answerQueries(batch);
                }
                boolean wantsIndex = plan(batch, steps, txns);
                if (!steps.isEmpty()) {
                    dispatch(steps, txns, wantsIndex);
                }
                batch.clear();
                steps.clear();
                txns.clear();
            }
        } catch (InterruptedException e) {
            // close() interrupts a waiting poll
        } catch (Throwable t) {
            running = false;
            LOG.log(System.Logger.Level.ERROR, "apply thread failed; stopping the server", t);
            onFatal.accept(t);
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    /**
     * Ensemble: answers the four-letter-word queries among {@code submissions} at once and removes
     * them, instead of planning them into a batch that may wait for the log (on a leader that
     * lost its majority, for up to the unknown-outcome bound); called on each batch taken and on
     * the queue while no batch can be planned. A query belongs to no session, so nothing orders
     * it behind other submissions (a write acknowledged before the query was sent is applied
     * already); ZooKeeper answers them on its network thread whatever its pipeline does.
     */
    private void answerQueries(java.util.Collection<Submission> submissions) {
        List<Step> queries = null;
        for (java.util.Iterator<Submission> it = submissions.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Submission.Query q) {
                it.remove();
                if (queries == null) {
                    queries = new ArrayList<>();
                }
                queries.add(new Step.Query(q.details(), q.callback()));
            }
        }
        if (queries != null) {
            executor.execute(queries);
        }
    }

    /**
     * Plans the batch; returns whether what is left in {@code steps} waits for a ReadIndex.
     * Ensemble: a batch either logs transactions or waits for a ReadIndex, never both (its entry
     * could lie beyond the read index, which Ratis would then wait for this batch to apply): the
     * logged part before the first read that needs the index is dispatched on its own; a
     * submission that may log after it is carried to a batch planned once this one has run
     * (so that the reads see no later write of their sessions).
     */
    private boolean plan(List<Submission> batch, List<Step> steps, List<StampedTxn> txns) {
        for (ClientLink link = overflowClosed.poll(); link != null; link = overflowClosed.poll()) {
            planner.plan(new Submission.LinkClosed(link), steps, txns);
        }
        if (replicated != null && replicated.serving() != serving) {
            serving = !serving;
            LOG.log(serving ? System.Logger.Level.INFO : System.Logger.Level.WARNING, serving
                    ? "in contact with the ensemble's leader again: serving clients"
                    : "no contact with the ensemble's leader: closing every client connection and refusing new "
                            + "ones until it is back");
            planner.serving(serving, steps);
        }
        if (!logFailed) {
            boolean leads = replicated == null || replicated.isLeader();
            if (replicated != null && leads && leaderTermArmed != replicated.leaderTerm()) {
                // a new leader gives every session a full timeout (ZooKeeper's new leader does too)
                leaderTermArmed = replicated.leaderTerm();
                tracker.refreshAll();
            }
            if (leads) {
                planner.planExpiries(tracker.expire(), steps, txns);
            }
            if (ticker.read() - nextTouchNanos >= 0 && tracker.hasTouched()) {
                nextTouchNanos = ticker.read() + touchIntervalNanos();
                planner.planTouch(tracker.drainTouched(io.warden.server.txn.TouchSessionsTxn.MAX_SESSIONS), steps, txns);
            }
            // The reaper reads applied state: only with nothing in flight, so that a node whose
            // deletion is already in flight is not planned twice.
            if (leads && inFlight.isEmpty() && ticker.read() - nextReapNanos >= 0) {
                nextReapNanos = ticker.read() + settings.containerCheckIntervalMs() * 1_000_000L;
                planner.planReaps(store.reapableNodes(stamper.nowMs(), settings.maxReapsPerCheck()), steps, txns);
            }
        }
        boolean wantsIndex = false;
        for (int i = 0; i < batch.size(); i++) {
            Submission s = batch.get(i);
            if (s == DURABLE) {
                continue;
            }
            if (replicated != null && planner.ordersRead(s)) {
                if (!txns.isEmpty()) {
                    dispatch(steps, txns, false);
                    steps.clear();
                    txns.clear();
                }
                wantsIndex = true;
            } else if (wantsIndex && BatchPlanner.mayLog(s)) {
                for (Submission rest : batch.subList(i, batch.size())) {
                    if (rest != DURABLE) {
                        carried.add(rest);
                    }
                }
                break;
            }
            planner.plan(s, steps, txns);
        }
        return wantsIndex;
    }

    /** Ensemble: whether a batch waiting for its ReadIndex has not run yet (nothing is appended meanwhile). */
    private boolean readIndexInFlight() {
        for (InFlight f : inFlight) {
            if (f.readIndex() != null) {
                return true;
            }
        }
        return false;
    }

    /** Hands the batch's transactions to the log and queues its steps behind the batches in flight. */
    private void dispatch(List<Step> steps, List<StampedTxn> txns, boolean wantsIndex) {
        CompletableFuture<LogPosition> durable = txns.isEmpty() ? NOTHING_TO_LOG : log.append(List.copyOf(txns));
        long seq = txns.isEmpty() || replicated == null ? 0 : ++appendSeq;
        // one ReadIndex for every sync (and linearizable read) of the batch; it logs nothing
        CompletableFuture<Long> readIndex = wantsIndex && replicated != null ? replicated.readIndex() : null;
        inFlight.add(new InFlight(List.copyOf(steps), durable, !txns.isEmpty(), seq, readIndex));
        if (!durable.isDone()) {
            // wakes the poll; if the queue is full the poll returns at once anyway
            durable.whenComplete((p, t) -> wake());
        }
        if (readIndex != null && !readIndex.isDone()) {
            readIndex.whenComplete((i, t) -> wake());
        }
    }

    /** Wakes the apply thread (a log write finished, an entry was committed). Any thread. */
    private void wake() {
        queue.offer(DURABLE);
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    /**
     * Ensemble mode: applies every committed entry waiting, in log order. This server's own
     * entries run their planned steps (replies, watches, sessions: as standalone), matched by
     * originSeq with the head of the pipeline; other servers' entries (and own ones whose append
     * was given up as failed) are applied here with their effects on this server: watches fire,
     * the session tracker learns created, touched and closed sessions, a connection attached to a
     * session closed elsewhere is closed.
     */
    private void drainCommitted() {
        executeReady();
        for (ReplicatedLog.Committed c = replicated.poll(); c != null; c = replicated.poll()) {
            restamping.entryTime(c.timeMs());
            restamping.entryOrigin(c.originId());
            boolean own = c.originId() == replicated.myId() && c.incarnation() == replicated.incarnation();
            InFlight head = inFlight.peek();
            if (own && head != null && head.logged() && head.seq() < c.originSeq()) {
                // an earlier own batch never came back: its outcome is unknown (should not happen:
                // appends are submitted in order on one path)
                LOG.log(System.Logger.Level.WARNING, "own log entry {0} committed before {1}; giving up on the "
                        + "earlier batches", String.valueOf(c.originSeq()), String.valueOf(head.seq()));
                while (head != null && (!head.logged() || head.seq() < c.originSeq())) {
                    inFlight.poll();
                    if (head.logged()) {
                        executor.executeUndurable(head.steps());
                    } else {
                        executor.execute(head.steps());
                    }
                    head = inFlight.peek();
                }
            }
            if (own && head != null && head.logged() && head.seq() == c.originSeq()) {
                inFlight.poll();
                executor.execute(head.steps());
            } else {
                applyForeign(c);
            }
            c.applied().run();
            stamper.resync(store.lastZxid());
            log.applied(c.position(), store);
            executeReady();
        }
    }

    /** Ensemble mode: runs the batches at the head that wait for no entry (or whose append failed). */
    private void executeReady() {
        while (!inFlight.isEmpty()) {
            InFlight head = inFlight.peek();
            if (!head.logged() && head.readIndex() != null) {
                CompletableFuture<Long> index = head.readIndex();
                if (!index.isDone()) {
                    return;
                }
                Long at;
                try {
                    at = index.join();
                } catch (CompletionException | CancellationException e) {
                    inFlight.poll();
                    LOG.log(System.Logger.Level.WARNING, "read index failed (no leader?): closing the connections "
                            + "of its syncs and linearizable reads: {0}",
                            String.valueOf(e.getCause() != null ? e.getCause() : e));
                    executor.executeUnindexed(head.steps());
                    continue;
                }
                if (replicated.appliedIndex() < at) {
                    return; // every entry up to it is on its way to this thread (EnsembleLog#readIndex)
                }
                inFlight.poll();
                executor.execute(head.steps());
            } else if (!head.logged()) {
                inFlight.poll();
                executor.execute(head.steps());
            } else if (head.durable().isCompletedExceptionally()) {
                inFlight.poll();
                Throwable cause;
                try {
                    head.durable().join();
                    cause = null;
                } catch (CompletionException | CancellationException e) {
                    cause = e.getCause() != null ? e.getCause() : e;
                }
                LOG.log(System.Logger.Level.WARNING, "log append {0} failed, outcome unknown: closing its clients' "
                        + "connections: {1}", String.valueOf(head.seq()), String.valueOf(cause));
                executor.executeUndurable(head.steps());
            } else {
                return;
            }
        }
    }

    /** Applies an entry this server did not plan (or gave up on), with its local effects. */
    private void applyForeign(ReplicatedLog.Committed c) {
        for (StampedTxn t : c.txns()) {
            long sessionId = t.header().sessionId();
            executor.applyForeign(t.header(), t.txn());
            if (t.txn() instanceof io.warden.server.txn.CreateSessionTxn create) {
                tracker.add(sessionId, create.timeoutMs(), create.password());
            } else if (t.txn() instanceof io.warden.server.txn.CloseSessionTxn) {
                if (store.session(sessionId).isEmpty()) {
                    tracker.remove(sessionId);
                    ClientLink link = planner.closedElsewhere(sessionId);
                    if (link != null) {
                        executor.closeAfterFlush(link);
                    }
                }
            } else if (t.txn() instanceof io.warden.server.txn.TouchSessionsTxn touch) {
                for (long id : touch.sessionIds()) {
                    tracker.refresh(id);
                }
            }
        }
        executor.flush();
    }

    /** Executes, in order, the batches at the head of the pipeline whose log write has finished. */
    private void executeDurable() {
        while (!inFlight.isEmpty() && inFlight.peek().durable().isDone()) {
            InFlight head = inFlight.poll();
            LogPosition position;
            try {
                position = head.durable().join();
            } catch (CompletionException | CancellationException e) {
                logFailed(e.getCause() != null ? e.getCause() : e);
                executor.executeUndurable(head.steps());
                continue;
            }
            if (logFailed && head.logged()) {
                // durable, but after a batch that may not be: applying it could diverge from the
                // log; its outcome is reported as unknown like the failed one's
                executor.executeUndurable(head.steps());
                continue;
            }
            executor.execute(head.steps());
            if (head.logged()) {
                log.applied(position, store);
            }
        }
    }

    /** Waits (at most a tick) for the oldest batch in flight to become durable. */
    private void awaitHead() throws InterruptedException {
        try {
            inFlight.peek().durable().get(settings.tickTimeMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CancellationException | TimeoutException e) {
            // executeDurable reports it
        }
    }

    /** From now on, writes are refused (NOTREADONLY) and reads go on; see {@link BatchPlanner#logFailed}. */
    private void logFailed(Throwable cause) {
        if (!logFailed) {
            logFailed = true;
            planner.logFailed();
            LOG.log(System.Logger.Level.ERROR, "the transaction log failed: writes are refused with NOTREADONLY "
                    + "until the server is restarted; reads go on. Writes in flight get no reply (their "
                    + "connections close: outcome unknown)", cause);
        }
    }

    /** Whether the log failed and writes are being refused. */
    public boolean isReadOnly() {
        return logFailed;
    }

    private long touchIntervalNanos() {
        return Math.max(1, settings.tickTimeMs() / 2) * 1_000_000L;
    }

    /** Waits at most a tick, and no longer than until the next expiry bucket or due touch. */
    private long pollNanos() {
        long tickNanos = settings.tickTimeMs() * 1_000_000L;
        long next = replicated == null || replicated.isLeader() ? tracker.nextExpiryNanos() : Long.MAX_VALUE;
        if (!logFailed && tracker.hasTouched()) {
            next = Math.min(next, nextTouchNanos);
        }
        if (next == Long.MAX_VALUE) {
            return tickNanos;
        }
        return Math.max(1_000_000L, Math.min(tickNanos, next - ticker.read()));
    }
}
