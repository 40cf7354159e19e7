package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Body of setWatches2 (105).
 * Mirrors jute {@code org.apache.zookeeper.proto.SetWatches2}. Immutable.
 */
public record SetWatches2(long relativeZxid, List<String> dataWatches, List<String> existWatches, List<String> childWatches, List<String> persistentWatches, List<String> persistentRecursiveWatches) implements Request {
    public SetWatches2 {
        dataWatches = Lists.copyNullable(dataWatches);
        existWatches = Lists.copyNullable(existWatches);
        childWatches = Lists.copyNullable(childWatches);
        persistentWatches = Lists.copyNullable(persistentWatches);
        persistentRecursiveWatches = Lists.copyNullable(persistentRecursiveWatches);
    }

    @Override
    public void write(WireWriter out) {
        out.writeLong(relativeZxid);
        out.writeStrings(dataWatches);
        out.writeStrings(existWatches);
        out.writeStrings(childWatches);
        out.writeStrings(persistentWatches);
        out.writeStrings(persistentRecursiveWatches);
    }

    public static SetWatches2 read(WireReader in) {
        return new SetWatches2(
                in.readLong(),
                in.readStrings(),
                in.readStrings(),
                in.readStrings(),
                in.readStrings(),
                in.readStrings());
    }
}
