package io.warden.recipe.lock;

/**
 * Told each time a {@link LockHandle}'s state changes, in the lock's serial context (usually the
 * client's event thread). Must not block.
 */
@FunctionalInterface
public interface LockListener {
    void stateChanged(LockState state);
}
