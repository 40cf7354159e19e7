package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Body of setWatches (101).
 * Mirrors jute {@code org.apache.zookeeper.proto.SetWatches}. Immutable.
 */
public record SetWatches(long relativeZxid, List<String> dataWatches, List<String> existWatches, List<String> childWatches) implements Request {
    public SetWatches {
        dataWatches = Lists.copyNullable(dataWatches);
        existWatches = Lists.copyNullable(existWatches);
        childWatches = Lists.copyNullable(childWatches);
    }

    @Override
    public void write(WireWriter out) {
        out.writeLong(relativeZxid);
        out.writeStrings(dataWatches);
        out.writeStrings(existWatches);
        out.writeStrings(childWatches);
    }

    public static SetWatches read(WireReader in) {
        return new SetWatches(
                in.readLong(),
                in.readStrings(),
                in.readStrings(),
                in.readStrings());
    }
}
