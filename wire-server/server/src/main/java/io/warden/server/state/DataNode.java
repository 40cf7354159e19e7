package io.warden.server.state;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One znode: data (null is not empty), its interned ACL list, the persisted Stat fields, the
 * creation counter C (children ever created, never decremented; clients see
 * {@code cversion = 2*C - numChildren}, PROTOCOL.md 10.2), its owner and its child names.
 *
 * <p>Mutable, thread-confined to the apply thread. Only {@link DataTree} changes it.
 */
final class DataNode {
    final String path;
    final long czxid;
    final long ctime;
    /**
     * Session id (EPHEMERAL), ZooKeeper's container/TTL encoding, or 0: it also encodes the kind
     * ({@link #kind()}), so no field holds that (nor the parent: {@link DataTree#parentOf}), which
     * keeps a znode object at 96 bytes.
     */
    final long ephemeralOwner;

    /**
     * The data's array, not wrapped (null is null data): one {@link Bytes} object per znode less.
     * Never changed in place; {@link #data()} wraps it without copying.
     */
    private byte[] data;
    List<Acl> acl;
    long mzxid;
    long mtime;
    long pzxid;
    int version;
    int aversion;
    /** Creation counter C: the number of children ever created here. */
    int childCounter;
    /**
     * What the last {@link FrozenState} that touched this node kept of it: the image as it was at
     * that capture, or a mark that the node is newer than the capture. Written by the apply thread
     * (release) before it changes the node; read and cleared by snapshot readers through a
     * VarHandle.
     */
    FrozenState.Kept kept;
    /** Position in {@link DataTree}'s slot array (-1 when not in the tree); apply thread only. */
    int slot = -1;
    /** Child names; null while the node never had a child (most znodes are leaves). */
    private HashSet<String> children;

    /**
     * @throws IllegalArgumentException if {@code ephemeralOwner} does not encode {@code kind}
     *     (an ephemeral of a session id that looks like ZooKeeper's TTL encoding)
     */
    DataNode(String path, Bytes data, List<Acl> acl, long zxid, long timeMs, NodeKind kind, long ephemeralOwner) {
        if (NodeKind.ofOwner(ephemeralOwner) != kind) {
            throw new IllegalArgumentException("znode " + path + ": owner 0x" + Long.toHexString(ephemeralOwner)
                    + " does not encode kind " + kind);
        }
        this.path = path;
        this.data = data == null ? null : data.unsafeArray();
        this.acl = acl;
        this.czxid = zxid;
        this.mzxid = zxid;
        this.pzxid = zxid;
        this.ctime = timeMs;
        this.mtime = timeMs;
        this.ephemeralOwner = ephemeralOwner;
    }

    int numChildren() {
        return children == null ? 0 : children.size();
    }

    boolean hasChildren() {
        return children != null && !children.isEmpty();
    }

    /** The child names (live view; callers copy before the tree changes). */
    Set<String> children() {
        return children == null ? Set.of() : children;
    }

    void addChild(String name) {
        if (children == null) {
            children = new HashSet<>(4);
        }
        children.add(name);
    }

    void removeChild(String name) {
        if (children != null) {
            children.remove(name);
        }
    }

    int dataLength() {
        return data == null ? 0 : data.length;
    }

    /** The data (null is null data); a wrapper around the stored array, not a copy. */
    Bytes data() {
        return Bytes.wrapOwned(data);
    }

    /** The stored array (null for null data); never to be changed. */
    byte[] dataArray() {
        return data;
    }

    /** Replaces the data; {@code value} is immutable, so its array is kept without copying. */
    void data(Bytes value) {
        data = value == null ? null : value.unsafeArray();
    }

    /** The cversion clients see (int arithmetic wraps like ZooKeeper's). */
    int cversion() {
        return childCounter * 2 - numChildren();
    }

    /** The owner clients see: the session for ephemerals, 0 for everything else. */
    long clientEphemeralOwner() {
        return kind() == NodeKind.EPHEMERAL ? ephemeralOwner : 0;
    }

    NodeKind kind() {
        return NodeKind.ofOwner(ephemeralOwner);
    }

    /** The TTL in ms of a TTL node. */
    long ttlMs() {
        return ephemeralOwner & NodeKind.TTL_VALUE_MASK;
    }

    Stat stat() {
        int numChildren = numChildren();
        return new Stat(czxid, mzxid, ctime, mtime, version, childCounter * 2 - numChildren, aversion,
                clientEphemeralOwner(), dataLength(), numChildren, pzxid);
    }

    @Override
    public String toString() {
        return "DataNode[" + path + "]";
    }
}
