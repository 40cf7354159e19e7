package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of getChildren2 (12).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetChildren2Request}. Immutable.
 */
public record GetChildren2Request(String path, boolean watch) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBool(watch);
    }

    public static GetChildren2Request read(WireReader in) {
        return new GetChildren2Request(in.readString(), in.readBool());
    }
}
