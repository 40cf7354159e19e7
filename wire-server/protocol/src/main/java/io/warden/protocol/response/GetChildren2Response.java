package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Lists;
import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/**
 * Reply body of getChildren2 (12).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetChildren2Response}. Immutable.
 */
public record GetChildren2Response(List<String> children, Stat stat) implements Response {
    public GetChildren2Response {
        children = Lists.copyNullable(children);
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        out.writeStrings(children);
        stat.write(out);
    }

    public static GetChildren2Response read(WireReader in) {
        return new GetChildren2Response(in.readStrings(), Stat.read(in));
    }
}
