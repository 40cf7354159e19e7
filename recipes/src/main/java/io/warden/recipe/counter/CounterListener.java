package io.warden.recipe.counter;

/**
 * Told each value of a {@link SharedCounter} it observes (changes may be skipped: a watch reports
 * the latest value, not every one), in order, in the counter's serial context. Must not block.
 */
@FunctionalInterface
public interface CounterListener {
    void countChanged(VersionedValue<Integer> value);
}
