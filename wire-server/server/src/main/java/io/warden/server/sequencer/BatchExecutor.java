package io.warden.server.sequencer;

import com.google.common.base.Ticker;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.ReplyHeader;
import io.warden.server.session.SessionTracker;
import io.warden.server.session.SessionTracker.SessionEntry;
import io.warden.server.state.Notification;
import io.warden.server.state.OpOutcome;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phase three of a batch: runs the planned steps in order against the state store, once the
 * batch's transactions are durable, and queues their output: each outcome's notifications go to
 * their target connections before the reply, so a client never sees a reply that reflects a
 * change before the change's event (PROTOCOL 9.4). Then every touched connection is flushed once.
 *
 * <p>Thread-confined to the apply thread.
 */
final class BatchExecutor {
    private static final System.Logger LOG = System.getLogger(BatchExecutor.class.getName());

    private final StateStore store;
    private final SessionTracker tracker;
    private final Ticker ticker;
    private final int maxSnapshotEntries;
    private final Outbox outbox = new Outbox();
    /** Ensemble: this member's log (leader role and myid), or null standalone. */
    private final ReplicatedLog replicated;

    BatchExecutor(StateStore store, SessionTracker tracker, Ticker ticker, int maxSnapshotEntries,
            ReplicatedLog replicated) {
        this.replicated = replicated;
        this.store = store;
        this.tracker = tracker;
        this.ticker = ticker;
        this.maxSnapshotEntries = maxSnapshotEntries;
    }

    void execute(List<Step> steps) {
        for (Step step : steps) {
            run(step);
        }
        outbox.flush();
    }

    /**
     * Runs a batch whose log write failed (or came after one that failed): its transactions are
     * not applied. A connection with a write in it closes without that write's reply (the client
     * sees a connection loss: outcome unknown) and its later requests in the batch are only
     * counted as finished; everything else runs as usual.
     */
    void executeUndurable(List<Step> steps) {
        executeLosing(steps, BatchExecutor::writeLink);
    }

    /**
     * Runs a batch whose ReadIndex failed (no leader, timeout): as ZooKeeper's follower that loses
     * its leader with a sync pending, the sync is not answered: its connection closes (the client
     * sees a connection loss) and that connection's later requests in the batch are only counted
     * as finished. So are linearizable reads. Everything else runs as usual.
     */
    void executeUnindexed(List<Step> steps) {
        executeLosing(steps, step -> step instanceof Step.Linearized l ? l.read().link() : null);
    }

    /** Runs {@code steps}, closing instead of answering the connection of each step {@code lostBy} names. */
    private void executeLosing(List<Step> steps, java.util.function.Function<Step, ClientLink> lostBy) {
        java.util.Set<ClientLink> lost = new java.util.HashSet<>();
        for (Step step : steps) {
            ClientLink link = lostBy.apply(step);
            if (link != null) {
                lost.add(link);
                outbox.complete(link);
                outbox.closeAfter(link);
            } else if (step instanceof Step.Expire || step instanceof Step.Reap || step instanceof Step.Touch) {
                LOG.log(System.Logger.Level.DEBUG, "not applied (log failed): {0}", step);
                if (step instanceof Step.Expire e) {
                    // the session lives on in the replicated state (an ensemble's append failed, e.g.
                    // leadership moved): track it again so that it can re-attach and expire later
                    long id = e.header().sessionId();
                    store.session(id).ifPresent(live -> tracker.add(id, live.timeoutMs(), live.password()));
                }
            } else if (lost.contains(requestLink(step))) {
                outbox.complete(requestLink(step));
            } else {
                run(step);
            }
        }
        outbox.flush();
    }

    /**
     * Applies a transaction another server planned (ensemble): its watch notifications go to this
     * server's connections; nobody here waits for a reply. Call {@link #flush} after a batch.
     */
    void applyForeign(io.warden.server.txn.TxnHeader header, io.warden.server.txn.Txn txn) {
        notify(store.apply(header, txn));
    }

    /** Closes a connection once what is queued for it is written. */
    void closeAfterFlush(ClientLink link) {
        outbox.closeAfter(link);
    }

    /** Flushes every connection with queued output. */
    void flush() {
        outbox.flush();
    }

    private static ClientLink writeLink(Step step) {
        if (step instanceof Step.Write s) {
            return s.link();
        }
        if (step instanceof Step.Revalidate s) {
            return s.link();
        }
        return step instanceof Step.NewSession s ? s.link() : null;
    }

    /** The connection of a step that answers one of its requests, or null. */
    private static ClientLink requestLink(Step step) {
        if (step instanceof Step.Read s) {
            return s.link();
        } else if (step instanceof Step.Linearized s) {
            return s.read().link();
        } else if (step instanceof Step.Ping s) {
            return s.link();
        } else if (step instanceof Step.Local s) {
            return s.link();
        } else if (step instanceof Step.Reattach s) {
            return s.link();
        } else if (step instanceof Step.Refuse s) {
            return s.link();
        } else if (step instanceof Step.Skip s) {
            return s.link();
        }
        return null;
    }

    // Java 17: no pattern switch over the sealed family; every Step type has a branch.
    private void run(Step step) {
        if (step instanceof Step.NewSession s) {
            newSession(s);
        } else if (step instanceof Step.Reattach s) {
            reattach(s);
        } else if (step instanceof Step.Revalidate s) {
            // the member has caught up with everything committed before the re-attach
            boolean valid = tracker.reattach(s.sessionId(), s.password(), s.timeoutMs());
            reattach(new Step.Reattach(s.link(), s.sessionId(), s.password(), s.timeoutMs(), valid, s.hasReadOnly(),
                    s.receivedNanos()));
        } else if (step instanceof Step.Refuse s) {
            outbox.complete(s.link());
            outbox.closeAfter(s.link());
        } else if (step instanceof Step.Write s) {
            OpOutcome outcome = store.apply(s.header(), s.txn());
            if (outcome.err() == ErrorCode.SESSIONMOVED) {
                movedAway(s.link(), s.header().sessionId());
                return;
            }
            reply(s.link(), s.xid(), s.op(), outcome, s.receivedNanos());
            if (s.op() == OpCode.CLOSE_SESSION) {
                outbox.closeAfter(s.link());
            }
        } else if (step instanceof Step.Expire s) {
            notify(store.apply(s.header(), s.txn()));
            long sessionId = s.header().sessionId();
            store.session(sessionId).ifPresent(live -> {
                // apply skipped the close: a touch after the expiry was decided keeps it alive;
                // track it again (its connection was closed: the client re-attaches)
                LOG.log(System.Logger.Level.INFO, "Expiry of session 0x{0} skipped: touched since",
                        Long.toHexString(sessionId));
                tracker.add(sessionId, live.timeoutMs(), live.password());
            });
        } else if (step instanceof Step.Touch s) {
            store.apply(s.header(), s.txn());
        } else if (step instanceof Step.Reap s) {
            notify(store.apply(s.header(), s.txn()));
        } else if (step instanceof Step.Linearized s) {
            run(s.read());
        } else if (step instanceof Step.Read s && movedAwayFromLeader(s.ctx().sessionId())) {
            movedAway(s.link(), s.ctx().sessionId());
        } else if (step instanceof Step.Ping s && movedAwayFromLeader(s.sessionId())) {
            movedAway(s.link(), s.sessionId());
        } else if (step instanceof Step.Read s) {
            reply(s.link(), s.xid(), s.op(), store.read(s.ctx(), s.op(), s.request()), s.receivedNanos());
        } else if (step instanceof Step.Identify s) {
            s.link().setIdentities(s.identities());
        } else if (step instanceof Step.Ping s) {
            long zxid = store.lastZxid();
            send(s.link(), ReplyFrame.ok(Xids.PING, zxid, EmptyResponse.INSTANCE), OpCode.PING, Xids.PING, zxid,
                    s.receivedNanos());
        } else if (step instanceof Step.Local s) {
            local(s);
        } else if (step instanceof Step.CloseAfterFlush s) {
            outbox.closeAfter(s.link());
        } else if (step instanceof Step.Supersede s) {
            store.dropWatches(s.link());
            s.link().closeNow();
        } else if (step instanceof Step.Drop s) {
            store.dropWatches(s.link());
        } else if (step instanceof Step.Query s) {
            s.callback().accept(snapshot(s.details()));
        } else if (step instanceof Step.Skip s) {
            outbox.complete(s.link());
        } else {
            throw new AssertionError("unknown step " + step);
        }
    }

    /**
     * Ensemble: whether this member leads and the session is owned by another member. ZooKeeper's
     * leader checks the owner of every request it prepares (reads and pings of its own clients
     * too); a follower serves those locally without the check.
     */
    private boolean movedAwayFromLeader(long sessionId) {
        return replicated != null && sessionId != 0 && replicated.isLeader()
                && store.ownedElsewhere(sessionId, replicated.myId());
    }

    /**
     * A request of a session that re-attached to another server came through this one: as
     * ZooKeeper, the connection closes without a reply (the client re-connects and finds its
     * session on the server that owns it now).
     */
    private void movedAway(ClientLink link, long sessionId) {
        LOG.log(System.Logger.Level.INFO, "Session 0x{0} moved to another server: closing the connection of {1}",
                Long.toHexString(sessionId), link.remoteAddress());
        outbox.complete(link);
        outbox.closeAfter(link);
    }

    private void newSession(Step.NewSession s) {
        OpOutcome outcome = store.apply(s.header(), s.txn());
        notify(outcome);
        long sessionId = s.header().sessionId();
        if (outcome.err() != ErrorCode.OK) {
            throw new IllegalStateException("createSession 0x" + Long.toHexString(sessionId) + " failed: "
                    + outcome.err());
        }
        s.link().bindSession(sessionId, s.txn().timeoutMs());
        LOG.log(System.Logger.Level.INFO, "Established session 0x{0} with negotiated timeout {1} for client {2}",
                Long.toHexString(sessionId), String.valueOf(s.txn().timeoutMs()), s.link().remoteAddress());
        send(s.link(), new ConnectResponse(0, s.txn().timeoutMs(), sessionId, s.txn().password(), false,
                s.hasReadOnly()), OpCode.CREATE_SESSION, 0, outcome.zxid(), s.receivedNanos());
    }

    private void reattach(Step.Reattach s) {
        if (s.valid()) {
            s.link().bindSession(s.sessionId(), s.timeoutMs());
            send(s.link(), new ConnectResponse(0, s.timeoutMs(), s.sessionId(), s.password(), false,
                    s.hasReadOnly()), OpCode.CREATE_SESSION, 0, store.lastZxid(), s.receivedNanos());
        } else {
            LOG.log(System.Logger.Level.INFO, "Invalid session 0x{0} for client {1}, probably expired",
                    Long.toHexString(s.sessionId()), s.link().remoteAddress());
            send(s.link(), ConnectResponse.invalid(s.hasReadOnly()), OpCode.CREATE_SESSION, 0, store.lastZxid(),
                    s.receivedNanos());
            outbox.closeAfter(s.link());
        }
    }

    private void local(Step.Local s) {
        long zxid = switch (s.zxid()) {
            case ZERO -> 0;
            case LAST -> store.lastZxid();
            case MINUS_ONE -> -1;
        };
        ReplyFrame frame = s.err() == ErrorCode.OK ? ReplyFrame.ok(s.xid(), zxid, s.response())
                : ReplyFrame.error(s.xid(), zxid, s.err());
        send(s.link(), frame, s.op(), s.xid(), zxid, s.receivedNanos());
        if (s.close()) {
            outbox.closeAfter(s.link());
        }
    }

    private void reply(ClientLink link, int xid, OpCode op, OpOutcome outcome, long receivedNanos) {
        notify(outcome);
        // the outcome's body is sent even with an error: ZooKeeper does so in a few cases (ReplyFrame)
        ReplyFrame frame = new ReplyFrame(new ReplyHeader(xid, outcome.zxid(), outcome.err().code()),
                outcome.response());
        send(link, frame, op, xid, outcome.zxid(), receivedNanos);
    }

    private void notify(OpOutcome outcome) {
        for (Notification n : outcome.notifications()) {
            if (n.target() instanceof ClientLink target) {
                outbox.send(target, n.frame());
            }
        }
    }

    /** Queues a reply to a submitted request and finishes that request. */
    private void send(ClientLink link, Object frame, OpCode op, int xid, long zxid, long receivedNanos) {
        outbox.send(link, frame);
        outbox.complete(link);
        link.recordReply(op, xid, zxid, Math.max(0, ticker.read() - receivedNanos));
    }

    private StateSnapshot snapshot(Set<StateSnapshot.Detail> details) {
        List<SessionEntry> sessions = tracker.snapshot(maxSnapshotEntries);
        Map<Long, List<String>> ephemerals = Map.of();
        Map<Long, List<String>> bySession = Map.of();
        Map<String, List<Long>> byPath = Map.of();
        if (details.contains(StateSnapshot.Detail.EPHEMERALS)) {
            ephemerals = bounded(store.ephemeralsBySession());
        }
        if (details.contains(StateSnapshot.Detail.WATCHES_BY_SESSION)) {
            Map<Long, List<String>> out = new HashMap<>();
            for (Map.Entry<WatchTarget, List<String>> e : store.dataWatchesByConnection().entrySet()) {
                out.computeIfAbsent(e.getKey().sessionId(), k -> new ArrayList<>()).addAll(e.getValue());
            }
            bySession = bounded(out);
        }
        if (details.contains(StateSnapshot.Detail.WATCHES_BY_PATH)) {
            Map<String, List<Long>> out = new HashMap<>();
            for (Map.Entry<String, List<WatchTarget>> e : store.dataWatchesByPath().entrySet()) {
                out.put(e.getKey(), e.getValue().stream().map(WatchTarget::sessionId).toList());
            }
            byPath = bounded(out);
        }
        return new StateSnapshot(store.lastZxid(), store.stats(), sessions, ephemerals, bySession, byPath,
                ticker.read());
    }

    /** At most {@code maxSnapshotEntries} keys (four-letter words must not build unbounded text). */
    private <K, V> Map<K, V> bounded(Map<K, V> map) {
        if (map.size() <= maxSnapshotEntries) {
            return map;
        }
        Map<K, V> out = new HashMap<>();
        for (Map.Entry<K, V> e : map.entrySet()) {
            if (out.size() >= maxSnapshotEntries) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }
}
