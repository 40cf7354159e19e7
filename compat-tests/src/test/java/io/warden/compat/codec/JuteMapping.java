package io.warden.compat.codec;

import io.warden.protocol.data.Bytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;

/**
 * Maps our wire records to the official jute classes and back, field by field, and runs jute's
 * own serializer and deserializer. Our record components carry the jute field names (house
 * style), so the mapping is by name: component {@code path} of our {@code CreateRequest} is
 * {@code getPath()}/{@code setPath()} of {@code org.apache.zookeeper.proto.CreateRequest}.
 * {@link #checkSameFields} proves that the two classes have exactly the same fields, so a field
 * we forgot cannot hide. Values convert as {@code Bytes <-> byte[]}, lists element by element,
 * nested records recursively; {@code hasReadOnly} (ours only: whether the optional byte came) is
 * skipped towards jute and true from jute, which always has the byte.
 *
 * <p>Stateless.
 */
final class JuteMapping {
    private static final String PROTO = "org.apache.zookeeper.proto.";
    private static final String DATA = "org.apache.zookeeper.data.";
    private static final Set<String> DATA_RECORDS = Set.of("Stat", "Id", "ClientInfo");
    static final String HAS_READ_ONLY = "hasReadOnly";

    private JuteMapping() {
    }

    /** The jute class mirroring our record class. */
    static Class<?> juteClassOf(Class<?> ours) {
        String name = ours.getSimpleName();
        String jute = name.equals("Acl") ? DATA + "ACL"
                : DATA_RECORDS.contains(name) ? DATA + name : PROTO + name;
        try {
            return Class.forName(jute);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no jute class " + jute + " for " + ours.getName(), e);
        }
    }

    /** Fails unless the jute class has exactly our components as fields (minus hasReadOnly). */
    static void checkSameFields(Class<?> ours) {
        Set<String> ourNames = new TreeSet<>();
        for (RecordComponent c : ours.getRecordComponents()) {
            if (!c.getName().equals(HAS_READ_ONLY)) {
                ourNames.add(c.getName());
            }
        }
        Set<String> juteNames = new TreeSet<>();
        for (Field f : juteClassOf(ours).getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                juteNames.add(f.getName());
            }
        }
        if (!ourNames.equals(juteNames)) {
            throw new AssertionError(ours.getSimpleName() + " has fields " + ourNames + ", jute has "
                    + juteNames);
        }
    }

    /** The jute object with the same field values as {@code ours}. */
    static org.apache.jute.Record toJute(Record ours) {
        Class<?> juteClass = juteClassOf(ours.getClass());
        try {
            Object jute = juteClass.getConstructor().newInstance();
            for (RecordComponent c : ours.getClass().getRecordComponents()) {
                if (c.getName().equals(HAS_READ_ONLY)) {
                    continue;
                }
                Object value = toJuteValue(c.getAccessor().invoke(ours));
                Method setter = findMethod(juteClass, "set" + capitalize(c.getName()));
                setter.invoke(jute, value);
            }
            return (org.apache.jute.Record) jute;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot map " + ours + " to " + juteClass.getName(), e);
        }
    }

    /** Converts one of our field values to jute's representation. */
    static Object toJuteValue(Object value) {
        if (value instanceof Bytes b) {
            return b.toByteArray();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object e : list) {
                out.add(toJuteValue(e));
            }
            return out;
        }
        if (value instanceof Record r) {
            return toJute(r);
        }
        return value;
    }

    /** Our record of class {@code ours} with the field values of {@code jute}. */
    static <T extends Record> T fromJute(Object jute, Class<T> ours) {
        RecordComponent[] components = ours.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                if (c.getName().equals(HAS_READ_ONLY)) {
                    args[i] = true;
                    continue;
                }
                Object value = findMethod(jute.getClass(), "get" + capitalize(c.getName())).invoke(jute);
                args[i] = fromJuteValue(value, c.getGenericType());
            }
            Constructor<T> constructor = ours.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot map " + jute + " to " + ours.getName(), e);
        }
    }

    /** Converts a jute field value to ours, given our component's declared type. */
    @SuppressWarnings("unchecked")
    static Object fromJuteValue(Object value, Type ourType) {
        if (value == null) {
            return null;
        }
        Class<?> raw = ourType instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) ourType;
        if (raw == Bytes.class) {
            return Bytes.copyOf((byte[]) value);
        }
        if (raw == List.class) {
            Type element = ((ParameterizedType) ourType).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (Object e : (List<Object>) value) {
                out.add(fromJuteValue(e, element));
            }
            return out;
        }
        if (raw.isRecord()) {
            return fromJute(value, (Class<? extends Record>) raw);
        }
        return value;
    }

    /** jute's own serialization of {@code record}. */
    static byte[] serialize(org.apache.jute.Record record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            record.serialize(BinaryOutputArchive.getArchive(bytes), "record");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * jute's own deserialization of {@code bytes} into {@code empty}; fails if jute leaves bytes
     * unread (ours wrote something jute does not expect).
     */
    static <R extends org.apache.jute.Record> R deserialize(byte[] bytes, R empty) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        empty.deserialize(BinaryInputArchive.getArchive(in), "record");
        if (in.available() != 0) {
            throw new AssertionError("jute left " + in.available() + " of " + bytes.length
                    + " bytes unread in " + empty.getClass().getSimpleName());
        }
        return empty;
    }

    /** A fresh jute object of the class mirroring {@code ours}. */
    static org.apache.jute.Record newJute(Class<?> ours) {
        try {
            return (org.apache.jute.Record) juteClassOf(ours).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Method findMethod(Class<?> type, String name) throws NoSuchMethodException {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && (name.startsWith("get") ? m.getParameterCount() == 0
                    : m.getParameterCount() == 1)) {
                return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
