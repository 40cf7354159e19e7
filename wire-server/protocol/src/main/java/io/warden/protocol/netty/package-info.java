/**
 * Netty pipeline pieces: bounded length-prefixed framing, the server's first-frame sniffing
 * (four-letter word or ConnectRequest), the client's reply decoder and the shared frame encoder.
 * Decoders are per-channel and confined to its event loop; the encoder is sharable.
 */
package io.warden.protocol.netty;
