package io.warden.server.state;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The znodes: a flat map from full path to {@link DataNode} (one hash lookup per path, no
 * splitting), child-name sets per node, the ephemerals of each session, the container and TTL
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
 * <p>Thread-confined to the apply thread.
 */
final class DataTree {
    static final String ROOT = "/";
    static final String ZOOKEEPER = "/zookeeper";
    static final String QUOTA = "/zookeeper/quota";
    static final String CONFIG = "/zookeeper/config";

    private final HashMap<String, DataNode> nodes = new HashMap<>();
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

    DataTree() {
        List<Acl> open = aclCache.acquire(Acl.OPEN_ACL_UNSAFE);
        root = new DataNode(ROOT, null, Bytes.EMPTY, open, 0, 0, NodeKind.PERSISTENT, 0);
        nodes.put("", root);
        nodes.put(ROOT, root);
        DataNode zookeeper = attachInitial(root, ZOOKEEPER, "zookeeper", aclCache.acquire(Acl.OPEN_ACL_UNSAFE));
        attachInitial(zookeeper, QUOTA, "quota", aclCache.acquire(Acl.OPEN_ACL_UNSAFE));
        DataNode config = attachInitial(zookeeper, CONFIG, "config", aclCache.acquire(Acl.READ_ACL_UNSAFE));
        // ZooKeeper sets the config node's ACL with setACL(version -1), leaving aversion -1.
        config.aversion = -1;
        approximateDataSize = 0 + 1 + ZOOKEEPER.length() + QUOTA.length() + CONFIG.length();
    }

    /** Adds a built-in node without touching the parent's counter (its C stays 0). */
    private DataNode attachInitial(DataNode parent, String path, String name, List<Acl> acl) {
        DataNode node = new DataNode(path, parent, Bytes.EMPTY, acl, 0, 0, NodeKind.PERSISTENT, 0);
        parent.addChild(name);
        nodes.put(path, node);
        return node;
    }

    DataNode root() {
        return root;
    }

    /** The node at {@code path} ("" is the root, as in ZooKeeper), or null. */
    DataNode get(String path) {
        return nodes.get(path);
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
        DataNode node = new DataNode(path, parent, data, aclCache.acquire(acl), zxid, timeMs, kind, ephemeralOwner);
        parent.childCounter++;
        parent.pzxid = zxid;
        parent.addChild(name);
        nodes.put(path, node);
        approximateDataSize += path.length() + node.dataLength();
        register(node);
        return node;
    }

    /** Inverse of {@link #create}, given the parent's counter and pzxid from before it. */
    void undoCreate(DataNode node, int parentCounterBefore, long parentPzxidBefore) {
        DataNode parent = node.parent;
        nodes.remove(node.path);
        parent.removeChild(nameOf(node.path));
        parent.childCounter = parentCounterBefore;
        parent.pzxid = parentPzxidBefore;
        approximateDataSize -= node.path.length() + node.dataLength();
        unregister(node);
        aclCache.release(node.acl);
    }

    /** Deletes a childless {@code node}: parent pzxid = zxid (C unchanged). */
    void delete(DataNode node, long zxid) {
        DataNode parent = node.parent;
        parent.removeChild(nameOf(node.path));
        parent.pzxid = zxid;
        nodes.remove(node.path);
        approximateDataSize -= node.path.length() + node.dataLength();
        unregister(node);
        aclCache.release(node.acl);
    }

    /** Inverse of {@link #delete}: puts the same node object back. */
    void undoDelete(DataNode node, long parentPzxidBefore) {
        DataNode parent = node.parent;
        node.acl = aclCache.acquire(node.acl);
        parent.addChild(nameOf(node.path));
        parent.pzxid = parentPzxidBefore;
        nodes.put(node.path, node);
        approximateDataSize += node.path.length() + node.dataLength();
        register(node);
    }

    /** Replaces data: version, mzxid and mtime as given. Also the inverse of itself. */
    void setData(DataNode node, Bytes data, int version, long mzxid, long mtimeMs) {
        approximateDataSize += (long) (data == null ? 0 : data.length()) - node.dataLength();
        node.data = data;
        node.version = version;
        node.mzxid = mzxid;
        node.mtime = mtimeMs;
    }

    /** Replaces the ACL (a fixed-up list, interned here) and sets aversion. */
    void setAcl(DataNode node, List<Acl> acl, int aversion) {
        List<Acl> interned = aclCache.acquire(acl);
        aclCache.release(node.acl);
        node.acl = interned;
        node.aversion = aversion;
    }

    private void register(DataNode node) {
        switch (node.kind) {
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
        switch (node.kind) {
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
            return nodes.size() - 2;
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
        return nodes.size();
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
        for (var e : nodes.entrySet()) {
            if (!e.getKey().isEmpty()) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
