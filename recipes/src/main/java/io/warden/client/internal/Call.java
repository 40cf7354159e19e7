package io.warden.client.internal;

import io.warden.client.KeeperException;
import io.warden.client.Watcher;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.WatcherType;
import io.warden.protocol.request.Request;
import io.warden.protocol.response.Response;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One request from submission to completion: what to send (opcode and body with server paths),
 * how to turn the reply into a result ({@link Decoder}, run on the I/O thread; no user code), the
 * watch to register or remove when the reply arrives, and the future to complete on the event
 * thread.
 *
 * <p>Thread-confined to the I/O thread after submission (the xid, the state and the timestamps
 * are written there only); the final fields are safely published by the event loop hand-off.
 */
public final class Call<T> {
    /** Turns a reply into a result or a {@link KeeperException}; {@code response} is empty on errors. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(ErrorCode err, Response response) throws KeeperException;
    }

    /**
     * A watch to register when the reply arrives: in {@code onOk} if the reply is OK, in
     * {@code onNoNode} (may be null) if it is NONODE (exists registers an exist watch then).
     */
    public record Registration(String clientPath, Watcher watcher, WatchRegistry.Kind onOk,
            WatchRegistry.Kind onNoNode) {
        public Registration {
            Objects.requireNonNull(clientPath, "clientPath");
            Objects.requireNonNull(watcher, "watcher");
            Objects.requireNonNull(onOk, "onOk");
        }
    }

    /**
     * A removeWatches/checkWatches whose local side removes {@code watcher} ({@code null}: all)
     * of {@code type} on {@code clientPath}; {@code local} lets it succeed without the server.
     */
    public record Removal(String clientPath, Watcher watcher, WatcherType type, boolean local) {
        public Removal {
            Objects.requireNonNull(clientPath, "clientPath");
            Objects.requireNonNull(type, "type");
        }
    }

    enum State { NEW, QUEUED, SENT, DONE }

    final OpCode op;
    final Request request;
    final String clientPath;
    final Decoder<T> decoder;
    final CompletableFuture<T> future;
    final Registration registration;
    final Removal removal;
    final boolean counted;
    final long submittedNanos;
    final long deadlineNanos;
    int xid;
    State state = State.NEW;

    /**
     * @param counted whether the call holds a slot of the pending-request limit
     * @param deadlineNanos ticker time after which it fails with REQUESTTIMEOUT ({@code Long.MAX_VALUE}: never)
     */
    public Call(OpCode op, Request request, String clientPath, Decoder<T> decoder,
            Registration registration, Removal removal, boolean counted, long submittedNanos,
            long deadlineNanos) {
        this.op = Objects.requireNonNull(op, "op");
        this.request = Objects.requireNonNull(request, "request");
        this.clientPath = clientPath;
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.registration = registration;
        this.removal = removal;
        this.counted = counted;
        this.submittedNanos = submittedNanos;
        this.deadlineNanos = deadlineNanos;
        this.future = new CompletableFuture<>();
    }

    /** The future completed (on the event thread) with the decoded result or a KeeperException. */
    public CompletableFuture<T> future() {
        return future;
    }

    public OpCode op() {
        return op;
    }

    @Override
    public String toString() {
        return "Call[" + op.zkName() + " xid=" + xid + " " + (clientPath == null ? "" : clientPath) + " " + state + "]";
    }
}
