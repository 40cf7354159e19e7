package io.warden.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Client-side inbound decoder: the first frame is a {@link ConnectResponse} (with or without the
 * readOnly byte), every later one a {@link ReplyFrame} decoded by the opcode of the pending
 * request with its xid ({@code pendingOps}, consulted on the event loop; -1, -2 and -4 xids need
 * no lookup). Frames are decoded one per {@code decode} call, so each reply reaches the next
 * handler before the following frame's lookup: a lookup of "the head of the pending queue" works.
 * A bad length or an undecodable frame fires a {@link CodecException} down the pipeline and
 * closes the connection; nothing more is read from it.
 *
 * <p>Thread-confined to the channel's event loop (one instance per channel).
 */
public final class ClientFrameDecoder extends ByteToMessageDecoder {
    private enum State { HANDSHAKE, REPLIES, FAILED }

    private final int maxFrameBytes;
    private final IntFunction<OpCode> pendingOps;
    private State state = State.HANDSHAKE;

    public ClientFrameDecoder(IntFunction<OpCode> pendingOps) {
        this(Limits.DEFAULT_MAX_FRAME_BYTES, pendingOps);
    }

    public ClientFrameDecoder(int maxFrameBytes, IntFunction<OpCode> pendingOps) {
        this.maxFrameBytes = maxFrameBytes;
        this.pendingOps = pendingOps;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            // One frame per call: ByteToMessageDecoder hands it down the pipeline before calling
            // again, so the next frame's pendingOps lookup sees the queue after this reply was
            // consumed (replies to pipelined requests often arrive in one read).
            ByteBuf frame = Framing.next(in, maxFrameBytes);
            if (frame != null) {
                try {
                    if (state == State.HANDSHAKE) {
                        out.add(ConnectResponse.read(new WireReader(frame)));
                        state = State.REPLIES;
                    } else {
                        out.add(ResponseCodec.readFrame(frame, pendingOps));
                    }
                } finally {
                    frame.release();
                }
            }
        } catch (CodecException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            // Replies decoded before the bad frame must reach the client before the error (as in
            // ZooKeeper's reader); ByteToMessageDecoder would pass them on only after we return.
            for (int i = 0; i < out.size(); i++) {
                ctx.fireChannelRead(out.get(i));
            }
            out.clear();
            ctx.fireExceptionCaught(e);
            ctx.close();
        }
    }
}
