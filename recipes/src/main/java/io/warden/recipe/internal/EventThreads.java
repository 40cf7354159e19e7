package io.warden.recipe.internal;

import io.warden.client.WardenClient;

/**
 * The recipes' guard against blocking on a client's event thread, where the reply being waited for
 * could never be delivered. Stateless.
 */
public final class EventThreads {
    private EventThreads() {
    }

    /** Throws IllegalStateException on the event thread: a blocking recipe call there would deadlock. */
    public static void checkNotEventThread(WardenClient client) {
        if (client.isEventThread()) {
            throw new IllegalStateException("blocking recipe call on the client's event thread would deadlock");
        }
    }
}
