package io.warden.server.sequencer;

import io.warden.protocol.netty.UndecodableRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything the apply thread is asked to do, in the order it was asked. Client submissions
 * ({@link Handshake}, {@link ClientRequest}, {@link BadRequest}) each count as one request of
 * their connection until it is {@linkplain ClientLink#deliver delivered}. Immutable.
 */
public sealed interface Submission {
    /** The connection's ConnectRequest. */
    record Handshake(ClientLink link, ConnectRequest request, long receivedNanos) implements Submission {
    }

    /** A decoded request frame after the ConnectRequest. */
    record ClientRequest(ClientLink link, RequestFrame frame, long receivedNanos) implements Submission {
    }

    /** A request frame with an unknown opcode or a malformed body. */
    record BadRequest(ClientLink link, UndecodableRequest request, long receivedNanos) implements Submission {
    }

    /** The connection closed: drop its watches; its session lives on until it expires. */
    record LinkClosed(ClientLink link) implements Submission {
    }

    /**
     * A read of server state for the four-letter words, answered on the apply thread between two
     * batches, with the optional {@code details}. The callback runs on the apply thread and must
     * not block.
     */
    record Query(Set<StateSnapshot.Detail> details, Consumer<StateSnapshot> callback) implements Submission {
        public Query {
            details = Set.copyOf(details);
        }
    }

    /** Runs the session-expiry check now (tests with a fake ticker). */
    record Wakeup() implements Submission {
    }

    /** Whether this submission holds one of its connection's request permits. */
    default boolean isClientRequest() {
        return this instanceof Handshake || this instanceof ClientRequest || this instanceof BadRequest;
    }
}
