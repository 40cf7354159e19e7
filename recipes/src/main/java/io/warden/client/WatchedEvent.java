package io.warden.client;

import io.warden.protocol.EventType;
import java.util.Objects;

/**
 * A watch event as delivered to a {@link Watcher}: its type, the znode path (chroot already
 * removed) and the zxid from the notification header (the triggering transaction on 3.9 servers,
 * -1 for catch-up events after setWatches and for the client-side removal events
 * DATA_WATCH_REMOVED, CHILD_WATCH_REMOVED and PERSISTENT_WATCH_REMOVED). Connection state changes
 * are not watch events: they go to {@link ConnectionStateListener}s. Immutable.
 */
public record WatchedEvent(EventType type, String path, long zxid) {
    public WatchedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
    }
}
