package io.warden.recipe.lock;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.recipe.support.IdSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by the locks. Immutable.
 *
 * @param acl ACL of the lock nodes and of parents created on the way
 * @param nodeData data written into each lock node (Curator writes the client's IP address;
 *     {@code null} for none)
 * @param ids source of the protected names' uuids
 * @param releaseTimeout how long a blocking release waits for its delete (it carries on in the
 *     background after that; the node dies with the session in any case)
 */
public record LockOptions(List<Acl> acl, Bytes nodeData, IdSource ids, Duration releaseTimeout) {
    public LockOptions {
        acl = List.copyOf(acl);
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(releaseTimeout, "releaseTimeout");
    }

    /** Open ACL, no data, secure ids, 10 s release timeout. */
    public static LockOptions defaults() {
        return new LockOptions(Acl.OPEN_ACL_UNSAFE, null, IdSource.secure(), Duration.ofSeconds(10));
    }

    public LockOptions withIds(IdSource newIds) {
        return new LockOptions(acl, nodeData, newIds, releaseTimeout);
    }

    public LockOptions withNodeData(Bytes data) {
        return new LockOptions(acl, data, ids, releaseTimeout);
    }

    public LockOptions withAcl(List<Acl> newAcl) {
        return new LockOptions(newAcl, nodeData, ids, releaseTimeout);
    }

    public LockOptions withReleaseTimeout(Duration timeout) {
        return new LockOptions(acl, nodeData, ids, timeout);
    }

    byte[] nodeBytes() {
        return nodeData == null ? null : nodeData.toByteArray();
    }
}
