package io.warden.server.state;

import io.warden.protocol.response.ReplyFrame;
import io.warden.server.watch.WatchTarget;

/**
 * A notification frame (xid -1) to write to {@code target} before the reply it accompanies.
 * Immutable.
 */
public record Notification(WatchTarget target, ReplyFrame frame) {
}
