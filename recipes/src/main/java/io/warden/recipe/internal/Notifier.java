package io.warden.recipe.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers listener notifications in the order they were posted, one at a time, without holding
 * the poster's lock while listeners run: post while holding your state lock (so the order of posts
 * is the order of state changes), then {@link #drain()} after releasing it. Whichever thread finds
 * the queue free runs what is pending; a post that races with a finishing drainer is picked up by
 * the re-check after unlocking, so nothing is stranded. Thread-safe.
 */
public final class Notifier {
    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
    /** Queued notifications before posting fails loudly (listeners that never return). */
    public static final int MAX_PENDING = 100_000;

    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock draining = new ReentrantLock();

    /** Queues a notification. */
    public void post(Runnable notification) {
        if (pending.size() >= MAX_PENDING) {
            throw new IllegalStateException("more than " + MAX_PENDING + " notifications pending");
        }
        pending.add(notification);
    }

    /** Runs pending notifications unless another thread is already doing so. */
    public void drain() {
        while (true) {
            if (!draining.tryLock()) {
                return;
            }
            try {
                Runnable r;
                while ((r = pending.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "a recipe listener threw", e);
                    }
                }
            } finally {
                draining.unlock();
            }
            if (pending.isEmpty()) {
                return;
            }
        }
    }
}
