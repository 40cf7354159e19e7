package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of getData (4), also used for getConfig.
 * Mirrors jute {@code org.apache.zookeeper.proto.GetDataRequest}. Immutable.
 */
public record GetDataRequest(String path, boolean watch) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBool(watch);
    }

    public static GetDataRequest read(WireReader in) {
        return new GetDataRequest(in.readString(), in.readBool());
    }
}
