package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * Reply body of getData (4) and reconfig (16).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetDataResponse}. Immutable.
 */
public record GetDataResponse(Bytes data, Stat stat) implements Response {
    public GetDataResponse {
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        out.writeBuffer(data);
        stat.write(out);
    }

    public static GetDataResponse read(WireReader in) {
        return new GetDataResponse(in.readBuffer(), Stat.read(in));
    }
}
