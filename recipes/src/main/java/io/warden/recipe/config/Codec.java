package io.warden.recipe.config;

/**
 * Turns a znode's bytes into a typed value. {@code decode} is never given {@code null} data (a
 * node with null data has no value). Implementations must be stateless or thread-safe; a failure
 * is reported to listeners as {@link ConfigChange.Kind#INVALID}, never swallowed.
 */
@FunctionalInterface
public interface Codec<T> {
    T decode(byte[] data) throws Exception;
}
