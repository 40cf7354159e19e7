package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of exists (3).
 * Mirrors jute {@code org.apache.zookeeper.proto.ExistsRequest}. Immutable.
 */
public record ExistsRequest(String path, boolean watch) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBool(watch);
    }

    public static ExistsRequest read(WireReader in) {
        return new ExistsRequest(in.readString(), in.readBool());
    }
}
