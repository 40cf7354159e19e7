package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * Reply body of setACL (7).
 * Mirrors jute {@code org.apache.zookeeper.proto.SetACLResponse}. Immutable.
 */
public record SetACLResponse(Stat stat) implements Response {
    public SetACLResponse {
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        stat.write(out);
    }

    public static SetACLResponse read(WireReader in) {
        return new SetACLResponse(Stat.read(in));
    }
}
