/**
 * The client port on netty: {@link io.warden.server.net.NetServer} (bootstrap, pipeline =
 * {@code ServerFrameDecoder} + {@code FrameEncoder} + {@code ConnectionHandler}), connections with
 * their flow control (per-connection and global outstanding bounds, autoRead backpressure,
 * write-buffer water marks, a cap on unsent bytes), {@code maxClientCnxns}, the handshake
 * timeout and four-letter-word dispatch. Netty threads only translate frames into submissions for
 * the {@code sequencer}; they never touch server state. Depends on {@code sequencer},
 * {@code session}, {@code admin} and {@code ServerConfig}. Per-channel state is confined to the
 * channel's event loop; shared parts are thread-safe as documented.
 */
package io.warden.server.net;
