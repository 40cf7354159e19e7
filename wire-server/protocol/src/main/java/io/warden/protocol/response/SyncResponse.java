package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Reply body of sync (9).
 * Mirrors jute {@code org.apache.zookeeper.proto.SyncResponse}. Immutable.
 */
public record SyncResponse(String path) implements Response {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
    }

    public static SyncResponse read(WireReader in) {
        return new SyncResponse(in.readString());
    }
}
