package io.warden.recipe.registry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Hands out one instance of a service at a time, chosen by a {@link ProviderStrategy} among the
 * enabled instances of its own {@link ServiceCache} (Curator's {@code ServiceProvider}).
 *
 * <p>Thread-safe.
 */
public final class ServiceProvider<T> implements AutoCloseable {
    private final ServiceCache<T> cache;
    private final ProviderStrategy<T> strategy;

    ServiceProvider(ServiceCache<T> cache, ProviderStrategy<T> strategy) {
        this.cache = cache;
        this.strategy = strategy;
    }

    public CompletableFuture<Void> start() {
        return cache.start();
    }

    public boolean awaitInitialized(Duration timeout) throws InterruptedException {
        return cache.awaitInitialized(timeout);
    }

    /** An instance, or empty if none is enabled. */
    public Optional<ServiceInstance<T>> instance() {
        return strategy.choose(enabled());
    }

    /** Every enabled instance, sorted by id. */
    public List<ServiceInstance<T>> enabled() {
        return cache.instances().stream().filter(ServiceInstance::enabled).toList();
    }

    @Override
    public void close() {
        cache.close();
    }
}
