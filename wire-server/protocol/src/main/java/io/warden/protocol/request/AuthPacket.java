package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;

/**
 * Body of auth (100), sent with xid -4.
 * Mirrors jute {@code org.apache.zookeeper.proto.AuthPacket}. Immutable.
 */
public record AuthPacket(int type, String scheme, Bytes auth) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeInt(type);
        out.writeString(scheme);
        out.writeBuffer(auth);
    }

    public static AuthPacket read(WireReader in) {
        return new AuthPacket(
                in.readInt(),
                in.readString(),
                in.readBuffer());
    }
}
