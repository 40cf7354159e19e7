package io.warden.server.state;

import io.warden.protocol.data.Acl;
import java.util.List;

/**
 * One effect of an applied transaction on the tree, as the watch registry needs it: the path,
 * the node's ACL at that moment (delivery is filtered by READ on it) and, for creates and
 * deletes, the parent's path and ACL (NodeChildrenChanged). A multi collects its changes and
 * fires them only if it commits. Immutable.
 */
sealed interface Change {
    /** A znode was created: NodeCreated (data table), NodeChildrenChanged on the parent. */
    record Created(String path, List<Acl> acl, String parentPath, List<Acl> parentAcl) implements Change {
    }

    /**
     * A znode was deleted: NodeDeleted (data table, then child table without the connections
     * already notified), NodeChildrenChanged on the parent.
     */
    record Deleted(String path, List<Acl> acl, String parentPath, List<Acl> parentAcl) implements Change {
    }

    /** A znode's data was set: NodeDataChanged (data table). */
    record DataChanged(String path, List<Acl> acl) implements Change {
    }
}
