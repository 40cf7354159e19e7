package io.warden.recipe.internal;

import io.warden.client.WardenClient;
import java.util.concurrent.CompletableFuture;

/**
 * Tells whether the caller is a client's event thread, where blocking would deadlock. The client
 * keeps that test to itself, but its blocking API refuses the event thread with an
 * IllegalStateException; awaiting a completed future asks it without waiting. Stateless.
 */
public final class EventThreads {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private EventThreads() {
    }

    public static boolean isEventThread(WardenClient client) {
        try {
            client.blocking().await(DONE);
            return false;
        } catch (IllegalStateException e) {
            return true;
        } catch (Exception e) {
            return false; // a completed future neither fails nor waits
        }
    }

    /** Throws IllegalStateException on the event thread: a blocking recipe call there would deadlock. */
    public static void checkNotEventThread(WardenClient client) {
        if (isEventThread(client)) {
            throw new IllegalStateException("blocking recipe call on the client's event thread would deadlock");
        }
    }
}
