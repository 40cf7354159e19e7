/**
 * The jute binary encoding without jute: {@link io.warden.protocol.codec.WireReader} and
 * {@link io.warden.protocol.codec.WireWriter} over netty ByteBufs, and the request and response
 * codecs (a reply is decoded knowing the opcode of its pending xid). Depends on netty-buffer only.
 * Readers and writers are thread-confined; codecs are stateless. Malformed input is a
 * {@link io.warden.protocol.codec.CodecException}, never another exception, and nothing is
 * allocated beyond the bytes of the frame.
 */
package io.warden.protocol.codec;
