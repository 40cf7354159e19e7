/**
 * Locks on ephemeral-sequential znodes: {@link io.warden.recipe.lock.Mutex} (reentrant, with
 * Curator-compatible protected names so that Curator's {@code InterProcessMutex} on the same path
 * takes part in the same queue), {@link io.warden.recipe.lock.ReadWriteLock} (Curator's
 * {@code __READ__}/{@code __WRIT__} names) and {@link io.warden.recipe.lock.Semaphore} (leases,
 * laid out as Curator's {@code InterProcessSemaphoreV2}). A holder gets a
 * {@link io.warden.recipe.lock.LockHandle}: releasable from any thread, with a fencing token (the
 * czxid of its lock node) and guarded writes (a multi that first checks the lock node), so a holder
 * that lost its lock without noticing cannot write.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol},
 * {@code io.warden.recipe.internal}, {@code io.warden.recipe.support}, Guava, the JDK.
 *
 * <p>Threading: every public class is thread-safe. Waiting happens on the caller's thread (or, for
 * the async forms, nowhere); state changes run in each lock's serial context, usually the client's
 * event thread, and listeners called from there must not block.
 */
package io.warden.recipe.lock;
