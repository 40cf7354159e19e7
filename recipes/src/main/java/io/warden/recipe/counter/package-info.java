/**
 * A shared integer ({@link io.warden.recipe.counter.SharedCounter}), stored as Curator's
 * {@code SharedCount} stores it (four bytes, big-endian), changed by compare-and-set on the node's
 * version, and watched.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.internal}, the JDK.
 *
 * <p>Threading: thread-safe; listeners run in the counter's serial context (usually the client's
 * event thread) and must not block.
 */
package io.warden.recipe.counter;
