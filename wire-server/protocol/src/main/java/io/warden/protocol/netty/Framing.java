package io.warden.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.warden.protocol.codec.CodecException;

/**
 * Length-prefix framing shared by the decoders: a 4-byte big-endian length, then the payload.
 * Stateless.
 */
final class Framing {
    private Framing() {
    }

    /**
     * The next whole frame's payload as a retained slice, or {@code null} if it has not fully
     * arrived yet (nothing consumed).
     *
     * @throws CodecException if the length is negative or over {@code maxFrameBytes}
     */
    static ByteBuf next(ByteBuf in, int maxFrameBytes) {
        if (in.readableBytes() < 4) {
            return null;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 0 || length > maxFrameBytes) {
            throw new CodecException("Len error " + length + " (limit " + maxFrameBytes + ")");
        }
        if (in.readableBytes() < 4 + length) {
            return null;
        }
        in.skipBytes(4);
        return in.readRetainedSlice(length);
    }
}
