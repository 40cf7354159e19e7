package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of getAllChildrenNumber (104).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetAllChildrenNumberRequest}. Immutable.
 */
public record GetAllChildrenNumberRequest(String path) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
    }

    public static GetAllChildrenNumberRequest read(WireReader in) {
        return new GetAllChildrenNumberRequest(in.readString());
    }
}
