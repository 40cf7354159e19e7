package io.warden.protocol.data;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;

/**
 * An identity ({@code scheme}, {@code id}); mirrors jute {@code org.apache.zookeeper.data.Id}.
 * Either string may be null on the wire (Kazoo sends "" as null). Immutable.
 */
public record Id(String scheme, String id) implements WireRecord {
    public static final Id ANYONE = new Id("world", "anyone");
    public static final Id AUTH_IDS = new Id("auth", "");

    @Override
    public void write(WireWriter out) {
        out.writeString(scheme).writeString(id);
    }

    public static Id read(WireReader in) {
        return new Id(in.readString(), in.readString());
    }
}
