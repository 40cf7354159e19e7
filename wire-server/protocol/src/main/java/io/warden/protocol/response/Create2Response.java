package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * Reply body of create2 (15), createContainer (19) and createTTL (21).
 * Mirrors jute {@code org.apache.zookeeper.proto.Create2Response}. Immutable.
 */
public record Create2Response(String path, Stat stat) implements Response {
    public Create2Response {
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        stat.write(out);
    }

    public static Create2Response read(WireReader in) {
        return new Create2Response(in.readString(), Stat.read(in));
    }
}
