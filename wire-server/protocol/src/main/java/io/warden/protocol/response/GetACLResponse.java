package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Lists;
import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/**
 * Reply body of getACL (6).
 * Mirrors jute {@code org.apache.zookeeper.proto.GetACLResponse}. Immutable.
 */
public record GetACLResponse(List<Acl> acl, Stat stat) implements Response {
    public GetACLResponse {
        acl = Lists.copyNullable(acl);
        Objects.requireNonNull(stat, "stat");
    }

    @Override
    public void write(WireWriter out) {
        out.writeAcls(acl);
        stat.write(out);
    }

    public static GetACLResponse read(WireReader in) {
        return new GetACLResponse(in.readAcls(), Stat.read(in));
    }
}
