package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Reply body of getChildren (8): bare child names.
 * Mirrors jute {@code org.apache.zookeeper.proto.GetChildrenResponse}. Immutable.
 */
public record GetChildrenResponse(List<String> children) implements Response {
    public GetChildrenResponse {
        children = Lists.copyNullable(children);
    }

    @Override
    public void write(WireWriter out) {
        out.writeStrings(children);
    }

    public static GetChildrenResponse read(WireReader in) {
        return new GetChildrenResponse(in.readStrings());
    }
}
