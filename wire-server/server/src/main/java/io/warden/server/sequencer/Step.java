package io.warden.server.sequencer;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.Request;
import io.warden.protocol.response.Response;
import io.warden.server.state.ReadContext;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One planned action of a batch, executed in order after the batch's transactions are durable.
 * Planning already did the bookkeeping (stamps, session table, identities); a step only calls the
 * state store and produces output. Immutable.
 */
sealed interface Step {
    /** Zxid in the header of a locally answered reply. */
    enum ZxidKind { ZERO, LAST, MINUS_ONE }

    /** A new session: apply its createSession, then send the ConnectResponse. */
    record NewSession(ClientLink link, TxnHeader header, CreateSessionTxn txn, boolean hasReadOnly,
            long receivedNanos) implements Step {
    }

    /** A re-attach: ConnectResponse with the same id and password, or the invalid one and close. */
    record Reattach(ClientLink link, long sessionId, Bytes password, int timeoutMs, boolean valid,
            boolean hasReadOnly, long receivedNanos) implements Step {
    }

    /**
     * Ensemble: a re-attach naming a session this member does not know (yet): decided when this
     * step runs, after an entry of this member's that orders it behind everything committed
     * before (the session may have been created on another member that this one lags behind).
     */
    record Revalidate(ClientLink link, long sessionId, Bytes password, int timeoutMs, boolean hasReadOnly,
            long receivedNanos) implements Step {
    }

    /** lastZxidSeen is ahead of the server: close without a reply. */
    record Refuse(ClientLink link) implements Step {
    }

    /** A client write (or closeSession, which also closes the connection after its reply). */
    record Write(ClientLink link, int xid, OpCode op, TxnHeader header, Txn txn, long receivedNanos)
            implements Step {
    }

    /** A container or TTL node the reaper deletes: no reply. */
    record Reap(TxnHeader header, Txn txn) implements Step {
    }

    /** Sessions with traffic since the last touch (a TouchSessionsTxn): no reply. */
    record Touch(TxnHeader header, Txn txn) implements Step {
    }

    /** Session expiry: the close transaction, no reply. */
    record Expire(TxnHeader header, Txn txn) implements Step {
    }

    /** A read-side request answered by the state store. */
    record Read(ClientLink link, int xid, OpCode op, Request request, ReadContext ctx, long receivedNanos)
            implements Step {
    }

    /**
     * Ensemble: a read answered only once the batch's ReadIndex is known and applied here (a sync;
     * with {@code warden.linearizableReads}, every read): then as {@code read}. If the ReadIndex
     * fails, its connection closes without a reply.
     */
    record Linearized(Read read) implements Step {
    }

    /** The connection's identities changed (auth). */
    record Identify(ClientLink link, List<Id> identities) implements Step {
    }

    /** A ping of the connection's session ({@code sessionId}): reply xid -2 with the last zxid. */
    record Ping(ClientLink link, long sessionId, long receivedNanos) implements Step {
    }

    /** A reply decided without the state store (auth, sasl, whoAmI, errors), maybe then close. */
    record Local(ClientLink link, int xid, OpCode op, ErrorCode err, Response response, ZxidKind zxid,
            boolean close, long receivedNanos) implements Step {
    }

    /** Close the connection once what is queued for it is written (expired session). */
    record CloseAfterFlush(ClientLink link) implements Step {
    }

    /** Close the connection now (superseded by a re-attach elsewhere), dropping its watches. */
    record Supersede(ClientLink link) implements Step {
    }

    /** The connection closed: drop its watches. */
    record Drop(ClientLink link) implements Step {
    }

    /** A four-letter-word snapshot. */
    record Query(Set<StateSnapshot.Detail> details, Consumer<StateSnapshot> callback) implements Step {
    }

    /** A submission that is only counted as finished (its connection is already closing). */
    record Skip(ClientLink link) implements Step {
    }
}
