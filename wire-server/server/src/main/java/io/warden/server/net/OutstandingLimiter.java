package io.warden.server.net;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server-wide bound on requests in flight ({@code globalOutstandingLimit}): a connection
 * takes one permit per request it hands to the apply thread and gets it back when the reply is
 * written. A connection that finds no permit stops reading and {@linkplain #park parks}; each
 * release wakes parked connections while permits remain, so none waits forever.
 *
 * <p>Thread-safe: an atomic counter and a lock-free queue (at most one entry per connection, the
 * connection keeps the flag).
 */
final class OutstandingLimiter {
    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Connection> parked = new ConcurrentLinkedQueue<>();

    OutstandingLimiter(int limit) {
        this.limit = limit;
    }

    boolean tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= limit) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release(int permits) {
        if (permits > 0) {
            inFlight.addAndGet(-permits);
            wakeParked();
        }
    }

    /** Waits for a permit; the connection is woken on its event loop. */
    void park(Connection connection) {
        parked.add(connection);
        // A release may have happened between the failed acquire and the add.
        wakeParked();
    }

    int inFlight() {
        return inFlight.get();
    }

    private void wakeParked() {
        int free = limit - inFlight.get();
        while (free-- > 0) {
            Connection c = parked.poll();
            if (c == null) {
                return;
            }
            c.wake();
        }
    }
}
