package io.warden.server.state;

import io.warden.protocol.data.Bytes;

/** A live session as recorded in replicated state. Immutable. */
public record SessionInfo(long sessionId, int timeoutMs, Bytes password) {
}
