package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of getEphemerals (103).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetEphemeralsRequest}. Immutable.
 */
public record GetEphemeralsRequest(String prefixPath) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(prefixPath);
    }

    public static GetEphemeralsRequest read(WireReader in) {
        return new GetEphemeralsRequest(in.readString());
    }
}
