package io.warden.recipe.config;

/** A configuration value exists but does not decode; the cause says why. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
