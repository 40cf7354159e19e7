package io.warden.server.sequencer;

import io.warden.protocol.OpCode;
import io.warden.protocol.request.Request;
import io.warden.server.state.FrozenState;
import io.warden.server.state.OpOutcome;
import io.warden.server.state.ReadContext;
import io.warden.server.state.SessionInfo;
import io.warden.server.state.StateMachine;
import io.warden.server.state.StateStats;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import io.warden.server.watch.WatchTarget;
import java.util.List;
import java.util.Map;

/**
 * The replicated state as the apply thread sees it: the operations of {@link StateMachine} that
 * the sequencer calls. The seam lets a replicated log wrap the same state machine later.
 * Implementations are thread-confined to the apply thread.
 */
public interface StateStore {
    /** Applies a stamped transaction (see {@link StateMachine#apply}). */
    OpOutcome apply(TxnHeader header, Txn txn);

    /** Ensemble: the origin server of the committed entry applied next (see {@link StateMachine#entryOrigin}). */
    default void entryOrigin(long originId) {
    }

    /** Whether the session is owned by a server other than {@code myId} (see {@link StateMachine#ownedElsewhere}). */
    default boolean ownedElsewhere(long sessionId, long myId) {
        return false;
    }

    /** Answers a read (see {@link StateMachine#read}). */
    OpOutcome read(ReadContext ctx, OpCode op, Request request);

    /** Drops the watches of a closed connection. */
    void dropWatches(WatchTarget target);

    /** The last applied zxid. */
    long lastZxid();

    /** Counters for the four-letter words. */
    StateStats stats();

    /** Every live session in replicated state (to re-arm expiry when a server starts on it). */
    List<SessionInfo> sessions();

    /** A live session in replicated state, if there. */
    default java.util.Optional<SessionInfo> session(long sessionId) {
        return sessions().stream().filter(s -> s.sessionId() == sessionId).findFirst();
    }

    /** Ephemeral paths per owning session (dump). */
    Map<Long, List<String>> ephemeralsBySession();

    /** Data-table watch paths per connection (wchc). */
    Map<WatchTarget, List<String>> dataWatchesByConnection();

    /** Watching connections per data-table path (wchp). */
    Map<String, List<WatchTarget>> dataWatchesByPath();

    /** Containers and TTL nodes due for deletion at wall time {@code nowMs}, at most {@code max}. */
    List<String> reapableNodes(long nowMs, int max);

    /** A copy-on-write view of the replicated state for a snapshot (see {@link StateMachine#freeze}). */
    FrozenState freeze();

    /** The state machine itself. */
    static StateStore of(StateMachine sm) {
        return new StateStore() {
            @Override
            public OpOutcome apply(TxnHeader header, Txn txn) {
                return sm.apply(header, txn);
            }

            @Override
            public java.util.Optional<SessionInfo> session(long sessionId) {
                return sm.session(sessionId);
            }

            @Override
            public void entryOrigin(long originId) {
                sm.entryOrigin(originId);
            }

            @Override
            public boolean ownedElsewhere(long sessionId, long myId) {
                return sm.ownedElsewhere(sessionId, myId);
            }

            @Override
            public OpOutcome read(ReadContext ctx, OpCode op, Request request) {
                return sm.read(ctx, op, request);
            }

            @Override
            public void dropWatches(WatchTarget target) {
                sm.dropWatches(target);
            }

            @Override
            public long lastZxid() {
                return sm.lastZxid();
            }

            @Override
            public StateStats stats() {
                return sm.stats();
            }

            @Override
            public List<SessionInfo> sessions() {
                return sm.sessions();
            }

            @Override
            public Map<Long, List<String>> ephemeralsBySession() {
                return sm.ephemeralsBySession();
            }

            @Override
            public Map<WatchTarget, List<String>> dataWatchesByConnection() {
                return sm.dataWatchesByConnection();
            }

            @Override
            public Map<String, List<WatchTarget>> dataWatchesByPath() {
                return sm.dataWatchesByPath();
            }

            @Override
            public List<String> reapableNodes(long nowMs, int max) {
                return sm.reapableNodes(nowMs, max);
            }

            @Override
            public FrozenState freeze() {
                return sm.freeze();
            }
        };
    }
}
