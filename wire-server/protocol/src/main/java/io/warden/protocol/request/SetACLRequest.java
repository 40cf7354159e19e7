package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Body of setACL (7); version is checked against aversion.
 * Mirrors jute {@code org.apache.zookeeper.proto.SetACLRequest}. Immutable.
 */
public record SetACLRequest(String path, List<Acl> acl, int version) implements Request {
    public SetACLRequest {
        acl = Lists.copyNullable(acl);
    }

    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeAcls(acl);
        out.writeInt(version);
    }

    public static SetACLRequest read(WireReader in) {
        return new SetACLRequest(
                in.readString(),
                in.readAcls(),
                in.readInt());
    }
}
