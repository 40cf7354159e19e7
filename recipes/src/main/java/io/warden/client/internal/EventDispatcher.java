package io.warden.client.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
 * tasks handed over later (only possible in races with close) run on the common pool.
 *
 * <p>Thread-safe: any thread may call {@link #execute}; tasks run on the one event thread.
 */
public final class EventDispatcher implements Executor {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());
    private static final Runnable STOP = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicReference<Runnable> drained = new AtomicReference<>();
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
        if (!stopped) {
            stopped = true;
            queue.add(STOP);
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
