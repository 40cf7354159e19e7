package io.warden.recipe.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of one configuration node, decoded. Immutable.
 *
 * @param path the node
 * @param kind what happened
 * @param previous the value before ({@code null} if there was none or it did not decode)
 * @param current the value now ({@code null} for REMOVED and INVALID, or for a node with null data)
 * @param error why the new data did not decode (INVALID only)
 */
public record ConfigChange<T>(String path, Kind kind, T previous, T current, Throwable error) {
    /** What happened to the node. */
    public enum Kind {
        /** Created, changed, or found by a load or resync; {@code current} holds the value. */
        SET,
        /** Deleted (or found missing by a resync). */
        REMOVED,
        /** Its new data does not decode; {@code error} says why. Old values are not kept. */
        INVALID
    }

    public ConfigChange {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    public Optional<T> currentValue() {
        return Optional.ofNullable(current);
    }

    public Optional<T> previousValue() {
        return Optional.ofNullable(previous);
    }
}
