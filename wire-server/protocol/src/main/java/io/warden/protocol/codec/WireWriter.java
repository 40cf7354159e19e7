package io.warden.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.util.List;

/**
 * Writes jute primitives (big-endian ints and longs, length-prefixed buffers, ustrings and vectors
 * with -1 for null) into a netty {@link ByteBuf}.
 *
 * <p>Thread-confined: one writer per buffer, used by one thread.
 */
public final class WireWriter {
    private final ByteBuf buf;

    public WireWriter(ByteBuf buf) {
        this.buf = buf;
    }

    public ByteBuf buffer() {
        return buf;
    }

    public WireWriter writeInt(int v) {
        buf.writeInt(v);
        return this;
    }

    public WireWriter writeLong(long v) {
        buf.writeLong(v);
        return this;
    }

    /** Writes 0x01 for true (Kazoo checks == 1), 0x00 for false. */
    public WireWriter writeBool(boolean v) {
        buf.writeByte(v ? 1 : 0);
        return this;
    }

    /** A buffer: length then bytes; -1 for null. */
    public WireWriter writeBuffer(Bytes b) {
        if (b == null) {
            buf.writeInt(-1);
        } else {
            buf.writeInt(b.length());
            buf.writeBytes(b.unsafeArray());
        }
        return this;
    }

    /**
     * A ustring: UTF-8 byte length then bytes; -1 for null. For strings in the Basic Multilingual
     * Plane without lone surrogates this is byte-identical to jute's writer.
     */
    public WireWriter writeString(String s) {
        if (s == null) {
            buf.writeInt(-1);
            return this;
        }
        int lengthIndex = buf.writerIndex();
        buf.writeInt(0);
        int written = ByteBufUtil.writeUtf8(buf, s);
        buf.setInt(lengthIndex, written);
        return this;
    }

    /** A vector of ustrings; -1 for a null list. */
    public WireWriter writeStrings(List<String> list) {
        if (list == null) {
            buf.writeInt(-1);
            return this;
        }
        buf.writeInt(list.size());
        for (int i = 0; i < list.size(); i++) {
            writeString(list.get(i));
        }
        return this;
    }

    /** A vector of ACLs; -1 for a null list. */
    public WireWriter writeAcls(List<Acl> list) {
        if (list == null) {
            buf.writeInt(-1);
            return this;
        }
        buf.writeInt(list.size());
        for (int i = 0; i < list.size(); i++) {
            list.get(i).write(this);
        }
        return this;
    }

    /** A vector of records; -1 for a null list. */
    public WireWriter writeRecords(List<? extends WireRecord> list) {
        if (list == null) {
            buf.writeInt(-1);
            return this;
        }
        buf.writeInt(list.size());
        for (int i = 0; i < list.size(); i++) {
            list.get(i).write(this);
        }
        return this;
    }
}
