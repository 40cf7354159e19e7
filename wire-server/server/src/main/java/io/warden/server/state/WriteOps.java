package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.BADVERSION;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NOCHILDRENFOREPHEMERALS;
import static io.warden.protocol.ErrorCode.NODEEXISTS;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.NOTEMPTY;
import static io.warden.protocol.ErrorCode.OK;
import static io.warden.protocol.ErrorCode.SESSIONEXPIRED;
import static io.warden.protocol.ErrorCode.UNIMPLEMENTED;

import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.Paths;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.server.acl.AclEvaluator;
import java.util.List;

/**
 * The checks and effects of each write op (create*, delete, setData, setACL, check,
 * deleteContainer), in ZooKeeper's validation order where the first failure wins
 * (PROTOCOL.md section 7). Each returns OK or the error; on OK the tree is changed, the change is
 * recorded in the {@link ApplyContext} (and its inverse in the undo log inside a multi), and
 * {@code resultPath}/{@code resultNode} say what the reply must show. A failed op changes
 * nothing.
 *
 * <p>MARSHALLINGERROR stands for what ZooKeeper cannot even decode (a null path, data over
 * {@code maxDataBytes}); inside a multi it fails the whole request.
 *
 * <p>Thread-confined to the apply thread.
 */
final class WriteOps {
    private static final CreateMode[] MODES = CreateMode.values();

    private final DataTree tree;
    private final AclEvaluator acl;
    private final StateConfig config;
    private final Quotas quotas;

    WriteOps(DataTree tree, AclEvaluator acl, StateConfig config) {
        this.tree = tree;
        this.acl = acl;
        this.config = config;
        this.quotas = new Quotas(tree, config.enforceQuota());
    }

    /**
     * create (1), create2 (15), createContainer (19), createTTL (21; {@code ttl} is -1 for the
     * other opcodes). Order: flags, TTL gate and range, session, path shape, ACL fix-up, parent,
     * CREATE on parent, sequential suffix, full path, existence, ephemeral parent, quota.
     */
    ErrorCode create(ApplyContext c, OpCode op, String requestPath, Bytes data, List<Acl> acls, int flags, long ttl) {
        if (tooLarge(data)) {
            return MARSHALLINGERROR;
        }
        CreateMode mode = flags >= 0 && flags < MODES.length ? MODES[flags] : null;
        if (mode == null) {
            return BADARGUMENTS;
        }
        if (mode.isTtl() && !config.extendedTypesEnabled()) {
            return UNIMPLEMENTED;
        }
        if (mode.isTtl() ? ttl <= 0 || ttl > Limits.MAX_TTL_MS : ttl >= 0) {
            return BADARGUMENTS;
        }
        if (op == OpCode.CREATE_TTL && !mode.isTtl()) {
            // ZooKeeper would fail while applying (no TTL to encode); refuse it cleanly.
            return BADARGUMENTS;
        }
        if (!c.sessionLive) {
            return SESSIONEXPIRED;
        }
        if (requestPath == null) {
            return MARSHALLINGERROR;
        }
        int lastSlash = requestPath.lastIndexOf('/');
        if (lastSlash < 0 || requestPath.indexOf('\0') >= 0) {
            return BADARGUMENTS;
        }
        AclEvaluator.Fixup fixup = acl.fixup(acls, c.identities);
        if (!fixup.ok()) {
            return fixup.error();
        }
        List<Acl> fixed = fixup.acl();
        DataNode parent = tree.get(requestPath.substring(0, lastSlash));
        if (parent == null) {
            return NONODE;
        }
        if (!acl.allows(parent.acl, Perms.CREATE, c.identities)) {
            return NOAUTH;
        }
        String path = mode.isSequential() ? SequentialSuffix.append(requestPath, parent.childCounter) : requestPath;
        if (!Paths.isValid(path)) {
            return BADARGUMENTS;
        }
        if (tree.get(path) != null) {
            return NODEEXISTS;
        }
        if (parent.kind() == NodeKind.EPHEMERAL) {
            return NOCHILDRENFOREPHEMERALS;
        }
        ErrorCode quota = quotas.check(c, path, 1, data == null ? 0 : data.length());
        if (quota != OK) {
            return quota;
        }
        NodeKind kind;
        long owner;
        if (op == OpCode.CREATE_CONTAINER) {
            // ZooKeeper makes op 19 a container whatever the flags say (and op 1/15 with flag 4 a
            // plain persistent node): the opcode picks the transaction type.
            kind = NodeKind.CONTAINER;
            owner = NodeKind.CONTAINER_OWNER;
        } else if (op == OpCode.CREATE_TTL) {
            kind = NodeKind.TTL;
            owner = NodeKind.TTL_OWNER_PREFIX | ttl;
        } else if (mode.isEphemeral()) {
            kind = NodeKind.EPHEMERAL;
            owner = c.sessionId;
        } else {
            kind = NodeKind.PERSISTENT;
            owner = 0;
        }
        int counterBefore = parent.childCounter;
        long pzxidBefore = parent.pzxid;
        quotas.beforeChange(c, path);
        DataNode node = tree.create(parent, path, path.substring(lastSlash + 1), data, fixed, kind, owner,
                c.zxid, c.timeMs);
        if (c.undo != null) {
            c.undo.created(node, counterBefore, pzxidBefore);
        }
        quotas.created(c, node);
        c.record(new Change.Created(path, node.acl, parent.path, parent.acl));
        c.resultPath = path;
        c.resultNode = node;
        return OK;
    }

    /**
     * delete (2). Order: session, path shape or protected path, parent, DELETE on parent, node,
     * version, children.
     */
    ErrorCode delete(ApplyContext c, String path, int version) {
        if (!c.sessionLive) {
            return SESSIONEXPIRED;
        }
        if (path == null) {
            return MARSHALLINGERROR;
        }
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash < 0 || path.indexOf('\0') >= 0 || DataTree.isProtected(path)) {
            return BADARGUMENTS;
        }
        DataNode parent = tree.get(path.substring(0, lastSlash));
        if (parent == null) {
            return NONODE;
        }
        if (!acl.allows(parent.acl, Perms.DELETE, c.identities)) {
            return NOAUTH;
        }
        DataNode node = tree.get(path);
        if (node == null) {
            return NONODE;
        }
        if (!versionMatches(version, node.version)) {
            return BADVERSION;
        }
        if (node.hasChildren()) {
            return NOTEMPTY;
        }
        remove(c, node);
        return OK;
    }

    /**
     * deleteContainer (20), meant for the container/TTL reaper but honoured from any session, as
     * ZooKeeper 3.9 does (checked against 3.9.5; 3.8.0 answered BADARGUMENTS instead). Order:
     * path shape or protected path, node, children, kind. No session or ACL check, and only a
     * session ephemeral is refused (BADVERSION): like ZooKeeper, this deletes any other empty
     * node, plain persistent ones included.
     */
    ErrorCode deleteContainer(ApplyContext c, String path) {
        if (path == null) {
            return MARSHALLINGERROR;
        }
        int lastSlash = path.lastIndexOf('/');
        if (lastSlash < 0 || path.indexOf('\0') >= 0 || DataTree.isProtected(path)) {
            return BADARGUMENTS;
        }
        DataNode node = tree.get(path);
        if (node == null) {
            return NONODE;
        }
        if (node.hasChildren()) {
            return NOTEMPTY;
        }
        if (node.kind() == NodeKind.EPHEMERAL) {
            return BADVERSION;
        }
        remove(c, node);
        return OK;
    }

    /** Deletes a childless node without checks (delete, deleteContainer, session close). */
    void remove(ApplyContext c, DataNode node) {
        if (node.hasChildren()) {
            throw new IllegalStateException("deleting " + node.path + " which has children");
        }
        DataNode parent = tree.parentOf(node);
        long pzxidBefore = parent.pzxid;
        quotas.beforeChange(c, node.path);
        tree.delete(node, c.zxid);
        if (c.undo != null) {
            c.undo.deleted(node, pzxidBefore);
        }
        quotas.deleted(c, node);
        c.record(new Change.Deleted(node.path, node.acl, parent.path, parent.acl));
    }

    /** setData (5). Order: session, full path, node, WRITE, quota, version. */
    ErrorCode setData(ApplyContext c, String path, Bytes data, int version) {
        if (tooLarge(data)) {
            return MARSHALLINGERROR;
        }
        ErrorCode found = findNode(c, path, Perms.WRITE);
        if (found != OK) {
            return found;
        }
        DataNode node = c.resultNode;
        int oldLength = node.dataLength();
        ErrorCode quota = quotas.check(c, path, 0, (data == null ? 0 : data.length()) - (long) oldLength);
        if (quota != OK) {
            return quota;
        }
        if (!versionMatches(version, node.version)) {
            return BADVERSION;
        }
        if (c.undo != null) {
            c.undo.dataSet(node);
        }
        quotas.beforeChange(c, path);
        tree.setData(node, data, nextVersion(node.version), c.zxid, c.timeMs);
        quotas.dataChanged(c, node, oldLength);
        c.record(new Change.DataChanged(path, node.acl));
        return OK;
    }

    /** setACL (7). Order: session, full path, ACL fix-up, node, ADMIN, aversion. Fires nothing. */
    ErrorCode setAcl(ApplyContext c, String path, List<Acl> acls, int version) {
        if (c.undo != null) {
            throw new IllegalStateException("setACL cannot be part of a multi");
        }
        if (!c.sessionLive) {
            return SESSIONEXPIRED;
        }
        if (path == null) {
            return MARSHALLINGERROR;
        }
        if (!Paths.isValid(path)) {
            return BADARGUMENTS;
        }
        AclEvaluator.Fixup fixup = acl.fixup(acls, c.identities);
        if (!fixup.ok()) {
            return fixup.error();
        }
        List<Acl> fixed = fixup.acl();
        DataNode node = tree.get(path);
        if (node == null) {
            return NONODE;
        }
        if (!acl.allows(node.acl, Perms.ADMIN, c.identities)) {
            return NOAUTH;
        }
        if (!versionMatches(version, node.aversion)) {
            return BADVERSION;
        }
        tree.setAcl(node, fixed, nextVersion(node.aversion));
        c.resultPath = path;
        c.resultNode = node;
        return OK;
    }

    /** check (13, inside multi only). Order: session, full path, node, READ, version. */
    ErrorCode check(ApplyContext c, String path, int version) {
        ErrorCode found = findNode(c, path, Perms.READ);
        if (found != OK) {
            return found;
        }
        return versionMatches(version, c.resultNode.version) ? OK : BADVERSION;
    }

    /**
     * The checks setData and check share, in ZooKeeper's order: live session, path (null, then
     * full syntax), existence, then {@code perm} on the node's ACL. On OK, {@code c.resultPath}
     * and {@code c.resultNode} name the node.
     */
    private ErrorCode findNode(ApplyContext c, String path, int perm) {
        if (!c.sessionLive) {
            return SESSIONEXPIRED;
        }
        if (path == null) {
            return MARSHALLINGERROR;
        }
        if (!Paths.isValid(path)) {
            return BADARGUMENTS;
        }
        DataNode node = tree.get(path);
        if (node == null) {
            return NONODE;
        }
        if (!acl.allows(node.acl, perm, c.identities)) {
            return NOAUTH;
        }
        c.resultPath = path;
        c.resultNode = node;
        return OK;
    }

    /** An expected version of -1 matches any. */
    private static boolean versionMatches(int expected, int actual) {
        return expected == -1 || expected == actual;
    }

    private boolean tooLarge(Bytes data) {
        return data != null && data.length() > config.maxDataBytes();
    }

    /**
     * The version after an increment. From -2 it goes to 0, never to -1, which clients could not
     * pass as an expected version (-1 means "any"; ZOOKEEPER-4743).
     */
    static int nextVersion(int current) {
        int next = current + 1;
        return next == -1 ? 0 : next;
    }
}
