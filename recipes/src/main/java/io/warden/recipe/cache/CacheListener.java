package io.warden.recipe.cache;

/**
 * Told every {@link CacheEvent} of a {@link SubtreeCache}, in order, one at a time, in the cache's
 * serial context (usually the client's event thread). Must not block.
 */
@FunctionalInterface
public interface CacheListener {
    void event(CacheEvent event);
}
