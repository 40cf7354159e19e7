package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of a watch notification (xid -1).
 * Mirrors jute {@code org.apache.zookeeper.proto.WatcherEvent}. Immutable.
 */
public record WatcherEvent(int type, int state, String path) implements Response {
    @Override
    public void write(WireWriter out) {
        out.writeInt(type);
        out.writeInt(state);
        out.writeString(path);
    }

    public static WatcherEvent read(WireReader in) {
        return new WatcherEvent(
                in.readInt(),
                in.readInt(),
                in.readString());
    }
}
