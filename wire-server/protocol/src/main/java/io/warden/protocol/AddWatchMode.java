package io.warden.protocol;

/** The {@code mode} of addWatch. {@link #fromCode(int)} returns {@code null} for other values. */
public enum AddWatchMode {
    PERSISTENT(0),
    PERSISTENT_RECURSIVE(1);

    private final int code;

    AddWatchMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static AddWatchMode fromCode(int code) {
        return code == 0 ? PERSISTENT : code == 1 ? PERSISTENT_RECURSIVE : null;
    }
}
