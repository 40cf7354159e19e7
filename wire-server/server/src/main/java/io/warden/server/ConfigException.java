package io.warden.server;

/**
 * An invalid setting or invocation. Its message is one line meant for an operator (no stack
 * trace is printed for it): {@link Main} prints it on stderr and exits with code 2, as ZooKeeper's
 * {@code ZooKeeperServerMain} does for a bad configuration. Immutable.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    /** An invalid value for {@code key}. */
    public static ConfigException invalid(String key, Object value, String expected) {
        return new ConfigException("invalid value for " + key + ": '" + value + "' (" + expected + ")");
    }
}
