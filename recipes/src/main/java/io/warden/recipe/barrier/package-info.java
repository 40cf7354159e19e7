/**
 * Barriers, laid out as Curator's: {@link io.warden.recipe.barrier.Barrier} (one node; waiters
 * block while it exists) and {@link io.warden.recipe.barrier.DoubleBarrier} (a group enters
 * together once {@code memberQty} members are present, and leaves together).
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.internal}, {@code io.warden.recipe.support}, the JDK.
 *
 * <p>Threading: thread-safe; waits happen on the caller's thread and refuse the client's event
 * thread.
 */
package io.warden.recipe.barrier;
