package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of addWatch (106); mode 0 PERSISTENT, 1 PERSISTENT_RECURSIVE.
 * Mirrors jute {@code org.apache.zookeeper.proto.AddWatchRequest}. Immutable.
 */
public record AddWatchRequest(String path, int mode) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeInt(mode);
    }

    public static AddWatchRequest read(WireReader in) {
        return new AddWatchRequest(in.readString(), in.readInt());
    }
}
