package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;

/**
 * Body of setData (5).
 * Mirrors jute {@code org.apache.zookeeper.proto.SetDataRequest}. Immutable.
 */
public record SetDataRequest(String path, Bytes data, int version) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeInt(version);
    }

    public static SetDataRequest read(WireReader in) {
        return new SetDataRequest(
                in.readString(),
                in.readBuffer(),
                in.readInt());
    }
}
