package io.warden.protocol.data;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;

/**
 * A znode's metadata; mirrors jute {@code org.apache.zookeeper.data.Stat} (68 bytes on the wire).
 * Immutable.
 */
public record Stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
        int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid)
        implements WireRecord {

    /** Encoded size in bytes. */
    public static final int BYTES = 68;

    /** All fields zero. */
    public static final Stat ZERO = new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    @Override
    public void write(WireWriter out) {
        out.writeLong(czxid).writeLong(mzxid).writeLong(ctime).writeLong(mtime)
                .writeInt(version).writeInt(cversion).writeInt(aversion)
                .writeLong(ephemeralOwner).writeInt(dataLength).writeInt(numChildren)
                .writeLong(pzxid);
    }

    public static Stat read(WireReader in) {
        return new Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt(),
                in.readInt(), in.readInt(), in.readLong(), in.readInt(), in.readInt(), in.readLong());
    }
}
