package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;

/**
 * Body of sasl (102).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetSASLRequest}. Immutable.
 */
public record GetSASLRequest(Bytes token) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeBuffer(token);
    }

    public static GetSASLRequest read(WireReader in) {
        return new GetSASLRequest(in.readBuffer());
    }
}
