package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Reply body of getAllChildrenNumber (104).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetAllChildrenNumberResponse}. Immutable.
 */
public record GetAllChildrenNumberResponse(int totalNumber) implements Response {
    @Override
    public void write(WireWriter out) {
        out.writeInt(totalNumber);
    }

    public static GetAllChildrenNumberResponse read(WireReader in) {
        return new GetAllChildrenNumberResponse(in.readInt());
    }
}
