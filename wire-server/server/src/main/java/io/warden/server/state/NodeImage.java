package io.warden.server.state;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/**
 * Everything persisted about one znode, as a snapshot stores it: path, data (null is not empty),
 * its ACL, the Stat fields that are not derived, the creation counter C (children ever created;
 * clients see {@code cversion = 2*C - numChildren}), its kind and ZooKeeper's raw owner value
 * (the session of an ephemeral, the container marker, or the TTL encoding). The number of
 * children is not part of it: it follows from which paths exist.
 *
 * <p>Immutable and thread-safe.
 *
 * @param childCounter the creation counter C (the sequential suffix of the next child)
 * @param ephemeralOwner the raw owner value (see {@link NodeKind}), not the one clients see
 */
public record NodeImage(String path, Bytes data, List<Acl> acl, long czxid, long mzxid, long ctime, long mtime,
        long pzxid, int version, int aversion, int childCounter, NodeKind kind, long ephemeralOwner) {

    public NodeImage {
        Objects.requireNonNull(path, "path");
        acl = List.copyOf(acl);
        Objects.requireNonNull(kind, "kind");
    }

    /** The image of a live node; called on the apply thread, or racily and then validated. */
    static NodeImage of(DataNode n) {
        return new NodeImage(n.path, n.data(), n.acl, n.czxid, n.mzxid, n.ctime, n.mtime, n.pzxid, n.version,
                n.aversion, n.childCounter, n.kind(), n.ephemeralOwner);
    }

    public int dataLength() {
        return data == null ? 0 : data.length();
    }

    /** The owner clients see: the session of an ephemeral, 0 for every other kind. */
    public long clientEphemeralOwner() {
        return kind == NodeKind.EPHEMERAL ? ephemeralOwner : 0;
    }

    /** The cversion clients see given the node's current number of children (int wrap as ZooKeeper). */
    public int cversion(int numChildren) {
        return childCounter * 2 - numChildren;
    }

    /** The Stat clients see, given the node's current number of children. */
    public Stat stat(int numChildren) {
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion(numChildren), aversion, clientEphemeralOwner(),
                dataLength(), numChildren, pzxid);
    }

    /** True if {@code ephemeralOwner} is the encoding ZooKeeper uses for {@code kind}. */
    public boolean ownerMatchesKind() {
        return NodeKind.ofOwner(ephemeralOwner) == kind;
    }
}
