package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of removeWatches (18); type is a WatcherType code.
 * Mirrors jute {@code org.apache.zookeeper.proto.RemoveWatchesRequest}. Immutable.
 */
public record RemoveWatchesRequest(String path, int type) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeInt(type);
    }

    public static RemoveWatchesRequest read(WireReader in) {
        return new RemoveWatchesRequest(in.readString(), in.readInt());
    }
}
