package io.warden.server.state;

import io.warden.protocol.EventType;
import io.warden.protocol.KeeperState;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.server.acl.AclEvaluator;
import io.warden.server.watch.WatchRegistry;
import io.warden.server.watch.WatchRegistry.Table;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns the changes of one committed transaction into notification frames (PROTOCOL.md 9.3):
 * per change, the data table fires first, then the child table; a delete's child-table
 * NodeDeleted skips connections the data table already triggered; a connection without READ on
 * the node (the parent for NodeChildrenChanged) gets nothing, though its one-shot watch is
 * consumed (ZOOKEEPER-4799). Every frame carries the transaction's zxid. One frame object is
 * shared by all recipients of one event.
 *
 * <p>Thread-confined to the apply thread.
 */
final class Notifier {
    private static final int STATE = KeeperState.SYNC_CONNECTED.code();
    private static final int SMALL = 8;

    private final WatchRegistry watches;
    private final AclEvaluator acl;

    Notifier(WatchRegistry watches, AclEvaluator acl) {
        this.watches = watches;
        this.acl = acl;
    }

    /** The notifications of {@code changes}, in order; an empty immutable list if none. */
    List<Notification> fire(List<Change> changes, long zxid) {
        if (changes.isEmpty() || watches.isEmpty()) {
            return List.of();
        }
        List<Notification> out = new ArrayList<>();
        for (Change change : changes) {
            if (change instanceof Change.Created c) {
                deliver(watches.trigger(Table.DATA, c.path()), EventType.NODE_CREATED, c.path(), c.acl(), zxid,
                        List.of(), out);
                deliver(watches.trigger(Table.CHILD, c.parentPath()), EventType.NODE_CHILDREN_CHANGED,
                        c.parentPath(), c.parentAcl(), zxid, List.of(), out);
            } else if (change instanceof Change.Deleted d) {
                List<WatchTarget> viaData = watches.trigger(Table.DATA, d.path());
                deliver(viaData, EventType.NODE_DELETED, d.path(), d.acl(), zxid, List.of(), out);
                deliver(watches.trigger(Table.CHILD, d.path()), EventType.NODE_DELETED, d.path(), d.acl(), zxid,
                        viaData, out);
                deliver(watches.trigger(Table.CHILD, d.parentPath()), EventType.NODE_CHILDREN_CHANGED,
                        d.parentPath(), d.parentAcl(), zxid, List.of(), out);
            } else if (change instanceof Change.DataChanged s) {
                deliver(watches.trigger(Table.DATA, s.path()), EventType.NODE_DATA_CHANGED, s.path(), s.acl(), zxid,
                        List.of(), out);
            } else {
                throw new IllegalArgumentException("unknown change " + change);
            }
        }
        return out;
    }

    private void deliver(List<WatchTarget> targets, EventType type, String path, List<Acl> nodeAcl, long zxid,
            List<WatchTarget> suppressed, List<Notification> out) {
        if (targets.isEmpty()) {
            return;
        }
        Set<WatchTarget> suppressSet = suppressed.size() > SMALL ? identitySet(suppressed) : null;
        ReplyFrame frame = null;
        for (WatchTarget target : targets) {
            if (suppressSet != null ? suppressSet.contains(target) : containsSame(suppressed, target)) {
                continue;
            }
            if (!acl.allows(nodeAcl, Perms.READ, target.identities())) {
                continue;
            }
            if (frame == null) {
                frame = frame(type, path, zxid);
            }
            out.add(new Notification(target, frame));
        }
    }

    /** A notification frame (xid -1). */
    static ReplyFrame frame(EventType type, String path, long zxid) {
        return ReplyFrame.notification(zxid, new WatcherEvent(type.code(), STATE, path));
    }

    private static boolean containsSame(List<WatchTarget> list, WatchTarget target) {
        for (int i = 0, n = list.size(); i < n; i++) {
            if (list.get(i) == target) {
                return true;
            }
        }
        return false;
    }

    private static Set<WatchTarget> identitySet(List<WatchTarget> list) {
        Set<WatchTarget> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(list);
        return set;
    }
}
