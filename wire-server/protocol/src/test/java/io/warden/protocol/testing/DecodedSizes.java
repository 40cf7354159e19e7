package io.warden.protocol.testing;

import io.warden.protocol.data.Bytes;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Checks that a decoded value holds no more than its input could encode: every {@link Bytes},
 * String and list is no larger than the input, and all of them together (4 bytes per list element,
 * which is the least any element takes; one byte per buffer byte; one byte per string char, as
 * UTF-8 never gives more chars than bytes) fit in the input. A decoder that trusted a hostile
 * length or count would break this before it ran out of memory. Walks records, lists and
 * {@code Bytes} by reflection. Thread-safe (a class-value cache of record accessors).
 */
public final class DecodedSizes {
    /** Record accessors per class (looking them up each time dominated fuzzing time). */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
            }
            return accessors;
        }
    };

    private DecodedSizes() {
    }

    /** Throws an AssertionError if {@code decoded} holds more than {@code inputBytes} allow. */
    public static void check(Object decoded, int inputBytes) {
        long total = walk(decoded, inputBytes, 0);
        if (total > inputBytes) {
            throw new AssertionError("decoded content of " + total + " bytes from " + inputBytes
                    + " input bytes: " + decoded);
        }
    }

    private static long walk(Object o, int limit, int depth) {
        if (o == null || depth > 64) {
            return 0;
        }
        if (o instanceof Bytes b) {
            require(b.length() <= limit, "buffer of " + b.length(), limit);
            return b.length();
        }
        if (o instanceof String s) {
            require(s.length() <= limit, "string of " + s.length() + " chars", limit);
            return s.length();
        }
        if (o instanceof List<?> list) {
            require((long) list.size() * 4 <= limit, "list of " + list.size(), limit);
            long sum = 4L * list.size();
            for (Object e : list) {
                sum += walk(e, limit, depth + 1);
            }
            return sum;
        }
        if (o instanceof Record r) {
            long sum = 0;
            for (Method accessor : ACCESSORS.get(r.getClass())) {
                try {
                    sum += walk(accessor.invoke(r), limit, depth + 1);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return sum;
        }
        return 0;
    }

    private static void require(boolean ok, String what, int limit) {
        if (!ok) {
            throw new AssertionError(what + " decoded from " + limit + " input bytes");
        }
    }
}
