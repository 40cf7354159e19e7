package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Reply body of getEphemerals (103): full paths.
 * Mirrors jute {@code org.apache.zookeeper.proto.GetEphemeralsResponse}. Immutable.
 */
public record GetEphemeralsResponse(List<String> ephemerals) implements Response {
    public GetEphemeralsResponse {
        ephemerals = Lists.copyNullable(ephemerals);
    }

    @Override
    public void write(WireWriter out) {
        out.writeStrings(ephemerals);
    }

    public static GetEphemeralsResponse read(WireReader in) {
        return new GetEphemeralsResponse(in.readStrings());
    }
}
