package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of getChildren (8).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetChildrenRequest}. Immutable.
 */
public record GetChildrenRequest(String path, boolean watch) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBool(watch);
    }

    public static GetChildrenRequest read(WireReader in) {
        return new GetChildrenRequest(in.readString(), in.readBool());
    }
}
