/**
 * Centralised configuration: {@link io.warden.recipe.config.ConfigWatcher} keeps a subtree such as
 * {@code /config} cached (a {@link io.warden.recipe.cache.SubtreeCache}: persistent recursive
 * watch, full resync after reconnect or session loss) and hands out typed values
 * ({@link io.warden.recipe.config.Codec}, {@link io.warden.recipe.config.Codecs}) and typed change
 * listeners ({@link io.warden.recipe.config.ConfigListener}).
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.cache}, {@code io.warden.recipe.json}, {@code io.warden.recipe.internal},
 * the JDK.
 *
 * <p>Threading: thread-safe; listeners run in the cache's serial context (usually the client's
 * event thread), in order, and must not block.
 */
package io.warden.recipe.config;
