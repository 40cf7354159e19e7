package io.warden.protocol;

/** {@code Watcher.Event.KeeperState} with wire ints. Servers only ever send SYNC_CONNECTED. */
public enum KeeperState {
    UNKNOWN(-1),
    DISCONNECTED(0),
    NO_SYNC_CONNECTED(1),
    SYNC_CONNECTED(3),
    AUTH_FAILED(4),
    CONNECTED_READ_ONLY(5),
    SASL_AUTHENTICATED(6),
    EXPIRED(-112),
    CLOSED(7);

    private final int code;

    KeeperState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state for a wire int, or {@code null} if unknown. */
    public static KeeperState fromCode(int code) {
        for (KeeperState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
