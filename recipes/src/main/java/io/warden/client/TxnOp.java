package io.warden.client;

import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.util.List;
import java.util.Objects;

/**
 * One write inside a multi (paths are client paths; the chroot is added when sent). Build them
 * with {@link Transaction} or directly. Immutable.
 */
public sealed interface TxnOp {
    /** The client path the op names. */
    String path();

    /**
     * create: sub-op 1 for the plain modes (result carries the path only), 19 for CONTAINER, 21
     * for the TTL modes (both return a Stat); {@code withStat} asks for sub-op 15 (path and Stat)
     * for plain modes. {@code ttlMs} is used by TTL modes only and must be -1 otherwise.
     */
    record Create(String path, Bytes data, List<Acl> acl, CreateMode mode, long ttlMs, boolean withStat)
            implements TxnOp {
        public Create {
            Objects.requireNonNull(path, "path");
            acl = List.copyOf(acl);
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** delete with an expected version (-1: any). */
    record Delete(String path, int version) implements TxnOp {
        public Delete {
            Objects.requireNonNull(path, "path");
        }
    }

    /** setData with an expected version (-1: any). */
    record SetData(String path, Bytes data, int version) implements TxnOp {
        public SetData {
            Objects.requireNonNull(path, "path");
        }
    }

    /** check: fails the multi with BADVERSION (or NONODE) unless the node's version matches. */
    record Check(String path, int version) implements TxnOp {
        public Check {
            Objects.requireNonNull(path, "path");
        }
    }
}
