package io.warden.server.state;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.Response;
import io.warden.protocol.response.SetACLResponse;
import io.warden.protocol.response.SetDataResponse;
import io.warden.protocol.response.SyncResponse;
import io.warden.server.acl.AclEvaluator;
import io.warden.server.txn.CloseSessionTxn;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.TouchSessionsTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import io.warden.server.watch.WatchRegistry;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deterministic ZooKeeper state machine: the data tree, the session table and the watch
 * registry. Writes are {@link #apply applied} in log order; reads are answered between applies.
 * Never reads a clock or a random source: time and zxid come in the {@link TxnHeader}.
 *
 * <p>Every write consumes its zxid, also when its checks fail (the reply then carries the error
 * and the txn's zxid). A failed check is a value; an exception from {@link #apply} is a bug, and
 * the caller must stop rather than go on with state that may have diverged.
 *
 * <p>Thread-confined: one apply thread calls every method.
 */
public final class StateMachine {
    private final StateConfig config;
    private final DataTree tree = new DataTree();
    private final SessionTable sessions = new SessionTable();
    private final WatchRegistry watches;
    private final WriteOps writes;
    private final MultiOp multi;
    private final ReadOps reads;
    private final SetWatchesOp setWatches;
    private final Notifier notifier;
    private final ApplyContext ctx = new ApplyContext();
    /** See {@link #entryOrigin}. */
    private long entryOriginId;
    private long lastZxid;

    public StateMachine(StateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.maxDataBytes() < 0) {
            throw new IllegalArgumentException("maxDataBytes must not be negative: " + config.maxDataBytes());
        }
        AclEvaluator acl = new AclEvaluator(config.skipAcl(), config.superDigest());
        this.watches = new WatchRegistry(config.maxWatchesPerConnection());
        this.writes = new WriteOps(tree, acl, config);
        this.multi = new MultiOp(tree, writes);
        this.reads = new ReadOps(tree, watches, acl);
        this.setWatches = new SetWatchesOp(tree, watches, reads);
        this.notifier = new Notifier(watches, acl);
    }

    /**
     * Applies one transaction consuming {@code header.zxid()}, whether its checks pass or fail,
     * and returns the reply and the watch notifications it fires. Zxids must strictly increase
     * (normally lastZxid + 1; a new epoch may jump). A {@link TouchSessionsTxn} is the exception:
     * it consumes none and only records session liveness (see {@link CloseSessionTxn#decidedAtZxid}).
     */
    public OpOutcome apply(TxnHeader header, Txn txn) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(txn, "txn");
        if (txn instanceof TouchSessionsTxn touch) {
            // consumes no zxid: header.zxid() is the last one stamped before it
            sessions.touch(touch.sessionIds(), header.zxid());
            if (touch.claim()) {
                sessions.claim(touch.sessionIds(), entryOriginId);
            }
            return done(lastZxid, EmptyResponse.INSTANCE, List.of());
        }
        if (header.zxid() <= lastZxid) {
            throw new IllegalStateException("zxid 0x" + Long.toHexString(header.zxid())
                    + " not after last applied 0x" + Long.toHexString(lastZxid));
        }
        OpOutcome outcome;
        if (txn instanceof RequestTxn request) {
            outcome = applyRequest(header, request);
        } else if (txn instanceof CreateSessionTxn create) {
            sessions.put(new SessionInfo(header.sessionId(), create.timeoutMs(), create.password()));
            sessions.claim(List.of(header.sessionId()), entryOriginId);
            outcome = done(header.zxid(), EmptyResponse.INSTANCE, List.of());
        } else if (txn instanceof CloseSessionTxn close) {
            outcome = close.isExpiry() && sessions.lastTouchedZxid(header.sessionId()) > close.decidedAtZxid()
                    ? done(header.zxid(), EmptyResponse.INSTANCE, List.of()) // touched since: lives on
                    : closeSession(header);
        } else {
            throw new IllegalArgumentException("unknown txn " + txn);
        }
        lastZxid = header.zxid();
        return outcome;
    }

    /** Deletes the session's ephemerals (watches fire for everyone) and forgets the session. */
    private OpOutcome closeSession(TxnHeader header) {
        ctx.reset(header, List.of(), true, !watches.isEmpty());
        for (String path : new ArrayList<>(tree.ephemerals(header.sessionId()))) {
            writes.remove(ctx, tree.get(path));
        }
        sessions.remove(header.sessionId());
        return done(header.zxid(), EmptyResponse.INSTANCE, notifier.fire(ctx.changes, header.zxid()));
    }

    /**
     * Ensemble: the server whose log entry the following {@link #apply} calls come from (its
     * myid), until changed; 0 (the default, standalone) means no origin: sessions get no owner
     * and no write fails with SESSIONMOVED. Set before each committed entry, so that every replica
     * applies the same entry with the same origin.
     */
    public void entryOrigin(long originId) {
        entryOriginId = originId;
    }

    /**
     * Whether the session's owner in replicated state is known and is not server {@code myId}
     * (a read or ping for it on the ensemble's leader is refused, as ZooKeeper's leader does).
     */
    public boolean ownedElsewhere(long sessionId, long myId) {
        return sessions.movedFrom(sessionId, myId);
    }

    private OpOutcome applyRequest(TxnHeader header, RequestTxn txn) {
        ctx.reset(header, txn.identities(), sessions.contains(header.sessionId()), !watches.isEmpty());
        long zxid = header.zxid();
        if (sessions.movedFrom(header.sessionId(), entryOriginId)) {
            // the session re-attached to another server since: ZooKeeper's leader logs an error
            // txn (a zxid consumed) and the origin closes the connection without a reply
            return failed(ErrorCode.SESSIONMOVED, zxid);
        }
        Request r = txn.request();
        OpCode op = txn.op();
        if (r instanceof EmptyRequest) {
            // A write ZooKeeper could not decode, or a createSession sent as a request: ZooKeeper
            // logs an error txn for it, so it consumes a zxid (scenario session-internal-opcodes).
            return failed(ErrorCode.MARSHALLINGERROR, zxid);
        }
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> {
                CreateRequest c = (CreateRequest) r;
                yield created(op, writes.create(ctx, op, c.path(), c.data(), c.acl(), c.flags(), -1));
            }
            case CREATE_TTL -> {
                CreateTTLRequest c = (CreateTTLRequest) r;
                yield created(op, writes.create(ctx, op, c.path(), c.data(), c.acl(), c.flags(), c.ttl()));
            }
            case DELETE -> {
                DeleteRequest d = (DeleteRequest) r;
                yield written(writes.delete(ctx, d.path(), d.version()), EmptyResponse.INSTANCE);
            }
            case DELETE_CONTAINER -> written(writes.deleteContainer(ctx, ((DeleteContainerRequest) r).path()),
                    EmptyResponse.INSTANCE);
            case SET_DATA -> {
                SetDataRequest s = (SetDataRequest) r;
                ErrorCode err = writes.setData(ctx, s.path(), s.data(), s.version());
                yield written(err, err == ErrorCode.OK ? new SetDataResponse(ctx.resultNode.stat()) : null);
            }
            case SET_ACL -> {
                SetACLRequest s = (SetACLRequest) r;
                ErrorCode err = writes.setAcl(ctx, s.path(), s.acl(), s.version());
                yield written(err, err == ErrorCode.OK ? new SetACLResponse(ctx.resultNode.stat()) : null);
            }
            case MULTI -> {
                MultiResponse response = multi.apply(ctx, (MultiRequest) r);
                yield response == null ? failed(ErrorCode.MARSHALLINGERROR, zxid) : written(ErrorCode.OK, response);
            }
            // Reconfig is disabled in standalone ZooKeeper; a top-level check is not an op.
            case RECONFIG -> failed(ErrorCode.RECONFIGDISABLED, zxid);
            case CHECK -> failed(ErrorCode.UNIMPLEMENTED, zxid);
            case NOTIFICATION, EXISTS, GET_DATA, GET_ACL, GET_CHILDREN, SYNC, PING, GET_CHILDREN2,
                    CHECK_WATCHES, REMOVE_WATCHES, MULTI_READ, AUTH, SET_WATCHES, SASL, GET_EPHEMERALS,
                    GET_ALL_CHILDREN_NUMBER, SET_WATCHES2, ADD_WATCH, WHO_AM_I, CREATE_SESSION,
                    CLOSE_SESSION, ERROR -> throw new IllegalArgumentException(op + " is not a request txn");
        };
    }

    private OpOutcome created(OpCode op, ErrorCode err) {
        if (err != ErrorCode.OK) {
            return failed(err, ctx.zxid);
        }
        Response response = op == OpCode.CREATE
                ? new CreateResponse(ctx.resultPath)
                : new Create2Response(ctx.resultPath, ctx.resultNode.stat());
        return written(err, response);
    }

    private OpOutcome written(ErrorCode err, Response response) {
        if (err != ErrorCode.OK) {
            return failed(err, ctx.zxid);
        }
        return done(ctx.zxid, response, notifier.fire(ctx.changes, ctx.zxid));
    }

    private static OpOutcome done(long zxid, Response response, List<Notification> notifications) {
        return new OpOutcome(ErrorCode.OK, response, zxid, notifications);
    }

    private static OpOutcome failed(ErrorCode err, long zxid) {
        return new OpOutcome(err, EmptyResponse.INSTANCE, zxid, List.of());
    }

    /**
     * Answers a request that does not change replicated state: exists, getData, getACL,
     * getChildren, getChildren2, sync, multiRead, getEphemerals, getAllChildrenNumber, addWatch,
     * removeWatches, checkWatches, setWatches, setWatches2. May register or remove watches of
     * {@code ctx.watchTarget()}, and (setWatches) return catch-up notifications. The reply zxid
     * is {@link #lastZxid()}. A session not in the session table gets SESSIONEXPIRED.
     */
    public OpOutcome read(ReadContext ctx, OpCode op, Request request) {
        Objects.requireNonNull(ctx, "ctx");
        if (!sessions.contains(ctx.sessionId())) {
            return failed(ErrorCode.SESSIONEXPIRED, lastZxid);
        }
        List<Notification> catchUp = List.of();
        ErrorCode err = switch (op) {
            case EXISTS -> reads.exists(ctx, (ExistsRequest) request);
            case GET_DATA -> reads.getData(ctx, (GetDataRequest) request);
            case GET_ACL -> reads.getAcl(ctx, (GetACLRequest) request);
            case GET_CHILDREN -> reads.getChildren(ctx, (GetChildrenRequest) request);
            case GET_CHILDREN2 -> reads.getChildren2(ctx, (GetChildren2Request) request);
            case SYNC -> {
                reads.response = new SyncResponse(((SyncRequest) request).path());
                yield ErrorCode.OK;
            }
            case MULTI_READ -> reads.multiRead(ctx, (MultiRequest) request);
            case GET_EPHEMERALS -> reads.getEphemerals(ctx, (GetEphemeralsRequest) request);
            case GET_ALL_CHILDREN_NUMBER -> reads.getAllChildrenNumber(ctx, (GetAllChildrenNumberRequest) request);
            case ADD_WATCH -> reads.addWatch(ctx, (AddWatchRequest) request);
            case CHECK_WATCHES -> reads.checkWatches(ctx, (CheckWatchesRequest) request);
            case REMOVE_WATCHES -> reads.removeWatches(ctx, (RemoveWatchesRequest) request);
            case SET_WATCHES -> {
                SetWatches s = (SetWatches) request;
                catchUp = setWatches.apply(ctx, s.relativeZxid(), s.dataWatches(), s.existWatches(),
                        s.childWatches(), List.of(), List.of());
                reads.response = EmptyResponse.INSTANCE;
                yield ErrorCode.OK;
            }
            case SET_WATCHES2 -> {
                SetWatches2 s = (SetWatches2) request;
                catchUp = setWatches.apply(ctx, s.relativeZxid(), s.dataWatches(), s.existWatches(),
                        s.childWatches(), s.persistentWatches(), s.persistentRecursiveWatches());
                reads.response = EmptyResponse.INSTANCE;
                yield ErrorCode.OK;
            }
            case NOTIFICATION, CREATE, DELETE, SET_DATA, SET_ACL, PING, CHECK, MULTI, CREATE2, RECONFIG,
                    CREATE_CONTAINER, DELETE_CONTAINER, CREATE_TTL, AUTH, SASL, WHO_AM_I, CREATE_SESSION,
                    CLOSE_SESSION, ERROR -> throw new IllegalArgumentException(op + " is not answered by read()");
        };
        Response response = reads.response;
        reads.response = null;
        if (response == null || err != ErrorCode.OK && !(response instanceof MultiResponse)) {
            response = EmptyResponse.INSTANCE;
        }
        return new OpOutcome(err, response, lastZxid, catchUp);
    }

    /**
     * True if a multi (14) request can only fail with MARSHALLINGERROR (it holds read or unknown
     * sub-ops). ZooKeeper still consumes a zxid for it (checked against ZooKeeper 3.8.0), so the
     * network layer should sequence it like any write and let apply answer; this is for logging
     * and metrics.
     */
    public static boolean isMalformedMulti(MultiRequest request) {
        return MultiOp.isMalformed(request);
    }

    /**
     * Sets {@code /zookeeper/config} as a ZooKeeper quorum peer does when it loads its
     * configuration (at startup) and when a new configuration commits: the data, version -1, mzxid
     * = {@code configVersion}, mtime = {@code timeMs}; czxid, ctime, the ACL (world:anyone READ)
     * and aversion (-1) stay. Watchers of the node's data ({@code getConfig} with a watch) get
     * NodeDataChanged, as for a setData. Consumes no zxid ({@link #lastZxid()} is unchanged).
     *
     * <p>Deterministic: replicas that call it at the same point of their log with the same
     * arguments end with the same state, so {@code timeMs} must come from the log (or be a
     * constant such as 0 for a static configuration), never from a local clock. A standalone
     * server never calls it: ZooKeeper standalone leaves the node empty.
     *
     * @param data the node's text, {@code ConfigNode.bytes(members, version)}
     * @param configVersion the configuration version, which ZooKeeper also stores as the mzxid
     * @param timeMs the mtime
     * @return the notifications to deliver (empty when nobody watches the node)
     */
    public List<Notification> setConfigNode(byte[] data, long configVersion, long timeMs) {
        Objects.requireNonNull(data, "data");
        DataNode node = tree.get(DataTree.CONFIG);
        tree.setData(node, Bytes.copyOf(data), -1, configVersion, timeMs);
        return notifier.fire(List.of(new Change.DataChanged(DataTree.CONFIG, node.acl)), lastZxid);
    }

    /** Drops every watch of a closed connection. */
    public void dropWatches(WatchTarget target) {
        watches.drop(target);
    }

    /** The zxid of the last applied transaction (0 on a fresh tree). */
    public long lastZxid() {
        return lastZxid;
    }

    /** A live session, if the session table has it. */
    public Optional<SessionInfo> session(long sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    /** Every live session (a fresh list, unspecified order), e.g. to re-arm expiry after a restart. */
    public List<SessionInfo> sessions() {
        return sessions.all();
    }

    /** The ephemeral paths of a session, sorted (a fresh list). */
    public List<String> ephemerals(long sessionId) {
        return new ArrayList<>(tree.ephemerals(sessionId));
    }

    /** Ephemeral paths per owning session, for the {@code dump} command (fresh copies). */
    public Map<Long, List<String>> ephemeralsBySession() {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (Long owner : tree.ephemeralOwners()) {
            out.put(owner, new ArrayList<>(tree.ephemerals(owner)));
        }
        return out;
    }

    /** Data-table watches per connection ({@code wchc}; fresh copies). */
    public Map<WatchTarget, List<String>> dataWatchesByConnection() {
        return watches.dataWatchesByTarget();
    }

    /** Connections per data-table path ({@code wchp}; fresh copies). */
    public Map<String, List<WatchTarget>> dataWatchesByPath() {
        return watches.dataWatchesByPath();
    }

    /** Watch registrations refused since start because a connection was at its bound. */
    public long refusedWatchCount() {
        return watches.refusedCount();
    }

    /**
     * Containers and TTL nodes the reaper should delete at wall time {@code nowMs} (at most
     * {@code max}): childless containers that ever had a child, childless TTL nodes whose mtime
     * is more than their ttl ago. The reaper submits a deleteContainer (20) for each; apply
     * re-checks emptiness.
     */
    public List<String> reapableNodes(long nowMs, int max) {
        List<String> out = new ArrayList<>();
        for (String path : tree.containers()) {
            if (out.size() >= max) {
                return out;
            }
            DataNode node = tree.get(path);
            if (node != null && !node.hasChildren() && node.childCounter > 0) {
                out.add(path);
            }
        }
        for (String path : tree.ttls()) {
            if (out.size() >= max) {
                return out;
            }
            DataNode node = tree.get(path);
            if (node != null && !node.hasChildren() && nowMs - node.mtime > node.ttlMs()) {
                out.add(path);
            }
        }
        return out;
    }

    /** Counters for four-letter words and metrics. */
    public StateStats stats() {
        return new StateStats(tree.nodeCount(), tree.approximateDataSize(), tree.ephemeralCount(), sessions.size(),
                watches.dataPathCount(), watches.dataWatchCount(), watches.dataWatchingConnections());
    }

    /**
     * Captures the replicated state as of {@link #lastZxid()} for a snapshot, readable from another
     * thread while apply goes on (copy-on-write, see {@link FrozenState}). Costs one reference
     * copy per znode here; close the result when the snapshot is written. Watches are not part
     * of it: they are local to each server.
     */
    public FrozenState freeze() {
        return tree.freeze(lastZxid, sessions.all());
    }

    /** Restore only: the zxid of the snapshot this state machine was rebuilt from. */
    void restoreLastZxid(long zxid) {
        lastZxid = zxid;
    }

    SessionTable sessionTable() {
        return sessions;
    }

    StateConfig config() {
        return config;
    }

    DataTree tree() {
        return tree;
    }

    WatchRegistry watches() {
        return watches;
    }
}
