package io.warden.protocol.data;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;

/** One identity reported by whoAmI; mirrors jute {@code org.apache.zookeeper.data.ClientInfo}. Immutable. */
public record ClientInfo(String authScheme, String user) implements WireRecord {
    @Override
    public void write(WireWriter out) {
        out.writeString(authScheme).writeString(user);
    }

    public static ClientInfo read(WireReader in) {
        return new ClientInfo(in.readString(), in.readString());
    }
}
