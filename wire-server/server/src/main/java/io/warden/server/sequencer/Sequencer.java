package io.warden.server.sequencer;

import com.google.common.base.Ticker;
import io.warden.server.session.SessionTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The single apply thread and its bounded submission queue: the only thread that touches the
 * state store, the session table's planning view and the connections' reply order.
 *
 * <p>Each loop takes one batch (what is queued, up to {@code maxBatchSize}) in group-commit shape:
 * (1) plan it in arrival order, stamping every transaction ({@link BatchPlanner}); (2) make the
 * stamped transactions durable in one {@link TxnLog#append}; (3) apply the writes and answer the
 * reads in order ({@link BatchExecutor}); (4) flush each touched connection once. Before each
 * batch it takes the sessions the {@link SessionTracker} found expired and closes them like any
 * write, and every {@code containerCheckIntervalMs} it deletes the containers and TTL nodes the
 * state store reports as due (deleteContainer transactions, like ZooKeeper's ContainerManager). Reads run on this thread in order with the same session's writes, so each session sees
 * FIFO order (PROTOCOL 13). The thread never blocks on I/O: output goes to the connections'
 * event loops.
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
    private volatile boolean running;
    private long nextReapNanos;

    public Sequencer(SequencerSettings settings, StateStore store, SessionTracker tracker, Stamper stamper,
            TxnLog log, Ticker ticker, Consumer<Throwable> onFatal) {
        this.settings = settings;
        this.tracker = tracker;
        this.ticker = ticker;
        this.log = log;
        this.onFatal = onFatal;
        this.store = store;
        this.stamper = stamper;
        this.planner = new BatchPlanner(settings, tracker, stamper);
        this.executor = new BatchExecutor(store, tracker, ticker, settings.maxSnapshotEntries());
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "warden-apply");
    }

    public void start() {
        nextReapNanos = ticker.read() + settings.containerCheckIntervalMs() * 1_000_000L;
        running = true;
        thread.start();
    }

    /**
     * Queues a submission. Returns false if the sequencer has stopped or the queue is full (the
     * caller closes the connection); never blocks.
     */
    public boolean submit(Submission submission) {
        return running && queue.offer(submission);
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
        List<TxnLog.Entry> entries = new ArrayList<>();
        try {
            while (running) {
                Submission first = queue.poll(pollNanos(), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, settings.maxBatchSize() - 1);
                }
                for (ClientLink link = overflowClosed.poll(); link != null; link = overflowClosed.poll()) {
                    planner.plan(new Submission.LinkClosed(link), steps, entries);
                }
                planner.planExpiries(tracker.expire(), steps, entries);
                if (ticker.read() - nextReapNanos >= 0) {
                    nextReapNanos = ticker.read() + settings.containerCheckIntervalMs() * 1_000_000L;
                    planner.planReaps(store.reapableNodes(stamper.nowMs(), settings.maxReapsPerCheck()), steps,
                            entries);
                }
                for (Submission s : batch) {
                    planner.plan(s, steps, entries);
                }
                if (!entries.isEmpty()) {
                    log.append(List.copyOf(entries));
                }
                executor.execute(steps);
                batch.clear();
                steps.clear();
                entries.clear();
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

    /** Waits at most a tick, and no longer than until the next expiry bucket. */
    private long pollNanos() {
        long tickNanos = settings.tickTimeMs() * 1_000_000L;
        long next = tracker.nextExpiryNanos();
        if (next == Long.MAX_VALUE) {
            return tickNanos;
        }
        return Math.max(1_000_000L, Math.min(tickNanos, next - ticker.read()));
    }
}
