package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of check (13), valid only inside multi.
 * Mirrors jute {@code org.apache.zookeeper.proto.CheckVersionRequest}. Immutable.
 */
public record CheckVersionRequest(String path, int version) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeInt(version);
    }

    public static CheckVersionRequest read(WireReader in) {
        return new CheckVersionRequest(in.readString(), in.readInt());
    }
}
