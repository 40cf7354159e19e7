package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Reply body of create (1): the actual path.
 * Mirrors jute {@code org.apache.zookeeper.proto.CreateResponse}. Immutable.
 */
public record CreateResponse(String path) implements Response {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
    }

    public static CreateResponse read(WireReader in) {
        return new CreateResponse(in.readString());
    }
}
