package io.warden.client;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/** A znode's ACL list and Stat, as getACL returns them. Immutable. */
public record NodeAcl(List<Acl> acl, Stat stat) {
    public NodeAcl {
        acl = List.copyOf(acl);
        Objects.requireNonNull(stat, "stat");
    }
}
