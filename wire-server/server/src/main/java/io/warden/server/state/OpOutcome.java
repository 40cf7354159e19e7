package io.warden.server.state;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.Response;
import java.util.List;
import java.util.Objects;

/**
 * The result of applying a transaction or answering a read on the apply thread: the error code
 * (OK on success), the reply body ({@link EmptyResponse} for header-only replies, which is every
 * error reply but the few where ZooKeeper sends a body, see ReplyFrame), the
 * zxid to put in the reply header, and the notifications to write, in order, before the reply
 * (to their own targets; some may be for the requesting connection). Immutable.
 */
public record OpOutcome(ErrorCode err, Response response, long zxid, List<Notification> notifications) {
    public OpOutcome {
        notifications = List.copyOf(notifications);
        Objects.requireNonNull(response, "response");
    }
}
