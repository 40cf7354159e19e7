package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Body of createTTL (21).
 * Mirrors jute {@code org.apache.zookeeper.proto.CreateTTLRequest}. Immutable.
 */
public record CreateTTLRequest(String path, Bytes data, List<Acl> acl, int flags, long ttl) implements Request {
    public CreateTTLRequest {
        acl = Lists.copyNullable(acl);
    }

    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeAcls(acl);
        out.writeInt(flags);
        out.writeLong(ttl);
    }

    public static CreateTTLRequest read(WireReader in) {
        return new CreateTTLRequest(
                in.readString(),
                in.readBuffer(),
                in.readAcls(),
                in.readInt(),
                in.readLong());
    }
}
