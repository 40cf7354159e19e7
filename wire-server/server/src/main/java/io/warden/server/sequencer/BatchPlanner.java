package io.warden.server.sequencer;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.RequestHeader;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.SetSASLResponse;
import io.warden.protocol.response.WhoAmIResponse;
import io.warden.server.session.Auth;
import io.warden.server.session.SessionTracker;
import io.warden.server.state.ReadContext;
import io.warden.server.txn.CloseSessionTxn;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TouchSessionsTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Phase one of a batch: turns submissions, in arrival order, into {@link Step}s and stamps every
 * transaction (so the whole batch can be made durable at once before anything is applied). All
 * bookkeeping that decides what a later submission means happens here, in order: the session
 * table (new, re-attached, closed, expired sessions), which session each connection serves, its
 * identities, and whether it is closing (later requests of a closing connection are skipped, as
 * ZooKeeper stops reading from it). The state store is not consulted: every decision depends only
 * on what earlier submissions planned.
 *
 * <p>Thread-confined to the apply thread. Bounded: one entry per open connection and per
 * attached session.
 */
final class BatchPlanner {
    private static final System.Logger LOG = System.getLogger(BatchPlanner.class.getName());

    private final SequencerSettings settings;
    private final SessionTracker tracker;
    private final Stamper stamper;
    private final Map<ClientLink, LinkState> links = new HashMap<>();
    private final Map<Long, ClientLink> attached = new HashMap<>();
    /** The log failed: nothing more is logged, writes are refused (see {@link #logFailed}). */
    private boolean readOnly;
    /**
     * An ensemble member: stamps are provisional, a sync is answered after a ReadIndex
     * ({@link Step.Linearized}, see {@link #ordersRead}) and expiries are decided against the
     * applied zxid.
     */
    private final boolean ensemble;
    /** Ensemble: false while this server has no leader contact (new connections are refused). */
    private boolean serving = true;
    /** Ensemble, {@code warden.linearizableReads}: every read waits for a ReadIndex like a sync. */
    private boolean linearizableReads;

    /** What planning knows about one connection. */
    private static final class LinkState {
        long sessionId;
        List<Id> identities;
        boolean closed;
        boolean dropped;

        LinkState(List<Id> identities) {
            this.identities = identities;
        }
    }

    BatchPlanner(SequencerSettings settings, SessionTracker tracker, Stamper stamper) {
        this(settings, tracker, stamper, false);
    }

    BatchPlanner(SequencerSettings settings, SessionTracker tracker, Stamper stamper, boolean ensemble) {
        this.settings = settings;
        this.tracker = tracker;
        this.stamper = stamper;
        this.ensemble = ensemble;
    }

    /** Ensemble: every read waits for a ReadIndex, as a sync does ({@code warden.linearizableReads}). */
    void linearizableReads(boolean value) {
        linearizableReads = value;
    }

    /**
     * Ensemble: whether {@code submission} is a read that must wait for a ReadIndex (a sync; with
     * {@code warden.linearizableReads}, every read of the data tree) of an attached session on an
     * open connection, while the log works. The caller asks for one ReadIndex for the batch and
     * keeps logged transactions out of it ({@link #mayLog}).
     */
    boolean ordersRead(Submission submission) {
        if (!ensemble || readOnly || !(submission instanceof Submission.ClientRequest c)) {
            return false;
        }
        LinkState state = links.get(c.link());
        if (state == null || state.closed || state.sessionId == 0) {
            return false;
        }
        return c.frame().opCode() == OpCode.SYNC || linearizableReads && isTreeRead(c.frame().opCode());
    }

    /**
     * Whether planning {@code submission} may log a transaction (a write, a closeSession, a new
     * session or re-attach, an undecodable write). Conservative: a false positive only splits a
     * batch.
     */
    static boolean mayLog(Submission submission) {
        if (submission instanceof Submission.Handshake || submission instanceof Submission.BadRequest) {
            return true;
        }
        if (!(submission instanceof Submission.ClientRequest c)) {
            return false;
        }
        return switch (c.frame().opCode()) {
            case PING, AUTH, SASL, WHO_AM_I, SYNC, EXISTS, GET_DATA, GET_ACL, GET_CHILDREN, GET_CHILDREN2, MULTI_READ,
                    GET_EPHEMERALS, GET_ALL_CHILDREN_NUMBER, ADD_WATCH, REMOVE_WATCHES, CHECK_WATCHES, SET_WATCHES,
                    SET_WATCHES2, CHECK, NOTIFICATION, ERROR -> false;
            default -> true;
        };
    }

    private static boolean isTreeRead(OpCode op) {
        return switch (op) {
            case EXISTS, GET_DATA, GET_ACL, GET_CHILDREN, GET_CHILDREN2, MULTI_READ, GET_EPHEMERALS,
                    GET_ALL_CHILDREN_NUMBER -> true;
            default -> false;
        };
    }

    /**
     * Ensemble: starts or stops serving. Stopping closes every client connection (their sessions
     * live on: the clients re-attach elsewhere) and refuses new ones until serving again.
     */
    void serving(boolean value, List<Step> steps) {
        serving = value;
        if (value) {
            return;
        }
        for (Map.Entry<ClientLink, LinkState> e : links.entrySet()) {
            if (!e.getValue().closed) {
                e.getValue().closed = true;
                steps.add(new Step.CloseAfterFlush(e.getKey()));
            }
        }
        attached.clear();
    }

    /**
     * Another server's close of {@code sessionId} was applied (ensemble): the connection attached
     * to it here, if any, stops serving; returns it (the caller closes it) or null.
     */
    ClientLink closedElsewhere(long sessionId) {
        ClientLink link = attached.remove(sessionId);
        if (link != null) {
            LinkState state = links.get(link);
            if (state != null) {
                state.closed = true;
            }
        }
        return link;
    }

    /**
     * The log failed: from now on writes (closeSession included) are answered NOTREADONLY without
     * a zxid, as a ZooKeeper server in read-only mode answers them, and new sessions are refused
     * (their connections close); re-attaches, reads and pings go on.
     */
    void logFailed() {
        readOnly = true;
    }

    /** The expired sessions' close transactions; their connections close after what is queued. */
    void planExpiries(List<Long> expired, List<Step> steps, List<StampedTxn> log) {
        for (long sessionId : expired) {
            LOG.log(System.Logger.Level.INFO, "Expiring session 0x{0}", Long.toHexString(sessionId));
            // Ensemble: stamps are provisional and a touch from another server is applied with
            // the applied zxid at that moment; deciding one below the applied zxid makes a touch
            // applied at the same zxid count as "since" (a rare extra timeout, never a wrong expiry).
            long decidedAt = ensemble ? Math.max(0, stamper.appliedZxid() - 1) : stamper.lastZxid();
            TxnHeader header = stamper.stamp(sessionId, 0);
            Txn txn = new CloseSessionTxn(decidedAt);
            log.add(new StampedTxn(header, txn));
            steps.add(new Step.Expire(header, txn));
            tracker.remove(sessionId);
            ClientLink link = attached.remove(sessionId);
            if (link != null) {
                LinkState state = links.get(link);
                if (state != null) {
                    state.closed = true;
                }
                steps.add(new Step.CloseAfterFlush(link));
            }
        }
    }

    /**
     * One TouchSessionsTxn for the sessions that had traffic since the last one. It consumes no
     * zxid: its header carries the last zxid stamped (session 0, cxid 0, the current time).
     */
    void planTouch(List<Long> sessionIds, List<Step> steps, List<StampedTxn> log) {
        TxnHeader header = new TxnHeader(0, 0, stamper.lastZxid(), stamper.nowMs());
        Txn txn = new TouchSessionsTxn(sessionIds);
        log.add(new StampedTxn(header, txn));
        steps.add(new Step.Touch(header, txn));
    }

    /**
     * Ensemble: a claim of the sessions (re-)attached here: a touch that makes this server their
     * owner at apply ({@link TouchSessionsTxn#claim}); their writes through another server fail
     * with SESSIONMOVED from then on.
     */
    void planClaim(List<Long> sessionIds, List<Step> steps, List<StampedTxn> log) {
        TxnHeader header = new TxnHeader(0, 0, stamper.lastZxid(), stamper.nowMs());
        Txn txn = new TouchSessionsTxn(sessionIds, true);
        log.add(new StampedTxn(header, txn));
        steps.add(new Step.Touch(header, txn));
    }

    /**
     * The reaper's deleteContainer transactions (session 0, no reply) for the given paths,
     * planned before the batch's client requests; apply re-checks that each is still empty.
     */
    void planReaps(List<String> paths, List<Step> steps, List<StampedTxn> log) {
        for (String path : paths) {
            TxnHeader header = stamper.stamp(0, 0);
            Txn txn = new RequestTxn(OpCode.DELETE_CONTAINER, new DeleteContainerRequest(path), List.of());
            log.add(new StampedTxn(header, txn));
            steps.add(new Step.Reap(header, txn));
        }
    }

    void plan(Submission submission, List<Step> steps, List<StampedTxn> log) {
        // Java 17: no pattern switch over the sealed family; Submission has exactly these six.
        if (submission instanceof Submission.Handshake h) {
            planHandshake(h, steps, log);
        } else if (submission instanceof Submission.ClientRequest c) {
            planRequest(c, steps, log);
        } else if (submission instanceof Submission.BadRequest b) {
            planBadRequest(b, steps, log);
        } else if (submission instanceof Submission.LinkClosed l) {
            planClosed(l.link(), steps);
        } else if (submission instanceof Submission.Query q) {
            steps.add(new Step.Query(q.details(), q.callback()));
        } else if (!(submission instanceof Submission.Wakeup)) {
            throw new AssertionError("unknown submission " + submission);
        }
    }

    private void planHandshake(Submission.Handshake h, List<Step> steps, List<StampedTxn> log) {
        ClientLink link = h.link();
        ConnectRequest r = h.request();
        LinkState state = new LinkState(List.of(Auth.ipIdentity(link.remoteAddress())));
        links.put(link, state);
        if (!serving) {
            LOG.log(System.Logger.Level.INFO, "Refusing a connection from {0}: no contact with the ensemble''s "
                    + "leader", link.remoteAddress());
            state.closed = true;
            steps.add(new Step.Refuse(link));
            return;
        }
        long knownZxid = ensemble ? stamper.appliedZxid() : stamper.lastZxid();
        if (r.lastZxidSeen() > knownZxid) {
            // PROTOCOL 4.3 step 2: the client has seen a newer state; it must try another server.
            LOG.log(System.Logger.Level.INFO, "Refusing session request for client {0} as it has seen zxid 0x{1}"
                    + " our last zxid is 0x{2}; client must try another server", link.remoteAddress(),
                    Long.toHexString(r.lastZxidSeen()), Long.toHexString(knownZxid));
            state.closed = true;
            steps.add(new Step.Refuse(link));
            return;
        }
        int timeoutMs = settings.negotiate(r.timeOut());
        if (r.sessionId() == 0 && readOnly) {
            LOG.log(System.Logger.Level.WARNING, "Refusing a new session from {0}: the transaction log failed",
                    link.remoteAddress());
            state.closed = true;
            steps.add(new Step.Refuse(link));
            return;
        }
        if (r.sessionId() == 0) {
            if (!tracker.hasRoom()) {
                LOG.log(System.Logger.Level.WARNING, "Refusing a new session from {0}: warden.maxSessions reached",
                        link.remoteAddress());
                state.closed = true;
                steps.add(new Step.Reattach(link, 0, null, timeoutMs, false, r.hasReadOnly(), h.receivedNanos()));
                return;
            }
            long sessionId = stamper.newSessionId();
            Bytes password = stamper.newPassword();
            TxnHeader header = stamper.stamp(sessionId, 0);
            CreateSessionTxn txn = new CreateSessionTxn(timeoutMs, password);
            log.add(new StampedTxn(header, txn));
            tracker.add(sessionId, timeoutMs, password);
            state.sessionId = sessionId;
            attached.put(sessionId, link);
            steps.add(new Step.NewSession(link, header, txn, r.hasReadOnly(), h.receivedNanos()));
            return;
        }
        long sessionId = r.sessionId();
        // PROTOCOL 4.3 step 5: the other connection of the session closes first, even if the
        // password then turns out to be wrong.
        ClientLink previous = attached.remove(sessionId);
        if (previous != null && previous != link) {
            supersede(previous, steps);
        }
        boolean valid = tracker.reattach(sessionId, r.passwd(), timeoutMs);
        if (!valid && ensemble && !readOnly && !tracker.knows(sessionId)) {
            // unknown here: maybe created on a member this one lags behind; decided once an entry of
            // ours, ordered after everything committed before, is applied (ZooKeeper's follower
            // asks its leader the same way)
            state.sessionId = sessionId;
            attached.put(sessionId, link);
            planClaim(List.of(sessionId), steps, log);
            steps.add(new Step.Revalidate(link, sessionId, r.passwd(), timeoutMs, r.hasReadOnly(), h.receivedNanos()));
            return;
        }
        if (valid) {
            state.sessionId = sessionId;
            attached.put(sessionId, link);
            if (ensemble && !readOnly) {
                // ownership moves here (ZooKeeper's follower revalidates with its leader, which
                // records the new owner); the ConnectResponse waits for the claim's commit
                planClaim(List.of(sessionId), steps, log);
            }
        } else {
            state.closed = true;
        }
        steps.add(new Step.Reattach(link, sessionId, r.passwd(), timeoutMs, valid, r.hasReadOnly(),
                h.receivedNanos()));
    }

    private void supersede(ClientLink previous, List<Step> steps) {
        LinkState old = links.get(previous);
        if (old != null) {
            old.closed = true;
            old.dropped = true;
        }
        steps.add(new Step.Supersede(previous));
    }

    private void planRequest(Submission.ClientRequest c, List<Step> steps, List<StampedTxn> log) {
        ClientLink link = c.link();
        LinkState state = links.get(link);
        if (state == null || state.closed) {
            steps.add(new Step.Skip(link));
            return;
        }
        RequestFrame frame = c.frame();
        int xid = frame.xid();
        OpCode op = frame.opCode();
        long received = c.receivedNanos();
        switch (op) {
            case PING -> steps.add(new Step.Ping(link, state.sessionId, received));
            case AUTH -> planAuth(link, state, xid, (AuthPacket) frame.request(), received, steps);
            case SASL -> steps.add(new Step.Local(link, xid, op, ErrorCode.OK, new SetSASLResponse(null),
                    Step.ZxidKind.ZERO, false, received));
            case WHO_AM_I -> steps.add(new Step.Local(link, xid, op, ErrorCode.OK,
                    new WhoAmIResponse(Auth.whoAmI(state.identities)), Step.ZxidKind.LAST, false, received));
            case CLOSE_SESSION -> {
                if (readOnly) {
                    refuseWrite(link, xid, op, received, steps);
                    return;
                }
                TxnHeader header = stamper.stamp(state.sessionId, xid);
                Txn txn = new CloseSessionTxn();
                log.add(new StampedTxn(header, txn));
                tracker.remove(state.sessionId);
                attached.remove(state.sessionId, link);
                state.closed = true;
                steps.add(new Step.Write(link, xid, op, header, txn, received));
            }
            // A multi with read or unknown sub-ops is applied too: ZooKeeper answers MARSHALLINGERROR
            // and still consumes its zxid. A client's deleteContainer is answered BADARGUMENTS by apply.
            case CREATE, CREATE2, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, SET_ACL, MULTI, RECONFIG,
                    DELETE_CONTAINER -> write(link, state, xid, op, frame, received, steps, log);
            case SYNC, EXISTS, GET_DATA, GET_ACL, GET_CHILDREN, GET_CHILDREN2, MULTI_READ, GET_EPHEMERALS,
                    GET_ALL_CHILDREN_NUMBER -> {
                Step.Read read = new Step.Read(link, xid, op, frame.request(),
                        new ReadContext(state.sessionId, state.identities, link), received);
                // ensemble: a sync (and, opted in, a read) is answered after the batch's ReadIndex
                steps.add(ordersRead(c) ? new Step.Linearized(read) : read);
            }
            case ADD_WATCH, REMOVE_WATCHES, CHECK_WATCHES, SET_WATCHES, SET_WATCHES2 ->
                    steps.add(new Step.Read(link, xid, op, frame.request(),
                            new ReadContext(state.sessionId, state.identities, link), received));
            case CREATE_SESSION -> undecodableWrite(link, state, xid, op, received, steps, log);
            // A top-level check, and types that are never client requests (PROTOCOL 6).
            case CHECK, NOTIFICATION, ERROR -> unimplemented(link, state, xid, op, received, steps);
        }
    }

    private void write(ClientLink link, LinkState state, int xid, OpCode op, RequestFrame frame, long received,
            List<Step> steps, List<StampedTxn> log) {
        if (readOnly) {
            refuseWrite(link, xid, op, received, steps);
            return;
        }
        TxnHeader header = stamper.stamp(state.sessionId, xid);
        Txn txn = new RequestTxn(op, frame.request(), state.identities);
        log.add(new StampedTxn(header, txn));
        steps.add(new Step.Write(link, xid, op, header, txn, received));
    }

    private void planAuth(ClientLink link, LinkState state, int xid, AuthPacket packet, long received,
            List<Step> steps) {
        Optional<List<Id>> identities = Auth.authenticate(state.identities, packet.scheme(), packet.auth(),
                link.remoteAddress(), settings.superDigest());
        if (identities.isPresent()) {
            state.identities = identities.get();
            steps.add(new Step.Identify(link, state.identities));
            steps.add(new Step.Local(link, xid, OpCode.AUTH, ErrorCode.OK, EmptyResponse.INSTANCE,
                    Step.ZxidKind.ZERO, false, received));
        } else {
            // PROTOCOL 7.14: AUTHFAILED, then the server closes the connection.
            LOG.log(System.Logger.Level.WARNING, "Authentication failed for scheme: {0} from {1}", packet.scheme(),
                    link.remoteAddress());
            state.closed = true;
            steps.add(new Step.Local(link, xid, OpCode.AUTH, ErrorCode.AUTHFAILED, EmptyResponse.INSTANCE,
                    Step.ZxidKind.ZERO, true, received));
        }
    }

    private void planBadRequest(Submission.BadRequest b, List<Step> steps, List<StampedTxn> log) {
        ClientLink link = b.link();
        LinkState state = links.get(link);
        if (state == null || state.closed) {
            steps.add(new Step.Skip(link));
            return;
        }
        RequestHeader header = b.request().header();
        OpCode op = OpCode.fromCode(header.type());
        if (op == OpCode.CREATE_SESSION || op != null && op.isWrite() && op != OpCode.CHECK && !b.request().unknownOpcode()) {
            // ZooKeeper logs an error txn for a write it cannot decode: MARSHALLINGERROR, one zxid.
            undecodableWrite(link, state, header.xid(), op, b.receivedNanos(), steps, log);
        } else if (b.request().unknownOpcode() || op == null || op == OpCode.CHECK || op == OpCode.NOTIFICATION
                || op == OpCode.CREATE_SESSION || op == OpCode.ERROR) {
            unimplemented(link, state, header.xid(), op, b.receivedNanos(), steps);
        } else if (op == OpCode.AUTH || op == OpCode.SASL) {
            // ZooKeeper reads these packets itself; one it cannot read drops the connection.
            state.closed = true;
            steps.add(new Step.Skip(link));
            steps.add(new Step.CloseAfterFlush(link));
        } else {
            LOG.log(System.Logger.Level.WARNING, "Cannot decode {0} request from {1}: {2}", op.zkName(),
                    link.remoteAddress(), b.request().reason());
            steps.add(new Step.Local(link, header.xid(), op, ErrorCode.MARSHALLINGERROR, EmptyResponse.INSTANCE,
                    Step.ZxidKind.LAST, false, b.receivedNanos()));
        }
    }

    /**
     * createSession (-10) sent as a request, or a write whose body cannot be decoded: ZooKeeper 3.9.5
     * logs an error txn, so the reply is MARSHALLINGERROR with a new zxid, and the connection stays
     * open (compat-tests scenario session-internal-opcodes). Logged with an empty body, which apply
     * answers MARSHALLINGERROR.
     */
    private void undecodableWrite(ClientLink link, LinkState state, int xid, OpCode op, long received,
            List<Step> steps, List<StampedTxn> log) {
        if (readOnly) {
            refuseWrite(link, xid, op, received, steps);
            return;
        }
        TxnHeader header = stamper.stamp(state.sessionId, xid);
        Txn txn = new RequestTxn(op, EmptyRequest.INSTANCE, state.identities);
        log.add(new StampedTxn(header, txn));
        steps.add(new Step.Write(link, xid, op, header, txn, received));
    }

    /** A write while the log has failed: NOTREADONLY (-119) with the last zxid; nothing is logged. */
    private static void refuseWrite(ClientLink link, int xid, OpCode op, long received, List<Step> steps) {
        steps.add(new Step.Local(link, xid, op, ErrorCode.NOTREADONLY, EmptyResponse.INSTANCE, Step.ZxidKind.LAST,
                false, received));
    }

    /** PROTOCOL 6: ReplyHeader(xid, -1, UNIMPLEMENTED), then close. */
    private void unimplemented(ClientLink link, LinkState state, int xid, OpCode op, long received, List<Step> steps) {
        state.closed = true;
        steps.add(new Step.Local(link, xid, op == null ? OpCode.ERROR : op, ErrorCode.UNIMPLEMENTED,
                EmptyResponse.INSTANCE, Step.ZxidKind.MINUS_ONE, true, received));
    }

    private void planClosed(ClientLink link, List<Step> steps) {
        LinkState state = links.remove(link);
        if (state == null) {
            return;
        }
        if (state.sessionId != 0) {
            attached.remove(state.sessionId, link);
        }
        if (!state.dropped) {
            steps.add(new Step.Drop(link));
        }
    }

    /** Open connections known to planning (tests and metrics). */
    int linkCount() {
        return links.size();
    }
}
