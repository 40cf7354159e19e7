package io.warden.server.state;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The znodes: a flat table from full path to {@link DataNode} ({@link PathTable}: one hash
 * lookup per path, no splitting, no entry object per znode), child-name sets per node, the ephemerals of each session, the container and TTL
 * nodes, the ACL cache and the size counters of {@code srvr}/{@code mntr}.
 *
 * <p>The initial tree is PROTOCOL.md 10.3: {@code /}, {@code /zookeeper},
 * {@code /zookeeper/quota}, {@code /zookeeper/config} (READ_ACL_UNSAFE, aversion -1), all with
 * empty (not null) data and zero zxids. Like ZooKeeper, the root is also reachable as {@code ""},
 * which is why a fresh tree counts 5 nodes.
 *
 * <p>Mutations assume the caller validated them (existence, versions, ACLs); each comes with the
 * exact inverse that multi uses to roll back. Stat rules: a child create sets the parent's
 * C += 1 and pzxid; a child delete sets pzxid; setData sets data, version, mzxid and mtime.
 *
 * <p>Thread-confined to the apply thread. The one exception is the znode objects captured by an
 * open {@link FrozenState}, which its reader thread reads under the copy-on-write protocol
 * described there.
 */
final class DataTree {
    static final String ROOT = "/";
    static final String ZOOKEEPER = "/zookeeper";
    static final String QUOTA = "/zookeeper/quota";
    static final String CONFIG = "/zookeeper/config";

    /** Every real node by path; the root's alias {@code ""} is answered by {@link #get}. */
    private final PathTable nodes = new PathTable(16);
    private final DataNode root;
    /**
     * Each session's ephemerals, sorted: the order (close-session deletions and their events)
     * then depends only on the set, not on history such as a multi's rollback or a restore.
     */
    private final HashMap<Long, TreeSet<String>> ephemerals = new HashMap<>();
    private final LinkedHashSet<String> containers = new LinkedHashSet<>();
    private final LinkedHashSet<String> ttls = new LinkedHashSet<>();
    private final AclCache aclCache = new AclCache();
    private long approximateDataSize;
    private long ephemeralCount;
    /**
     * Every real node once (the root once), densely packed in no particular order: what a snapshot
     * capture copies (one array copy, no hash-table walk). Removal moves the last node into the
     * hole; the array shrinks when three quarters empty.
     */
    private DataNode[] slots = new DataNode[16];
    private int slotCount;
    /** The open snapshot capture, or null: told before every change of a node (copy-on-write). */
    private FrozenState capture;
    private int captureGeneration;
    /** Restore only: the parent of the previous restored node (siblings come one after another). */
    private DataNode lastRestoreParent;

    DataTree() {
        List<Acl> open = aclCache.acquire(Acl.OPEN_ACL_UNSAFE);
        root = new DataNode(ROOT, Bytes.EMPTY, open, 0, 0, NodeKind.PERSISTENT, 0);
        nodes.put(root);
        addSlot(root);
        DataNode zookeeper = attachInitial(root, ZOOKEEPER, "zookeeper", aclCache.acquire(Acl.OPEN_ACL_UNSAFE));
        attachInitial(zookeeper, QUOTA, "quota", aclCache.acquire(Acl.OPEN_ACL_UNSAFE));
        DataNode config = attachInitial(zookeeper, CONFIG, "config", aclCache.acquire(Acl.READ_ACL_UNSAFE));
        // ZooKeeper sets the config node's ACL with setACL(version -1), leaving aversion -1.
        config.aversion = -1;
        approximateDataSize = 0 + 1 + ZOOKEEPER.length() + QUOTA.length() + CONFIG.length();
    }

    /** Adds a built-in node without touching the parent's counter (its C stays 0). */
    private DataNode attachInitial(DataNode parent, String path, String name, List<Acl> acl) {
        DataNode node = new DataNode(path, Bytes.EMPTY, acl, 0, 0, NodeKind.PERSISTENT, 0);
        parent.addChild(name);
        nodes.put(node);
        addSlot(node);
        return node;
    }

    DataNode root() {
        return root;
    }

    /** The node at {@code path} ("" is the root, as in ZooKeeper), or null. */
    DataNode get(String path) {
        return path.isEmpty() ? root : nodes.get(path);
    }

    /** The parent of {@code node} (null for the root): looked up by path, znodes do not point up. */
    DataNode parentOf(DataNode node) {
        String path = node.path;
        int slash = path.lastIndexOf('/');
        if (node == root || slash < 0) {
            return null;
        }
        return slash == 0 ? root : nodes.get(path.substring(0, slash));
    }

    /** One of the four built-in paths that delete refuses with BADARGUMENTS. */
    static boolean isProtected(String path) {
        return path.equals(ROOT) || path.equals(ZOOKEEPER) || path.equals(QUOTA) || path.equals(CONFIG);
    }

    /**
     * Creates {@code path} (named {@code name}) under {@code parent}: parent C += 1 and
     * pzxid = zxid. {@code acl} must be a fixed-up list; it is interned here.
     */
    DataNode create(DataNode parent, String path, String name, Bytes data, List<Acl> acl, NodeKind kind,
            long ephemeralOwner, long zxid, long timeMs) {
        DataNode node = new DataNode(path, data, aclCache.acquire(acl), zxid, timeMs, kind, ephemeralOwner);
        if (capture != null) {
            capture.markNew(node);
        }
        beforeChange(parent);
        parent.childCounter++;
        parent.pzxid = zxid;
        parent.addChild(name);
        nodes.put(node);
        addSlot(node);
        approximateDataSize += path.length() + node.dataLength();
        register(node);
        return node;
    }

    /** Inverse of {@link #create}, given the parent's counter and pzxid from before it. */
    void undoCreate(DataNode node, int parentCounterBefore, long parentPzxidBefore) {
        DataNode parent = parentOf(node);
        beforeChange(parent);
        nodes.remove(node.path);
        removeSlot(node);
        parent.removeChild(nameOf(node.path));
        parent.childCounter = parentCounterBefore;
        parent.pzxid = parentPzxidBefore;
        approximateDataSize -= node.path.length() + node.dataLength();
        unregister(node);
        aclCache.release(node.acl);
    }

    /** Deletes a childless {@code node}: parent pzxid = zxid (C unchanged). */
    void delete(DataNode node, long zxid) {
        DataNode parent = parentOf(node);
        beforeChange(parent);
        parent.removeChild(nameOf(node.path));
        parent.pzxid = zxid;
        nodes.remove(node.path);
        removeSlot(node);
        approximateDataSize -= node.path.length() + node.dataLength();
        unregister(node);
        aclCache.release(node.acl);
    }

    /** Inverse of {@link #delete}: puts the same node object back. */
    void undoDelete(DataNode node, long parentPzxidBefore) {
        DataNode parent = parentOf(node);
        beforeChange(node);
        beforeChange(parent);
        node.acl = aclCache.acquire(node.acl);
        parent.addChild(nameOf(node.path));
        parent.pzxid = parentPzxidBefore;
        nodes.put(node);
        addSlot(node);
        approximateDataSize += node.path.length() + node.dataLength();
        register(node);
    }

    /** Replaces data: version, mzxid and mtime as given. Also the inverse of itself. */
    void setData(DataNode node, Bytes data, int version, long mzxid, long mtimeMs) {
        beforeChange(node);
        approximateDataSize += (long) (data == null ? 0 : data.length()) - node.dataLength();
        node.data(data);
        node.version = version;
        node.mzxid = mzxid;
        node.mtime = mtimeMs;
    }

    /**
     * Replaces data only, leaving version, mzxid and mtime: how ZooKeeper rewrites a quota stats
     * node ({@link Quotas}). Also the inverse of itself.
     */
    void replaceData(DataNode node, Bytes data) {
        beforeChange(node);
        approximateDataSize += (long) (data == null ? 0 : data.length()) - node.dataLength();
        node.data(data);
    }

    /** Replaces the ACL (a fixed-up list, interned here) and sets aversion. */
    void setAcl(DataNode node, List<Acl> acl, int aversion) {
        beforeChange(node);
        List<Acl> interned = aclCache.acquire(acl);
        aclCache.release(node.acl);
        node.acl = interned;
        node.aversion = aversion;
    }

    private void addSlot(DataNode node) {
        if (slotCount == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        node.slot = slotCount;
        slots[slotCount++] = node;
    }

    private void removeSlot(DataNode node) {
        int hole = node.slot;
        DataNode last = slots[--slotCount];
        slots[hole] = last;
        last.slot = hole;
        slots[slotCount] = null;
        node.slot = -1;
        if (slots.length > 64 && slotCount < slots.length / 4) {
            slots = Arrays.copyOf(slots, slots.length / 2);
        }
    }

    /** Copy-on-write hook: every change of an existing node's fields or children comes here first. */
    private void beforeChange(DataNode node) {
        FrozenState c = capture;
        if (c != null) {
            if (c.isReleased()) {
                capture = null;
            } else {
                c.preserve(node);
            }
        }
    }

    /**
     * Captures the tree for a snapshot (see {@link FrozenState}): O(nodes) reference copies, no
     * per-node allocation. An open older capture is abandoned.
     */
    FrozenState freeze(long lastZxid, List<SessionInfo> sessions) {
        if (capture != null) {
            capture.abandon();
            capture = null;
        }
        int generation = ++captureGeneration;
        capture = new FrozenState(generation, lastZxid, sessions, Arrays.copyOf(slots, slotCount),
                new ArrayList<>(containers), new ArrayList<>(ttls));
        return capture;
    }

    /**
     * Restore, parents first: adds a snapshot's node, or overwrites a built-in one (/,
     * /zookeeper, /zookeeper/quota, /zookeeper/config) which a fresh tree already has.
     *
     * @throws IllegalArgumentException if the node cannot be part of a valid tree (duplicate,
     *     missing or ephemeral parent, owner not matching the kind, a built-in with other
     *     creation fields)
     */
    void restore(NodeImage image) {
        String path = image.path();
        if (!image.ownerMatchesKind()) {
            throw new IllegalArgumentException("znode " + path + ": owner 0x" + Long.toHexString(image.ephemeralOwner())
                    + " does not match kind " + image.kind());
        }
        // Only a built-in can already exist legitimately; a duplicate of any other path is caught
        // by putIfAbsent below, which saves a lookup per restored znode.
        DataNode existing = path.isEmpty() || isProtected(path) ? get(path) : null;
        if (existing != null) {
            if (!isProtected(path)) {
                throw new IllegalArgumentException("duplicate znode " + path);
            }
            if (existing.czxid != image.czxid() || existing.ctime != image.ctime()
                    || image.kind() != NodeKind.PERSISTENT) {
                throw new IllegalArgumentException("built-in znode " + path + " with other creation fields");
            }
            setAcl(existing, image.acl(), image.aversion());
            setData(existing, image.data(), image.version(), image.mzxid(), image.mtime());
            existing.pzxid = image.pzxid();
            existing.childCounter = image.childCounter();
            return;
        }
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash < 0 || lastSlash == path.length() - 1) {
            throw new IllegalArgumentException("bad znode path " + path);
        }
        DataNode parent = lastRestoreParent;
        if (parent == null || !isParentPath(parent.path, path, lastSlash)) {
            parent = nodes.get(lastSlash == 0 ? ROOT : path.substring(0, lastSlash));
            lastRestoreParent = parent;
        }
        if (parent == null) {
            throw new IllegalArgumentException("znode " + path + " comes before its parent");
        }
        if (parent.kind() == NodeKind.EPHEMERAL) {
            throw new IllegalArgumentException("znode " + path + " under an ephemeral");
        }
        DataNode node = new DataNode(path, image.data(), aclCache.acquire(image.acl()), image.czxid(),
                image.ctime(), image.kind(), image.ephemeralOwner());
        node.mzxid = image.mzxid();
        node.mtime = image.mtime();
        node.pzxid = image.pzxid();
        node.version = image.version();
        node.aversion = image.aversion();
        node.childCounter = image.childCounter();
        if (nodes.putIfAbsent(node) != null) {
            throw new IllegalArgumentException("duplicate znode " + path);
        }
        parent.addChild(path.substring(lastSlash + 1));
        addSlot(node);
        approximateDataSize += path.length() + node.dataLength();
        register(node);
    }

    /** True if {@code parentPath} is the path before {@code path}'s last slash at {@code lastSlash}. */
    private static boolean isParentPath(String parentPath, String path, int lastSlash) {
        return lastSlash == 0 ? parentPath.equals(ROOT)
                : parentPath.length() == lastSlash && path.startsWith(parentPath);
    }

    /**
     * Restore, before the nodes: makes room for {@code count} znodes at once instead of growing
     * the map and the slot array step by step. Only while the tree holds just the built-ins.
     */
    void reserve(long count) {
        if (count <= slotCount || count > 1 << 28 || slotCount > 4) {
            return;
        }
        int n = (int) count;
        nodes.reserve(n);
        slots = Arrays.copyOf(slots, Math.max(slots.length, n));
    }

    /**
     * Restore, after every node: puts the container and TTL sets in the reaper order they had.
     *
     * @throws IllegalArgumentException unless the lists hold exactly the restored containers and
     *     TTL nodes
     */
    void restoreReapOrder(List<String> containerOrder, List<String> ttlOrder) {
        reorder(containers, containerOrder, "container");
        reorder(ttls, ttlOrder, "TTL");
    }

    private static void reorder(LinkedHashSet<String> set, List<String> order, String what) {
        LinkedHashSet<String> ordered = new LinkedHashSet<>(order);
        if (ordered.size() != order.size() || !ordered.equals(set)) {
            throw new IllegalArgumentException(what + " order lists " + order.size() + " paths that are not the "
                    + set.size() + " " + what + " nodes");
        }
        set.clear();
        set.addAll(ordered);
    }

    private void register(DataNode node) {
        switch (node.kind()) {
            case EPHEMERAL -> {
                ephemerals.computeIfAbsent(node.ephemeralOwner, k -> new TreeSet<>()).add(node.path);
                ephemeralCount++;
            }
            case CONTAINER -> containers.add(node.path);
            case TTL -> ttls.add(node.path);
            case PERSISTENT -> {
                // nothing to track
            }
        }
    }

    private void unregister(DataNode node) {
        switch (node.kind()) {
            case EPHEMERAL -> {
                TreeSet<String> owned = ephemerals.get(node.ephemeralOwner);
                if (owned != null && owned.remove(node.path)) {
                    ephemeralCount--;
                    if (owned.isEmpty()) {
                        ephemerals.remove(node.ephemeralOwner);
                    }
                }
            }
            case CONTAINER -> containers.remove(node.path);
            case TTL -> ttls.remove(node.path);
            case PERSISTENT -> {
                // nothing to track
            }
        }
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The ephemeral paths of a session, sorted (unmodifiable live view). */
    Set<String> ephemerals(long sessionId) {
        TreeSet<String> owned = ephemerals.get(sessionId);
        return owned == null ? Set.of() : Collections.unmodifiableSet(owned);
    }

    /** Sessions that own ephemerals, for the {@code dump} command. */
    Set<Long> ephemeralOwners() {
        return Collections.unmodifiableSet(ephemerals.keySet());
    }

    Set<String> containers() {
        return Collections.unmodifiableSet(containers);
    }

    Set<String> ttls() {
        return Collections.unmodifiableSet(ttls);
    }

    /** All descendants of {@code node} (getAllChildrenNumber). */
    int descendantCount(DataNode node) {
        if (node == root) {
            return nodes.size() - 1;
        }
        int count = 0;
        ArrayDeque<DataNode> stack = new ArrayDeque<>();
        stack.push(node);
        while (!stack.isEmpty()) {
            DataNode n = stack.pop();
            for (String name : n.children()) {
                count++;
                DataNode c = nodes.get(childPath(n, name));
                if (c != null && c.hasChildren()) {
                    stack.push(c);
                }
            }
        }
        return count;
    }

    /** The full path of child {@code name} of {@code parent}. */
    static String childPath(DataNode parent, String name) {
        return parent.path.length() == 1 ? "/" + name : parent.path + "/" + name;
    }

    /** ZooKeeper's "Node count": the map size, where the root counts twice. */
    long nodeCount() {
        return nodes.size() + 1L;
    }

    long approximateDataSize() {
        return approximateDataSize;
    }

    long ephemeralCount() {
        return ephemeralCount;
    }

    int aclCacheSize() {
        return aclCache.size();
    }

    AclCache aclCache() {
        return aclCache;
    }

    /** Every real node (the root once), for tests and invariant checks; a fresh copy. */
    List<DataNode> allNodes() {
        List<DataNode> out = new ArrayList<>(nodes.size());
        nodes.forEach(out::add);
        return out;
    }
}
