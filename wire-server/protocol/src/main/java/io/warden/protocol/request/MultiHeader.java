package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;

/**
 * Separator inside multi requests and responses. Mirrors jute
 * {@code org.apache.zookeeper.proto.MultiHeader}. Immutable.
 */
public record MultiHeader(int type, boolean done, int err) implements WireRecord {
    public static final int BYTES = 9;
    /** The terminator that ends every multi request and response. */
    public static final MultiHeader END = new MultiHeader(-1, true, -1);

    @Override
    public void write(WireWriter out) {
        out.writeInt(type).writeBool(done).writeInt(err);
    }

    public static MultiHeader read(WireReader in) {
        return new MultiHeader(in.readInt(), in.readBool(), in.readInt());
    }
}
