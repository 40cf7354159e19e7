package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Reply body of addWatch (106): always 0 on success, and mandatory.
 * Mirrors jute {@code org.apache.zookeeper.proto.ErrorResponse}. Immutable.
 */
public record ErrorResponse(int err) implements Response {
    @Override
    public void write(WireWriter out) {
        out.writeInt(err);
    }

    public static ErrorResponse read(WireReader in) {
        return new ErrorResponse(in.readInt());
    }
}
