/**
 * One immutable record per jute response class (sealed
 * {@link io.warden.protocol.response.Response}), the reply header, ConnectResponse, multi results
 * and {@link io.warden.protocol.response.ReplyFrame}.
 */
package io.warden.protocol.response;
