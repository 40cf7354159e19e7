package io.warden.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Lists;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Reads jute primitives from a netty {@link ByteBuf}. Every length and count is checked against
 * the bytes that remain before anything is allocated, so a hostile frame can never make the
 * reader allocate more than the frame itself; a violation is a {@link CodecException}.
 *
 * <p>Thread-confined: one reader per buffer, used by one thread.
 */
public final class WireReader {
    private final ByteBuf buf;

    public WireReader(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public int remaining() {
        return buf.readableBytes();
    }

    public boolean hasRemaining() {
        return buf.isReadable();
    }

    private void need(int bytes, String what) {
        if (buf.readableBytes() < bytes) {
            throw new CodecException("truncated " + what + ": need " + bytes + " bytes, have "
                    + buf.readableBytes());
        }
    }

    public int readInt() {
        need(4, "int");
        return buf.readInt();
    }

    public long readLong() {
        need(8, "long");
        return buf.readLong();
    }

    /** Any non-zero byte is true, as in Java readers. */
    public boolean readBool() {
        need(1, "boolean");
        return buf.readByte() != 0;
    }

    private int readLength(String what) {
        int len = readInt();
        if (len < -1) {
            throw new CodecException("negative " + what + " length " + len);
        }
        if (len > buf.readableBytes()) {
            throw new CodecException(what + " length " + len + " exceeds the " + buf.readableBytes()
                    + " bytes left in the frame");
        }
        return len;
    }

    /** A buffer; {@code null} for length -1. */
    public Bytes readBuffer() {
        int len = readLength("buffer");
        if (len < 0) {
            return null;
        }
        if (len == 0) {
            return Bytes.EMPTY;
        }
        byte[] b = new byte[len];
        buf.readBytes(b);
        return Bytes.wrapOwned(b);
    }

    /** A ustring decoded as UTF-8 (malformed sequences replaced); {@code null} for length -1. */
    public String readString() {
        int len = readLength("ustring");
        if (len < 0) {
            return null;
        }
        if (len == 0) {
            return "";
        }
        String s = buf.toString(buf.readerIndex(), len, StandardCharsets.UTF_8);
        buf.skipBytes(len);
        return s;
    }

    /**
     * A vector count, checked against the remaining bytes given the smallest encoded size of one
     * element. Returns -1 for a null vector.
     */
    public int readCount(int minElementBytes) {
        int count = readInt();
        if (count < -1) {
            throw new CodecException("negative vector count " + count);
        }
        if (count > 0 && (long) count * minElementBytes > buf.readableBytes()) {
            throw new CodecException("vector count " + count + " exceeds the bytes left in the frame");
        }
        return count;
    }

    /** A vector of ustrings; {@code null} for a null vector. Elements may be null. */
    public List<String> readStrings() {
        return readList(4, r -> r.readString());
    }

    /** A vector of ACLs; {@code null} for a null vector. */
    public List<Acl> readAcls() {
        return readList(12, Acl::read);
    }

    /** A vector of records with the given minimum encoded size; {@code null} for a null vector. */
    public <T> List<T> readList(int minElementBytes, Function<WireReader, T> element) {
        int count = readCount(minElementBytes);
        if (count < 0) {
            return null;
        }
        if (count == 0) {
            return List.of();
        }
        Object[] elements = new Object[count];
        for (int i = 0; i < count; i++) {
            elements[i] = element.apply(this);
        }
        return Lists.wrapOwned(elements);
    }

    /** Fails unless the whole frame has been consumed. */
    public void expectEnd(String what) {
        if (buf.isReadable()) {
            throw new CodecException(buf.readableBytes() + " trailing bytes after " + what);
        }
    }
}
