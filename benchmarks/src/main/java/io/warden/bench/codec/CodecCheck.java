package io.warden.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.warden.bench.codec.CodecFixtures.Message;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.netty.FrameEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks, before anything is timed, that both sides of the benchmark do the same work: every
 * encoder produces the same bytes and every decoder gives back the message it was fed. A
 * benchmark of a codec that is wrong would be worthless. Stateless.
 */
public final class CodecCheck {
    private CodecCheck() {
    }

    /** The frame payload (no length prefix) of {@code msg}, encoded by our codec. */
    public static byte[] payload(Message msg) {
        byte[] frame = oursFrameBytes(msg);
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    private static byte[] oursFrameBytes(Message msg) {
        ByteBuf out = Unpooled.buffer();
        FrameEncoder.encodeFrame(msg.ours(), out);
        return ByteBufUtil.getBytes(out);
    }

    /**
     * Fails with {@link IllegalStateException} unless all encoders agree byte for byte and both
     * decoders round-trip.
     */
    public static void verify(Message msg) throws IOException {
        byte[] ours = oursFrameBytes(msg);
        byte[] reused = bytes(JuteCodec.encodeReused(new JuteCodec.Reused(16 * 1024),
                msg.juteHeader(), msg.juteBody()));
        byte[] zk;
        if (msg.isRequest()) {
            zk = bytes(JuteCodec.encodeRequestAsClient(msg.juteHeader(), msg.juteBody()));
        } else {
            ByteBuffer[] parts = JuteCodec.encodeReplyAsServer(msg.juteHeader(), msg.juteBody());
            ByteBuffer all = ByteBuffer.allocate(ours.length);
            for (ByteBuffer p : parts) {
                all.put(p.duplicate());
            }
            zk = all.array();
        }
        same(msg, "jute reused", ours, reused);
        same(msg, "jute as ZooKeeper", ours, zk);

        byte[] payload = payload(msg);
        Object decoded = msg.isRequest()
                ? RequestCodec.readFrame(Unpooled.wrappedBuffer(payload))
                : ResponseCodec.readFrame(Unpooled.wrappedBuffer(payload), xid -> msg.op());
        if (!decoded.equals(msg.ours())) {
            throw new IllegalStateException(msg.name() + ": our decoder gave " + decoded);
        }
        if (msg.isRequest()) {
            JuteCodec.DecodedRequest d = JuteCodec.decodeRequestAsServer(ByteBuffer.wrap(payload));
            if (!d.header().equals(msg.juteHeader()) || !d.body().equals(msg.juteBody())) {
                throw new IllegalStateException(msg.name() + ": jute decoder gave " + d);
            }
        } else {
            JuteCodec.DecodedReply d = JuteCodec.decodeReplyAsClient(ByteBuffer.wrap(payload), msg.op());
            if (!d.header().equals(msg.juteHeader()) || !d.body().equals(msg.juteBody())) {
                throw new IllegalStateException(msg.name() + ": jute decoder gave " + d);
            }
        }
    }

    private static byte[] bytes(ByteBuffer bb) {
        ByteBuffer d = bb.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    private static void same(Message msg, String what, byte[] ours, byte[] theirs) {
        if (!Arrays.equals(ours, theirs)) {
            throw new IllegalStateException(msg.name() + ": " + what + " differs from ours:\n ours "
                    + HexFormat.of().formatHex(ours) + "\n jute " + HexFormat.of().formatHex(theirs));
        }
    }
}
