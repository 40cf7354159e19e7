package io.warden.protocol.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Immutable bytes: a jute {@code buffer} value. A null buffer is a {@code null} reference to
 * {@code Bytes}; an empty buffer is {@link #EMPTY}. Equality is by content.
 *
 * <p>Immutable and thread-safe.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;
    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, or {@code null} for {@code null}. */
    public static Bytes copyOf(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /**
     * Takes ownership of {@code bytes} without copying: the caller must never change the array
     * afterwards. For decoders that have just allocated it. {@code null} gives {@code null}.
     */
    public static Bytes wrapOwned(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    /** UTF-8 bytes of {@code s}, or {@code null} for {@code null}. */
    public static Bytes utf8(String s) {
        return s == null ? null : wrapOwned(s.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    public byte get(int index) {
        return bytes[index];
    }

    /** A fresh copy of the content. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * The backing array, not copied: callers must not modify it. For encoders on the hot path.
     */
    public byte[] unsafeArray() {
        return bytes;
    }

    public String toUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        if (bytes.length <= 64) {
            return "Bytes[" + HexFormat.of().formatHex(bytes) + "]";
        }
        return "Bytes[" + bytes.length + " bytes, " + HexFormat.of().formatHex(bytes, 0, 32) + "...]";
    }
}
