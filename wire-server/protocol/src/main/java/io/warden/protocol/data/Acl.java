package io.warden.protocol.data;

import io.warden.protocol.Perms;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;
import java.util.List;

/**
 * One ACL entry ({@code perms}, {@code id}); mirrors jute {@code org.apache.zookeeper.data.ACL}.
 * Immutable. The Id record is inlined by jute, so it is always present (its strings may be null).
 */
public record Acl(int perms, Id id) implements WireRecord {
    /** {@code ZooDefs.Ids.OPEN_ACL_UNSAFE}. */
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(Perms.ALL, Id.ANYONE));
    /** {@code ZooDefs.Ids.READ_ACL_UNSAFE}. */
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(Perms.READ, Id.ANYONE));
    /** {@code ZooDefs.Ids.CREATOR_ALL_ACL}. */
    public static final List<Acl> CREATOR_ALL_ACL = List.of(new Acl(Perms.ALL, Id.AUTH_IDS));

    public Acl {
        java.util.Objects.requireNonNull(id, "id");
    }

    @Override
    public void write(WireWriter out) {
        out.writeInt(perms);
        id.write(out);
    }

    public static Acl read(WireReader in) {
        return new Acl(in.readInt(), Id.read(in));
    }
}
