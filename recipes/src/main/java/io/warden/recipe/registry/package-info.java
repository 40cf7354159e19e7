/**
 * Service discovery, znode for znode and byte for byte compatible with curator-x-discovery:
 * instances live at {@code basePath/<name>/<id>} as JSON in the shape of Curator's
 * {@code ServiceInstance} ({@link io.warden.recipe.registry.InstanceJson}), so both libraries see
 * each other's instances. {@link io.warden.recipe.registry.ServiceRegistry} registers (ephemeral
 * instances are re-registered after a session loss), queries, and hands out
 * {@link io.warden.recipe.registry.ServiceCache}s (a {@link io.warden.recipe.cache.SubtreeCache}
 * per service) and {@link io.warden.recipe.registry.ServiceProvider}s with random, round-robin and
 * sticky {@link io.warden.recipe.registry.ProviderStrategy strategies}.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.cache}, {@code io.warden.recipe.json}, {@code io.warden.recipe.internal},
 * {@code io.warden.recipe.support}, Guava, the JDK.
 *
 * <p>Threading: value types are immutable; the registry, caches and providers are thread-safe;
 * listeners run in the cache's serial context (usually the client's event thread) and must not
 * block.
 */
package io.warden.recipe.registry;
