package io.warden.protocol.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.netty.FrameEncoder;
import java.util.function.Function;

/**
 * Byte-array helpers over the production codec for tests: encode a record or frame, decode one
 * and require that every byte was consumed. Buffers are released before returning. Stateless.
 */
public final class Wire {
    private Wire() {
    }

    /** The jute bytes of {@code record}, as written by {@link WireWriter}. */
    public static byte[] encode(WireRecord record) {
        ByteBuf buf = Unpooled.buffer();
        try {
            record.write(new WireWriter(buf));
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /**
     * One length-prefixed frame for a ConnectRequest, ConnectResponse, RequestFrame or ReplyFrame,
     * as {@link FrameEncoder} writes it.
     */
    public static byte[] frame(Object message) {
        ByteBuf buf = Unpooled.buffer();
        try {
            FrameEncoder.encodeFrame(message, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Decodes {@code bytes} with {@code reader}; fails if bytes are left over. */
    public static <T> T decode(byte[] bytes, Function<WireReader, T> reader) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            WireReader in = new WireReader(buf);
            T value = reader.apply(in);
            in.expectEnd("record");
            return value;
        } finally {
            buf.release();
        }
    }

    /** Concatenates byte arrays. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
