package io.warden.client.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's ordered event thread: runs watch events, completions and state changes one at a
 * time, in the order the I/O thread handed them over (which is the order the server sent them),
 * so user code never runs on the I/O thread and never sees a completion before the event that
 * preceded it on the wire.
 *
 * <p>The queue is bounded softly: the I/O thread checks {@link #backlog()} after each read and,
 * above its limit, stops reading from the socket and asks {@link #whenBelow} to be told when the
 * backlog has drained (backpressure instead of dropping events). A task that throws is logged and
 * the thread carries on. After {@link #shutdown()} the thread finishes what is queued and exits;
 * tasks handed over later (only possible in races with close) run on the common pool. User tasks
 * ({@link #submit}) are the exception: they run on the event thread or are rejected, never
 * elsewhere, and at most a given number of them wait at a time.
 *
 * <p>Thread-safe: any thread may call {@link #execute}; tasks run on the one event thread.
 */
public final class EventDispatcher implements Executor {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    private static final Runnable STOP = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicReference<Runnable> drained = new AtomicReference<>();
    private final AtomicInteger userPending = new AtomicInteger();
    /** Orders user submissions against {@link #shutdown()}: an accepted task is queued before STOP. */
    private final ReentrantLock gate = new ReentrantLock();
    private final Thread thread;
    private volatile int drainedMark;
    private volatile boolean stopped;

    public EventDispatcher(String threadName) {
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            CompletableFuture.runAsync(task);
            return;
        }
        backlog.incrementAndGet();
        queue.add(task);
    }

    /**
     * Queues a user task to run on the event thread after everything handed over so far.
     *
     * @throws RejectedExecutionException if the dispatcher is shut down or {@code maxPending} user
     *     tasks are already waiting
     */
    public void submit(Runnable task, int maxPending) {
        java.util.Objects.requireNonNull(task, "task");
        gate.lock();
        try {
            if (stopped) {
                throw new RejectedExecutionException("the client is closed; its event thread has stopped");
            }
            if (userPending.incrementAndGet() > maxPending) {
                userPending.decrementAndGet();
                throw new RejectedExecutionException(maxPending + " tasks already wait for the event thread");
            }
            backlog.incrementAndGet();
            queue.add(() -> {
                userPending.decrementAndGet();
                task.run();
            });
        } finally {
            gate.unlock();
        }
    }

    /** Tasks queued and not yet finished. */
    public int backlog() {
        return backlog.get();
    }

    /** Runs {@code action} once (on the event thread) when the backlog falls to {@code mark} or below. */
    public void whenBelow(int mark, Runnable action) {
        drainedMark = mark;
        drained.set(action);
        if (backlog.get() <= mark) {
            Runnable a = drained.getAndSet(null);
            if (a != null) {
                a.run();
            }
        }
    }

    /** Whether the caller is the event thread (blocking calls from it would deadlock). */
    public boolean isEventThread() {
        return Thread.currentThread() == thread;
    }

    /** Lets the thread finish what is queued, then exit. Idempotent. */
    public void shutdown() {
        gate.lock();
        try {
            if (!stopped) {
                stopped = true;
                queue.add(STOP);
            }
        } finally {
            gate.unlock();
        }
    }

    /** Waits up to {@code timeoutMs} for the thread to exit (not from the event thread itself). */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        if (isEventThread()) {
            return false;
        }
        thread.join(Math.max(1, timeoutMs));
        return !thread.isAlive();
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                LOG.log(Level.WARNING, "event thread interrupted; stopping");
                return;
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "a watcher, listener or completion threw", e);
            }
            int left = backlog.decrementAndGet();
            if (left <= drainedMark && drained.get() != null) {
                Runnable a = drained.getAndSet(null);
                if (a != null) {
                    a.run();
                }
            }
        }
    }
}
