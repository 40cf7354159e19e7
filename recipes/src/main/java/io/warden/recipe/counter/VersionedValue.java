package io.warden.recipe.counter;

/** A value and the znode version it was read at (the compare part of compare-and-set). Immutable. */
public record VersionedValue<T>(int version, T value) {
}
