package io.warden.client;

/**
 * Receives watch events. Used both as a one-shot watcher (getData, exists, getChildren: called at
 * most once, then forgotten) and as a persistent listener (addWatch: called for every event until
 * removed). Runs on the client's event thread, in the order the server sent the events and in
 * order with completions; it must not block.
 *
 * <p>Watchers are compared with {@code equals}: registering the same watcher twice for the same
 * path and kind keeps one registration, and an event reaches it once.
 */
@FunctionalInterface
public interface Watcher {
    void process(WatchedEvent event);
}
