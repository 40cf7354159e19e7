package io.warden.server.sequencer;

import io.warden.protocol.OpCode;
import io.warden.protocol.request.Request;
import io.warden.server.state.FrozenState;
import io.warden.server.state.OpOutcome;
import io.warden.server.state.ReadContext;
import io.warden.server.state.SessionInfo;
import io.warden.server.state.StateStats;
import io.warden.server.txn.TouchSessionsTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import io.warden.server.watch.WatchTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state store of an ensemble member: applies each transaction with a header re-stamped at
 * apply, so that every replica assigns the same values whatever the origin planned: the zxid is
 * the store's last zxid plus one (a touch consumes none and carries the last one), the time is the
 * committed entry's leader time ({@link #entryTime}). Everything else is delegated.
 *
 * <p>Thread-confined to the apply thread.
 */
final class RestampingStore implements StateStore {
    private final StateStore inner;
    private long entryTimeMs;

    RestampingStore(StateStore inner) {
        this.inner = inner;
    }

    /** The time of the committed entry being applied. */
    void entryTime(long timeMs) {
        entryTimeMs = timeMs;
    }

    @Override
    public OpOutcome apply(TxnHeader header, Txn txn) {
        long time = entryTimeMs != 0 ? entryTimeMs : header.timeMs();
        long zxid = txn instanceof TouchSessionsTxn ? inner.lastZxid() : inner.lastZxid() + 1;
        return inner.apply(new TxnHeader(header.sessionId(), header.cxid(), zxid, time), txn);
    }

    @Override
    public void entryOrigin(long originId) {
        inner.entryOrigin(originId);
    }

    @Override
    public boolean ownedElsewhere(long sessionId, long myId) {
        return inner.ownedElsewhere(sessionId, myId);
    }

    @Override
    public OpOutcome read(ReadContext ctx, OpCode op, Request request) {
        return inner.read(ctx, op, request);
    }

    @Override
    public void dropWatches(WatchTarget target) {
        inner.dropWatches(target);
    }

    @Override
    public long lastZxid() {
        return inner.lastZxid();
    }

    @Override
    public StateStats stats() {
        return inner.stats();
    }

    @Override
    public List<SessionInfo> sessions() {
        return inner.sessions();
    }

    @Override
    public Optional<SessionInfo> session(long sessionId) {
        return inner.session(sessionId);
    }

    @Override
    public Map<Long, List<String>> ephemeralsBySession() {
        return inner.ephemeralsBySession();
    }

    @Override
    public Map<WatchTarget, List<String>> dataWatchesByConnection() {
        return inner.dataWatchesByConnection();
    }

    @Override
    public Map<String, List<WatchTarget>> dataWatchesByPath() {
        return inner.dataWatchesByPath();
    }

    @Override
    public List<String> reapableNodes(long nowMs, int max) {
        return inner.reapableNodes(nowMs, max);
    }

    @Override
    public FrozenState freeze() {
        return inner.freeze();
    }
}
