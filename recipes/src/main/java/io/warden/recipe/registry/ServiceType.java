package io.warden.recipe.registry;

/**
 * Curator's {@code ServiceType}, with the same names on the wire. Dynamic instances are ephemeral
 * (they vanish with their session, and the registry re-registers them in the next one); static and
 * permanent ones are persistent. Immutable.
 */
public enum ServiceType {
    DYNAMIC,
    STATIC,
    PERMANENT,
    DYNAMIC_SEQUENTIAL;

    /** Whether instances of this type are ephemeral. */
    public boolean isDynamic() {
        return this == DYNAMIC || this == DYNAMIC_SEQUENTIAL;
    }
}
