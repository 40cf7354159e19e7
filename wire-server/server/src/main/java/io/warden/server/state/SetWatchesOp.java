package io.warden.server.state;

import io.warden.protocol.EventType;
import io.warden.server.watch.WatchMode;
import io.warden.server.watch.WatchRegistry;
import io.warden.server.watch.WatchRegistry.Table;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * setWatches (101) and setWatches2 (105), PROTOCOL.md 7.15: a reconnecting client's watches,
 * each either answered at once with a catch-up event (zxid -1, sent before the reply) when the
 * node changed past {@code relativeZxid}, or registered. Data watches: missing node gives
 * NodeDeleted, mzxid past relativeZxid NodeDataChanged. Exist watches: an existing node gives
 * NodeCreated. Child watches: missing gives NodeDeleted, pzxid past NodeChildrenChanged.
 * Persistent and recursive watches are registered with no catch-up. Catch-up events are not
 * filtered by ACL: ZooKeeper 3.9.5 sends them even about a node the connection cannot read
 * (checked on the wire), unlike triggered events.
 *
 * <p>Thread-confined to the apply thread.
 */
final class SetWatchesOp {
    private static final long CATCH_UP_ZXID = -1;

    private final DataTree tree;
    private final WatchRegistry watches;
    private final ReadOps reads;

    SetWatchesOp(DataTree tree, WatchRegistry watches, ReadOps reads) {
        this.tree = tree;
        this.watches = watches;
        this.reads = reads;
    }

    /** Registers the watches and returns the catch-up notifications, in ZooKeeper's order. */
    List<Notification> apply(ReadContext ctx, long relativeZxid, List<String> dataWatches,
            List<String> existWatches, List<String> childWatches, List<String> persistentWatches,
            List<String> persistentRecursiveWatches) {
        WatchTarget target = ctx.watchTarget();
        if (target == null) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        for (String path : nonNull(dataWatches)) {
            DataNode node = tree.get(path);
            if (node == null) {
                catchUp(target, EventType.NODE_DELETED, path, out);
            } else if (node.mzxid > relativeZxid) {
                catchUp(target, EventType.NODE_DATA_CHANGED, path, out);
            } else {
                register(target, Table.DATA, path);
            }
        }
        for (String path : nonNull(existWatches)) {
            DataNode node = tree.get(path);
            if (node != null) {
                catchUp(target, EventType.NODE_CREATED, path, out);
            } else {
                register(target, Table.DATA, path);
            }
        }
        for (String path : nonNull(childWatches)) {
            DataNode node = tree.get(path);
            if (node == null) {
                catchUp(target, EventType.NODE_DELETED, path, out);
            } else if (node.pzxid > relativeZxid) {
                catchUp(target, EventType.NODE_CHILDREN_CHANGED, path, out);
            } else {
                register(target, Table.CHILD, path);
            }
        }
        for (String path : nonNull(persistentWatches)) {
            if (!watches.addPersistent(path, target)) {
                reads.refused(target, path);
            }
        }
        for (String path : nonNull(persistentRecursiveWatches)) {
            if (!watches.addPersistentRecursive(path, target)) {
                reads.refused(target, path);
            }
        }
        return out;
    }

    private static void catchUp(WatchTarget target, EventType type, String path, List<Notification> out) {
        out.add(new Notification(target, Notifier.frame(type, path, CATCH_UP_ZXID)));
    }

    private void register(WatchTarget target, Table table, String path) {
        if (!watches.add(table, path, target, WatchMode.STANDARD)) {
            reads.refused(target, path);
        }
    }

    /** The non-null paths of a possibly null list (Kazoo may send nulls; they name no node). */
    private static List<String> nonNull(List<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(paths.size());
        for (String p : paths) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }
}
