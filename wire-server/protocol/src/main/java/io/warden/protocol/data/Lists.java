package io.warden.protocol.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Copies for record components that are jute vectors: {@code null} stays {@code null} (a null
 * vector is not an empty one) and elements may be {@code null} (Kazoo sends empty strings as
 * null). Stateless.
 */
public final class Lists {
    private Lists() {
    }

    /** An unmodifiable copy, {@code null} for {@code null}. */
    public static <T> List<T> copyNullable(List<T> list) {
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            return List.of();
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
