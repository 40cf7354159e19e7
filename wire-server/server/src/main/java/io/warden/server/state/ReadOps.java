package io.warden.server.state;

import static io.warden.protocol.ErrorCode.BADARGUMENTS;
import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOAUTH;
import static io.warden.protocol.ErrorCode.NONODE;
import static io.warden.protocol.ErrorCode.NOWATCHER;
import static io.warden.protocol.ErrorCode.OK;

import io.warden.protocol.AddWatchMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.WatcherType;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ErrorResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetAllChildrenNumberResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.GetEphemeralsResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.response.Response;
import io.warden.server.acl.AclEvaluator;
import io.warden.server.watch.WatchMode;
import io.warden.server.watch.WatchRegistry;
import io.warden.server.watch.WatchRegistry.Table;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The read-side ops, answered between applies (PROTOCOL.md section 7): existence, data, ACL and
 * children reads, multiRead, getEphemerals, getAllChildrenNumber and the watch management ops
 * (addWatch, checkWatches, removeWatches). Reads never validate path syntax (an invalid path is
 * just a missing node); a null path, which ZooKeeper fails to handle, is MARSHALLINGERROR.
 * Each method returns the error or fills {@link #response} and returns OK.
 *
 * <p>Thread-confined to the apply thread.
 */
final class ReadOps {
    /** ZooKeeper masks digest ids with exactly this regex replacement. */
    private static final Pattern DIGEST_SECRET = Pattern.compile(":.*");
    private static final ErrorResponse ADD_WATCH_OK = new ErrorResponse(0);

    private final DataTree tree;
    private final WatchRegistry watches;
    private final AclEvaluator acl;
    private final System.Logger log = System.getLogger(ReadOps.class.getName());
    /** The reply body of the last successful read. */
    Response response;
    /** Set by {@link #readable} when it returns null. */
    private ErrorCode lastError = OK;

    ReadOps(DataTree tree, WatchRegistry watches, AclEvaluator acl) {
        this.tree = tree;
        this.watches = watches;
        this.acl = acl;
    }

    /** exists (3): NUL is BADARGUMENTS; NOAUTH only if the node exists; the watch is set even if it does not. */
    ErrorCode exists(ReadContext ctx, ExistsRequest r) {
        String path = r.path();
        if (path == null) {
            return MARSHALLINGERROR;
        }
        if (path.indexOf('\0') >= 0) {
            return BADARGUMENTS;
        }
        DataNode node = tree.get(path);
        if (node != null && !acl.allows(node.acl, Perms.READ, ctx.identities())) {
            return NOAUTH;
        }
        if (r.watch()) {
            watch(ctx, Table.DATA, path);
        }
        if (node == null) {
            return NONODE;
        }
        response = new ExistsResponse(node.stat());
        return OK;
    }

    /** getData (4): NONODE (no watch), READ, then the watch. */
    ErrorCode getData(ReadContext ctx, GetDataRequest r) {
        DataNode node = readable(ctx, r.path());
        if (node == null) {
            return lastError;
        }
        if (r.watch()) {
            watch(ctx, Table.DATA, r.path());
        }
        response = new GetDataResponse(node.data(), node.stat());
        return OK;
    }

    /** getACL (6): READ or ADMIN; without ADMIN digest ids come back as {@code user:x}. */
    ErrorCode getAcl(ReadContext ctx, GetACLRequest r) {
        if (r.path() == null) {
            return MARSHALLINGERROR;
        }
        DataNode node = tree.get(r.path());
        if (node == null) {
            return NONODE;
        }
        if (!acl.allows(node.acl, Perms.READ | Perms.ADMIN, ctx.identities())) {
            return NOAUTH;
        }
        List<Acl> shown = acl.allows(node.acl, Perms.ADMIN, ctx.identities()) ? node.acl : masked(node.acl);
        response = new GetACLResponse(shown, node.stat());
        return OK;
    }

    private static List<Acl> masked(List<Acl> acls) {
        List<Acl> out = new ArrayList<>(acls.size());
        for (Acl a : acls) {
            Id id = a.id();
            if ("digest".equals(id.scheme()) && id.id() != null) {
                out.add(new Acl(a.perms(), new Id(id.scheme(), DIGEST_SECRET.matcher(id.id()).replaceAll(":x"))));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** getChildren (8): NONODE (no watch), READ, then the child watch. */
    ErrorCode getChildren(ReadContext ctx, GetChildrenRequest r) {
        DataNode node = readable(ctx, r.path());
        if (node == null) {
            return lastError;
        }
        if (r.watch()) {
            watch(ctx, Table.CHILD, r.path());
        }
        response = new GetChildrenResponse(new ArrayList<>(node.children()));
        return OK;
    }

    /** getChildren2 (12): as getChildren, plus the Stat. */
    ErrorCode getChildren2(ReadContext ctx, GetChildren2Request r) {
        DataNode node = readable(ctx, r.path());
        if (node == null) {
            return lastError;
        }
        if (r.watch()) {
            watch(ctx, Table.CHILD, r.path());
        }
        response = new GetChildren2Response(new ArrayList<>(node.children()), node.stat());
        return OK;
    }

    /** getAllChildrenNumber (104): every descendant, not just children. */
    ErrorCode getAllChildrenNumber(ReadContext ctx, GetAllChildrenNumberRequest r) {
        DataNode node = readable(ctx, r.path());
        if (node == null) {
            return lastError;
        }
        response = new GetAllChildrenNumberResponse(tree.descendantCount(node));
        return OK;
    }

    /** getEphemerals (103): the caller's ephemerals starting with the prefix (empty, null or "/" = all). */
    ErrorCode getEphemerals(ReadContext ctx, GetEphemeralsRequest r) {
        String prefix = r.prefixPath();
        List<String> out = new ArrayList<>();
        boolean all = prefix == null || prefix.trim().isEmpty() || prefix.trim().equals("/");
        for (String path : tree.ephemerals(ctx.sessionId())) {
            if (all || path.startsWith(prefix)) {
                out.add(path);
            }
        }
        response = new GetEphemeralsResponse(out);
        return OK;
    }

    /**
     * multiRead (22): getData and getChildren sub-ops run independently (their watch flags are
     * ignored); a failing one yields an error result. Any other sub-op fails the request.
     */
    ErrorCode multiRead(ReadContext ctx, MultiRequest r) {
        boolean anyRead = false;
        boolean anyWrite = false;
        for (MultiRequest.Op op : r.ops()) {
            boolean read = op.type() == OpCode.GET_DATA || op.type() == OpCode.GET_CHILDREN;
            anyRead |= read;
            anyWrite |= !read;
        }
        if (anyWrite) {
            // ZooKeeper 3.9.5 refuses to decode a multi that mixes read and write sub-ops (header
            // only), while write-only sub-ops fail inside the multiRead loop after its empty
            // response was built, so that body follows the MARSHALLINGERROR header
            // (WardenDiffTest scenario multi-invalid-sub-ops).
            response = anyRead ? null : new MultiResponse(List.of());
            return MARSHALLINGERROR;
        }
        List<OpResult> results = new ArrayList<>(r.ops().size());
        for (MultiRequest.Op op : r.ops()) {
            String path = op.type() == OpCode.GET_DATA
                    ? ((GetDataRequest) op.request()).path()
                    : ((GetChildrenRequest) op.request()).path();
            DataNode node = readable(ctx, path);
            if (node == null) {
                if (lastError == MARSHALLINGERROR) {
                    return MARSHALLINGERROR;
                }
                results.add(new OpResult.ErrorResult(lastError.code()));
            } else if (op.type() == OpCode.GET_DATA) {
                results.add(new OpResult.GetDataResult(node.data(), node.stat()));
            } else {
                results.add(new OpResult.GetChildrenResult(new ArrayList<>(node.children())));
            }
        }
        response = new MultiResponse(results);
        return OK;
    }

    /** addWatch (106): no existence or ACL check; a bad mode is MARSHALLINGERROR. Body is int 0. */
    ErrorCode addWatch(ReadContext ctx, AddWatchRequest r) {
        AddWatchMode mode = AddWatchMode.fromCode(r.mode());
        if (mode == null || r.path() == null) {
            return MARSHALLINGERROR;
        }
        WatchTarget target = ctx.watchTarget();
        if (target != null) {
            boolean added = mode == AddWatchMode.PERSISTENT
                    ? watches.addPersistent(r.path(), target)
                    : watches.addPersistentRecursive(r.path(), target);
            if (!added) {
                refused(target, r.path());
            }
        }
        response = ADD_WATCH_OK;
        return OK;
    }

    /** checkWatches (17): OK if this connection has a matching watch on exactly the path. */
    ErrorCode checkWatches(ReadContext ctx, CheckWatchesRequest r) {
        WatcherType type = WatcherType.fromCode(r.type());
        if (type == null) {
            return MARSHALLINGERROR;
        }
        WatchTarget target = ctx.watchTarget();
        if (target == null || r.path() == null || !watches.contains(r.path(), target, type)) {
            return NOWATCHER;
        }
        response = EmptyResponse.INSTANCE;
        return OK;
    }

    /** removeWatches (18): removes the matching watches; none is NOWATCHER. No notification. */
    ErrorCode removeWatches(ReadContext ctx, RemoveWatchesRequest r) {
        WatcherType type = WatcherType.fromCode(r.type());
        if (type == null) {
            return MARSHALLINGERROR;
        }
        WatchTarget target = ctx.watchTarget();
        if (target == null || r.path() == null || !watches.remove(r.path(), target, type)) {
            return NOWATCHER;
        }
        response = EmptyResponse.INSTANCE;
        return OK;
    }

    /** The node at {@code path} if it exists and the caller may READ it; else null and lastError. */
    private DataNode readable(ReadContext ctx, String path) {
        if (path == null) {
            lastError = MARSHALLINGERROR;
            return null;
        }
        DataNode node = tree.get(path);
        if (node == null) {
            lastError = NONODE;
            return null;
        }
        if (!acl.allows(node.acl, Perms.READ, ctx.identities())) {
            lastError = NOAUTH;
            return null;
        }
        return node;
    }

    private void watch(ReadContext ctx, Table table, String path) {
        WatchTarget target = ctx.watchTarget();
        if (target != null && !watches.add(table, path, target, WatchMode.STANDARD)) {
            refused(target, path);
        }
    }

    void refused(WatchTarget target, String path) {
        log.log(System.Logger.Level.WARNING, () -> "watch on " + path + " refused for session 0x"
                + Long.toHexString(target.sessionId()) + ": connection at its watch limit");
    }
}
