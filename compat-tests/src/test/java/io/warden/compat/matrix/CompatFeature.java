package io.warden.compat.matrix;

/**
 * A column of the compatibility matrix: a feature area of the ZooKeeper protocol. Order is
 * column order. Immutable.
 */
public enum CompatFeature {
    CONNECT("connect/session"),
    CRUD("CRUD"),
    WATCHES("watches"),
    PERSISTENT_WATCHES("persistent watches"),
    MULTI("multi"),
    ACL("ACL/auth"),
    QUOTAS("quotas"),
    RECONNECT("reconnect/restart"),
    SESSION_EXPIRY("session expiry"),
    RECIPES("recipes"),
    FOUR_LETTER_WORDS("4lw");

    private final String title;

    CompatFeature(String title) {
        this.title = title;
    }

    /** The column heading. */
    public String title() {
        return title;
    }
}
