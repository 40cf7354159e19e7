package io.warden.recipe.lock;

/**
 * Where a {@link LockHandle} stands. Immutable.
 * <ul>
 *   <li>{@link #HELD}: our lock node exists, belongs to our session, and we are first in line.</li>
 *   <li>{@link #SUSPENDED}: the connection dropped while holding; the session (and the lock) may
 *       already be gone on the server. Stop touching the protected resource until
 *       {@link #HELD} again; guarded writes fail anyway if the lock is gone.</li>
 *   <li>{@link #LOST}: the session was lost or our node was deleted; someone else may hold the
 *       lock now. Final: close the handle.</li>
 *   <li>{@link #RELEASED}: closed by us. Final.</li>
 * </ul>
 */
public enum LockState {
    HELD,
    SUSPENDED,
    LOST,
    RELEASED
}
