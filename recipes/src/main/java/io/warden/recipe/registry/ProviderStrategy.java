package io.warden.recipe.registry;

import io.warden.recipe.support.IdSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Picks one instance out of the current ones (Curator's {@code ProviderStrategy}). The list a
 * strategy gets is sorted by id and holds enabled instances only. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ProviderStrategy<T> {
    Optional<ServiceInstance<T>> choose(List<ServiceInstance<T>> instances);

    /** A uniformly random instance from {@code ids} (seed it for reproducible tests). */
    static <T> ProviderStrategy<T> random(IdSource ids) {
        Objects.requireNonNull(ids, "ids");
        return instances -> instances.isEmpty() ? Optional.empty()
                : Optional.of(instances.get(ids.nextInt(instances.size())));
    }

    /** Each instance in turn. */
    static <T> ProviderStrategy<T> roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return instances -> instances.isEmpty() ? Optional.empty()
                : Optional.of(instances.get(Math.floorMod(next.getAndIncrement(), instances.size())));
    }

    /**
     * The same instance as last time while it is still there; otherwise whatever {@code delegate}
     * picks, which then sticks.
     */
    static <T> ProviderStrategy<T> sticky(ProviderStrategy<T> delegate) {
        Objects.requireNonNull(delegate, "delegate");
        AtomicReference<String> stuck = new AtomicReference<>();
        return instances -> {
            String id = stuck.get();
            if (id != null) {
                for (ServiceInstance<T> i : instances) {
                    if (i.id().equals(id)) {
                        return Optional.of(i);
                    }
                }
            }
            Optional<ServiceInstance<T>> chosen = delegate.choose(instances);
            stuck.set(chosen.map(ServiceInstance::id).orElse(null));
            return chosen;
        };
    }
}
