package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of getACL (6).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetACLRequest}. Immutable.
 */
public record GetACLRequest(String path) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
    }

    public static GetACLRequest read(WireReader in) {
        return new GetACLRequest(in.readString());
    }
}
