package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;

/** Header of every reply frame after the handshake. Mirrors jute {@code org.apache.zookeeper.proto.ReplyHeader}. Immutable. */
public record ReplyHeader(int xid, long zxid, int err) implements WireRecord {
    public static final int BYTES = 16;

    @Override
    public void write(WireWriter out) {
        out.writeInt(xid).writeLong(zxid).writeInt(err);
    }

    public static ReplyHeader read(WireReader in) {
        return new ReplyHeader(in.readInt(), in.readLong(), in.readInt());
    }
}
