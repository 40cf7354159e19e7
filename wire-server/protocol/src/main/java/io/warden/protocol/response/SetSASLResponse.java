package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;

/**
 * Reply body of sasl (102).
 * Mirrors jute {@code org.apache.zookeeper.proto.SetSASLResponse}. Immutable.
 */
public record SetSASLResponse(Bytes token) implements Response {
    @Override
    public void write(WireWriter out) {
        out.writeBuffer(token);
    }

    public static SetSASLResponse read(WireReader in) {
        return new SetSASLResponse(in.readBuffer());
    }
}
