package io.warden.server.state;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.function.Consumer;

/**
 * The replicated state exactly as it was at one zxid, readable from another thread while the
 * apply thread goes on: what a snapshot is written from.
 *
 * <p>How it stays frozen without stopping apply (copy-on-write per node). {@link
 * StateMachine#freeze()} runs on the apply thread and copies only references: the tree's dense
 * array of znode objects (one array copy, no per-node work), the session records (immutable)
 * and the order of the container and TTL sets. After that, the first time apply is about to
 * change a captured znode, {@link DataTree} hands it to {@link #preserve}, which stores an
 * immutable {@link NodeImage} of it as it was, tagged with this capture's generation, in the
 * node itself ({@link Kept}). The reader of a node takes the kept image if it carries this
 * generation, else reads the live fields and re-checks afterwards, as a seqlock reader does: a
 * fence orders the kept image before the apply thread's later stores and the reader's field
 * loads before its re-check, so a reader that saw any post-capture store also sees the image.
 * Znodes created after the capture are not in the array; deleted ones are still in it and keep
 * the fields they had. Fields read racily are immutable objects (String, the data array that is
 * never written after it is stored, interned ACL lists) or primitives.
 *
 * <p>Costs: the apply thread stalls for the array copy at {@code freeze()} (1 to 30 ms per
 * million znodes on a busy 2-core machine, see SnapshotBench in the tests); while the capture
 * is open, the first change to each captured node allocates one image (bounded by the number of
 * captured nodes), and every change pays one volatile read.
 * {@link #close()} ends the capture and drops the images (a pass over the captured nodes, on the
 * closing thread); a later {@code freeze()} abandons an open one, whose readers then fail with
 * {@link IllegalStateException} rather than return a torn view.
 *
 * <p>Thread-safe: {@link #preserve} is called by the apply thread only; everything else may be
 * called by any one reader thread (and {@link #close()} by any thread).
 */
public final class FrozenState implements AutoCloseable {
    /**
     * What a capture kept of a node: its image at capture time, or null for a node created after
     * the capture (never read, never preserved). Immutable.
     */
    record Kept(int generation, NodeImage image) {
    }

    /**
     * Receives the persisted fields of one znode (those of {@link NodeImage}) without an image
     * object per node: what a snapshot writer needs to stream a large tree without garbage.
     * {@code data} is the stored array (null for null data): read it, never change it.
     */
    @FunctionalInterface
    public interface NodeSink {
        void node(String path, byte[] data, List<Acl> acl, long czxid, long mzxid, long ctime, long mtime,
                long pzxid, int version, int aversion, int childCounter, NodeKind kind, long ephemeralOwner);
    }

    private static final VarHandle KEPT;

    static {
        try {
            KEPT = MethodHandles.lookup().findVarHandle(DataNode.class, "kept", Kept.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int generation;
    private final Kept newer;
    private final long lastZxid;
    private final List<SessionInfo> sessions;
    private final DataNode[] nodes;
    private final List<String> containerOrder;
    private final List<String> ttlOrder;
    /** Written by the apply thread only. */
    private volatile int preservedCount;
    private volatile boolean closed;
    private volatile boolean abandoned;

    FrozenState(int generation, long lastZxid, List<SessionInfo> sessions, DataNode[] nodes,
            List<String> containerOrder, List<String> ttlOrder) {
        this.generation = generation;
        this.newer = new Kept(generation, null);
        this.lastZxid = lastZxid;
        this.sessions = List.copyOf(sessions);
        this.nodes = nodes;
        this.containerOrder = List.copyOf(containerOrder);
        this.ttlOrder = List.copyOf(ttlOrder);
    }

    /** The zxid of the last transaction included. */
    public long lastZxid() {
        return lastZxid;
    }

    /** The session table (unspecified order). */
    public List<SessionInfo> sessions() {
        return sessions;
    }

    /** The znodes, the root counted once (ZooKeeper's "Node count" minus one). */
    public int nodeCount() {
        return nodes.length;
    }

    /** Container paths in the order the reaper visits them. */
    public List<String> containerOrder() {
        return containerOrder;
    }

    /** TTL node paths in the order the reaper visits them. */
    public List<String> ttlOrder() {
        return ttlOrder;
    }

    /** How many nodes the apply thread has preserved so far (changed since the capture). */
    public int preservedCount() {
        return preservedCount;
    }

    /** True once closed or abandoned: the apply thread no longer preserves anything. */
    public boolean isReleased() {
        return closed || abandoned;
    }

    /**
     * Calls {@code action} with every znode as it was at {@link #lastZxid()}, each parent before
     * its children (by depth; order within a depth unspecified). Runs on the calling thread.
     *
     * @throws IllegalStateException if the capture was closed or abandoned
     */
    public void forEachNode(Consumer<? super NodeImage> action) {
        forEachNodeFields((path, data, acl, czxid, mzxid, ctime, mtime, pzxid, version, aversion, childCounter, kind,
                owner) -> action.accept(new NodeImage(path, Bytes.wrapOwned(data), acl, czxid, mzxid, ctime, mtime,
                        pzxid, version, aversion, childCounter, kind, owner)));
    }

    /**
     * {@link #forEachNode(Consumer)} without an image per node: the fields of every znode as it
     * was at {@link #lastZxid()}, parents first. Runs on the calling thread.
     *
     * @throws IllegalStateException if the capture was closed or abandoned
     */
    public void forEachNodeFields(NodeSink sink) {
        if (isReleased()) {
            throw new IllegalStateException("capture at zxid 0x" + Long.toHexString(lastZxid) + " is released");
        }
        int[] order = parentFirstOrder();
        for (int index : order) {
            DataNode node = nodes[index];
            Kept kept = (Kept) KEPT.getAcquire(node);
            if (kept != null && kept.generation() == generation) {
                emit(sink, keptImage(node, kept));
                continue;
            }
            byte[] data = node.dataArray();
            List<Acl> acl = node.acl;
            long mzxid = node.mzxid;
            long mtime = node.mtime;
            long pzxid = node.pzxid;
            int version = node.version;
            int aversion = node.aversion;
            int childCounter = node.childCounter;
            // Seqlock-style validation: the field loads above complete before the re-check.
            VarHandle.loadLoadFence();
            kept = (Kept) KEPT.getAcquire(node);
            if (kept != null && kept.generation() == generation) {
                emit(sink, keptImage(node, kept));
                continue;
            }
            checkUsable();
            sink.node(node.path, data, acl, node.czxid, mzxid, node.ctime, mtime, pzxid, version, aversion,
                    childCounter, node.kind(), node.ephemeralOwner);
        }
    }

    private static void emit(NodeSink sink, NodeImage i) {
        sink.node(i.path(), i.data() == null ? null : i.data().unsafeArray(), i.acl(), i.czxid(), i.mzxid(),
                i.ctime(), i.mtime(), i.pzxid(), i.version(), i.aversion(), i.childCounter(), i.kind(),
                i.ephemeralOwner());
    }

    private void checkUsable() {
        if (abandoned) {
            throw new IllegalStateException("capture at zxid 0x" + Long.toHexString(lastZxid)
                    + " was abandoned by a newer one");
        }
        if (closed) {
            throw new IllegalStateException("capture at zxid 0x" + Long.toHexString(lastZxid) + " is closed");
        }
    }

    /** Indexes into {@link #nodes} sorted by depth (a counting sort: O(nodes + path chars)). */
    private int[] parentFirstOrder() {
        int n = nodes.length;
        int[] depth = new int[n];
        int maxDepth = 0;
        for (int i = 0; i < n; i++) {
            String path = nodes[i].path;
            int d = 0;
            if (path.length() > 1) {
                for (int c = 0; c < path.length(); c++) {
                    if (path.charAt(c) == '/') {
                        d++;
                    }
                }
            }
            depth[i] = d;
            maxDepth = Math.max(maxDepth, d);
        }
        int[] start = new int[maxDepth + 2];
        for (int d : depth) {
            start[d + 1]++;
        }
        for (int d = 1; d < start.length; d++) {
            start[d] += start[d - 1];
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[start[depth[i]]++] = i;
        }
        return order;
    }

    private static NodeImage keptImage(DataNode node, Kept kept) {
        if (kept.image() == null) {
            throw new IllegalStateException("captured node " + node.path + " is marked as newer than the capture");
        }
        return kept.image();
    }

    /**
     * Apply thread, before a node changes: keeps its current image unless this capture already
     * did (or the node is newer than the capture).
     */
    void preserve(DataNode node) {
        Kept kept = node.kept;
        if (kept != null && kept.generation() == generation) {
            return;
        }
        KEPT.setRelease(node, new Kept(generation, NodeImage.of(node)));
        // The kept image must be visible no later than the stores that follow (see class javadoc).
        VarHandle.storeStoreFence();
        preservedCount++;
    }

    /** Apply thread, at creation of a node the capture does not hold: never preserve it. */
    void markNew(DataNode node) {
        node.kept = newer;
    }

    /** Apply thread: a newer capture replaces this one; readers fail from now on. */
    void abandon() {
        abandoned = true;
        VarHandle.storeStoreFence();
    }

    /**
     * Ends the capture: the apply thread stops preserving, and the kept images are dropped (a
     * pass over the captured nodes on the calling thread). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DataNode node : nodes) {
            Kept kept = (Kept) KEPT.getAcquire(node);
            if (kept != null && kept.generation() == generation) {
                // Only ours: a newer capture may have kept its own image meanwhile.
                KEPT.compareAndSet(node, kept, (Kept) null);
            }
        }
    }
}
