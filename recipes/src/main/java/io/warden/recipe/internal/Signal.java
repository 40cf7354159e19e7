package io.warden.recipe.internal;

import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.WardenClient;
import io.warden.client.WatchedEvent;
import io.warden.client.Watcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One round of a blocking "read, then wait for a change" loop: a watcher for the read, which also
 * fires when the connection comes back (RECONNECTED: something may have changed unseen; CONNECTED:
 * a new session, whose watches are gone), so a waiter always looks again. Use one per round and
 * close it. Thread-safe.
 */
public final class Signal implements Watcher, ConnectionStateListener, AutoCloseable {
    private final WardenClient client;
    private final CompletableFuture<Void> fired = new CompletableFuture<>();

    private Signal(WardenClient client) {
        this.client = client;
    }

    /** A new signal listening to {@code client}'s connection states. */
    public static Signal arm(WardenClient client) {
        Signal s = new Signal(client);
        client.addConnectionStateListener(s);
        return s;
    }

    @Override
    public void process(WatchedEvent event) {
        fired.complete(null);
    }

    @Override
    public void stateChanged(ConnectionState state, long sessionId) {
        if (state == ConnectionState.RECONNECTED || state == ConnectionState.CONNECTED
                || state == ConnectionState.READ_ONLY) {
            fired.complete(null);
        }
    }

    /** Fires the signal by hand (e.g. to wake a waiter on close). */
    public void fire() {
        fired.complete(null);
    }

    /** Waits until fired or {@code nanos} pass; false on timeout. */
    public boolean await(long nanos) throws InterruptedException {
        try {
            fired.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public void close() {
        client.removeConnectionStateListener(this);
    }
}
