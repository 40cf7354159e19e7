package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of checkWatches (17); type is a WatcherType code.
 * Mirrors jute {@code org.apache.zookeeper.proto.CheckWatchesRequest}. Immutable.
 */
public record CheckWatchesRequest(String path, int type) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeInt(type);
    }

    public static CheckWatchesRequest read(WireReader in) {
        return new CheckWatchesRequest(in.readString(), in.readInt());
    }
}
