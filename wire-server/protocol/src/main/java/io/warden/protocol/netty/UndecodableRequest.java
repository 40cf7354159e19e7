package io.warden.protocol.netty;

import io.warden.protocol.request.RequestHeader;

/**
 * A request frame whose header was read but whose opcode is unknown ({@code unknownOpcode}; also
 * set for 0, -1 and -10, which are never client requests) or whose body could not be decoded. The server answers it (UNIMPLEMENTED and close, or
 * MARSHALLINGERROR) in order with the other requests of the connection. Immutable.
 */
public record UndecodableRequest(RequestHeader header, boolean unknownOpcode, String reason) {
}
