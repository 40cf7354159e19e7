package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Body of create (1), create2 (15) and createContainer (19).
 * Mirrors jute {@code org.apache.zookeeper.proto.CreateRequest}. Immutable.
 */
public record CreateRequest(String path, Bytes data, List<Acl> acl, int flags) implements Request {
    public CreateRequest {
        acl = Lists.copyNullable(acl);
    }

    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeBuffer(data);
        out.writeAcls(acl);
        out.writeInt(flags);
    }

    public static CreateRequest read(WireReader in) {
        return new CreateRequest(
                in.readString(),
                in.readBuffer(),
                in.readAcls(),
                in.readInt());
    }
}
