/**
 * A local copy of a znode subtree kept current by one persistent recursive watch
 * ({@link io.warden.recipe.cache.SubtreeCache}): an initial load, then every created, changed and
 * deleted node as the server reports it, and a full resync after each reconnect and each new
 * session, so the copy never silently diverges from the server. The config watcher and the
 * service registry's cache are built on it.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.internal}, {@code io.warden.recipe.support}, Guava, the JDK.
 *
 * <p>Threading: the cache is thread-safe; its state is confined to a serial context (usually the
 * client's event thread) and published as immutable snapshots; listeners run in that context, in
 * order, and must not block.
 */
package io.warden.recipe.cache;
