package io.warden.recipe.registry;

import java.util.List;

/**
 * Told the instances of a service each time they change (after the initial load, and once after
 * each resync), sorted by id, in the cache's serial context (usually the client's event thread).
 * Must not block.
 */
@FunctionalInterface
public interface ServiceCacheListener<T> {
    void cacheChanged(List<ServiceInstance<T>> instances);
}
