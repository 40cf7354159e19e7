package io.warden.protocol.data;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Copies for record components that are jute vectors: {@code null} stays {@code null} (a null
 * vector is not an empty one) and elements may be {@code null} (Kazoo sends empty strings as
 * null). Stateless.
 *
 * <p>The lists it returns are unmodifiable views of arrays nobody else holds, so copying one of
 * them again is skipped: a decoded vector is allocated once, not once by the reader and again by
 * the record's compact constructor (see benchmarks/RESULTS-codec.md).
 */
public final class Lists {
    private Lists() {
    }

    /** An unmodifiable copy, {@code null} for {@code null}; a list made here is returned as is. */
    public static <T> List<T> copyNullable(List<T> list) {
        if (list == null) {
            return null;
        }
        if (list instanceof Frozen) {
            return list;
        }
        if (list.isEmpty()) {
            return List.of();
        }
        return new Frozen<>(list.toArray());
    }

    /**
     * An unmodifiable list over {@code elements} without copying: the caller hands the array over
     * and must never touch it again. For decoders that have just filled it. Elements may be null.
     */
    public static <T> List<T> wrapOwned(Object[] elements) {
        return elements.length == 0 ? List.of() : new Frozen<>(elements);
    }

    /** Unmodifiable list over an array only it holds; permits nulls. Immutable. */
    private static final class Frozen<T> extends AbstractList<T> implements RandomAccess {
        private final Object[] elements;

        Frozen(Object[] elements) {
            this.elements = elements;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T get(int index) {
            return (T) elements[index];
        }

        @Override
        public int size() {
            return elements.length;
        }
    }
}
