package io.warden.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;

/**
 * Outbound encoder for both sides: writes a {@link ConnectRequest}, {@link ConnectResponse},
 * {@link RequestFrame} or {@link ReplyFrame} as one length-prefixed frame. Other messages (for
 * example the plain text of a four-letter word as a ByteBuf) pass through untouched.
 *
 * <p>Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Object> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof RequestFrame || msg instanceof ReplyFrame
                || msg instanceof ConnectRequest || msg instanceof ConnectResponse;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        encodeFrame(msg, out);
    }

    /** Appends one length-prefixed frame for {@code msg} to {@code out}. */
    public static void encodeFrame(Object msg, ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        if (msg instanceof ReplyFrame f) {
            ResponseCodec.writeFrame(f, out);
        } else if (msg instanceof RequestFrame f) {
            RequestCodec.writeFrame(f, out);
        } else {
            ((WireRecord) msg).write(new WireWriter(out));
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }
}
