package io.warden.recipe.config;

/**
 * Told each change of one configuration node, decoded with its {@link Codec}, in order, in the
 * cache's serial context (usually the client's event thread). Must not block.
 */
@FunctionalInterface
public interface ConfigListener<T> {
    void changed(ConfigChange<T> change);
}
