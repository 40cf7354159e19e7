package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * Reply body of exists (3).
 * Mirrors jute {@code org.apache.zookeeper.proto.ExistsResponse}. Immutable.
 */
public record ExistsResponse(Stat stat) implements Response {
    public ExistsResponse {
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        stat.write(out);
    }

    public static ExistsResponse read(WireReader in) {
        return new ExistsResponse(Stat.read(in));
    }
}
