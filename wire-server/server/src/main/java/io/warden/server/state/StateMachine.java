package io.warden.server.state;

import io.warden.protocol.OpCode;
import io.warden.protocol.request.Request;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import io.warden.server.watch.WatchTarget;
import java.util.Optional;

/**
 * The deterministic ZooKeeper state machine: the data tree, the session table and the watch
 * registry. Writes are {@link #apply applied} in log order; reads are answered between applies.
 * Never reads a clock or a random source: time and zxid come in the {@link TxnHeader}.
 *
 * <p>Thread-confined: one apply thread calls every method.
 */
public final class StateMachine {
    private final StateConfig config;

    public StateMachine(StateConfig config) {
        this.config = config;
    }

    /**
     * Applies one transaction consuming {@code header.zxid()} (which must be lastZxid + 1),
     * whether its checks pass or fail, and returns the reply and the watch notifications it fires.
     */
    public OpOutcome apply(TxnHeader header, Txn txn) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Answers a request that does not change replicated state: exists, getData, getACL,
     * getChildren, getChildren2, sync, multiRead, getEphemerals, getAllChildrenNumber, addWatch,
     * removeWatches, checkWatches, setWatches, setWatches2. May register or remove watches of
     * {@code ctx.watchTarget()}, and (setWatches) return catch-up notifications.
     */
    public OpOutcome read(ReadContext ctx, OpCode op, Request request) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Drops every watch of a closed connection. */
    public void dropWatches(WatchTarget target) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The zxid of the last applied transaction (0 on a fresh tree). */
    public long lastZxid() {
        throw new UnsupportedOperationException("not yet");
    }

    /** A live session, if the session table has it. */
    public Optional<SessionInfo> session(long sessionId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Counters for four-letter words and metrics. */
    public StateStats stats() {
        throw new UnsupportedOperationException("not yet");
    }

    StateConfig config() {
        return config;
    }
}
