package io.warden.protocol;

/**
 * The {@code type} of checkWatches/removeWatches ({@code Watcher.WatcherType}). Immutable.
 * {@link #fromCode(int)} returns {@code null} for an unknown value (server: MARSHALLINGERROR).
 */
public enum WatcherType {
    CHILDREN(1),
    DATA(2),
    ANY(3),
    PERSISTENT(4),
    PERSISTENT_RECURSIVE(5);

    private final int code;

    WatcherType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static WatcherType fromCode(int code) {
        return code >= 1 && code <= 5 ? values()[code - 1] : null;
    }
}
