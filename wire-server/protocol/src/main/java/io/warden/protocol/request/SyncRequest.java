package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of sync (9).
 * Mirrors jute {@code org.apache.zookeeper.proto.SyncRequest}. Immutable.
 */
public record SyncRequest(String path) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
    }

    public static SyncRequest read(WireReader in) {
        return new SyncRequest(in.readString());
    }
}
