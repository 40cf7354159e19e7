package io.warden.server.raft;

import io.warden.protocol.OpCode;
import io.warden.protocol.request.Request;
import io.warden.server.sequencer.StateStore;
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
import java.util.Optional;

/**
 * The state store of an ensemble member: the state machine recovered at start until a snapshot
 * installed from the leader replaces it ({@link #replace}); every call goes to the current one.
 *
 * <p>Thread-confined to the apply thread (the reference is volatile only so that a reader on
 * another thread never sees a half-published state machine).
 */
final class SwappableStore implements StateStore {
    private volatile StateStore current;

    SwappableStore(StateMachine initial) {
        this.current = StateStore.of(initial);
    }

    /** From now on, {@code next} is the state. Apply thread. */
    void replace(StateMachine next) {
        current = StateStore.of(next);
    }

    @Override
    public OpOutcome apply(TxnHeader header, Txn txn) {
        return current.apply(header, txn);
    }

    @Override
    public void entryOrigin(long originId) {
        current.entryOrigin(originId);
    }

    @Override
    public boolean ownedElsewhere(long sessionId, long myId) {
        return current.ownedElsewhere(sessionId, myId);
    }

    @Override
    public OpOutcome read(ReadContext ctx, OpCode op, Request request) {
        return current.read(ctx, op, request);
    }

    @Override
    public void dropWatches(WatchTarget target) {
        current.dropWatches(target);
    }

    @Override
    public long lastZxid() {
        return current.lastZxid();
    }

    @Override
    public StateStats stats() {
        return current.stats();
    }

    @Override
    public List<SessionInfo> sessions() {
        return current.sessions();
    }

    @Override
    public Optional<SessionInfo> session(long sessionId) {
        return current.session(sessionId);
    }

    @Override
    public Map<Long, List<String>> ephemeralsBySession() {
        return current.ephemeralsBySession();
    }

    @Override
    public Map<WatchTarget, List<String>> dataWatchesByConnection() {
        return current.dataWatchesByConnection();
    }

    @Override
    public Map<String, List<WatchTarget>> dataWatchesByPath() {
        return current.dataWatchesByPath();
    }

    @Override
    public List<String> reapableNodes(long nowMs, int max) {
        return current.reapableNodes(nowMs, max);
    }

    @Override
    public FrozenState freeze() {
        return current.freeze();
    }
}
