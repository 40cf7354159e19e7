package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;

/** Header of every request frame after the handshake. Mirrors jute {@code org.apache.zookeeper.proto.RequestHeader}. Immutable. */
public record RequestHeader(int xid, int type) implements WireRecord {
    public static final int BYTES = 8;

    @Override
    public void write(WireWriter out) {
        out.writeInt(xid).writeInt(type);
    }

    public static RequestHeader read(WireReader in) {
        return new RequestHeader(in.readInt(), in.readInt());
    }
}
