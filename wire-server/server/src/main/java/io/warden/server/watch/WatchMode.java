package io.warden.server.watch;

/**
 * How a watch entry behaves when triggered (ZooKeeper's {@code WatcherMode}). An entry of one
 * (path, connection) pair in one table may hold several modes at once, as bits. Immutable.
 */
public enum WatchMode {
    /** One-shot: getData/exists (data table) and getChildren (child table). */
    STANDARD(1),
    /** addWatch mode 0: in both tables, fires for its own path only, kept after firing. */
    PERSISTENT(2),
    /** addWatch mode 1: data table only, fires for the path and every descendant, kept. */
    PERSISTENT_RECURSIVE(4);

    private final int bit;

    WatchMode(int bit) {
        this.bit = bit;
    }

    int bit() {
        return bit;
    }
}
