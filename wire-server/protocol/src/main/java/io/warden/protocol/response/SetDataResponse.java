package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * Reply body of setData (5).
 * Mirrors jute {@code org.apache.zookeeper.proto.SetDataResponse}. Immutable.
 */
public record SetDataResponse(Stat stat) implements Response {
    public SetDataResponse {
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        stat.write(out);
    }

    public static SetDataResponse read(WireReader in) {
        return new SetDataResponse(Stat.read(in));
    }
}
