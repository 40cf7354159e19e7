package io.warden.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last inbound handler of a client channel: hands decoded frames, read-batch ends, closes and
 * errors to the {@link ClientCore}, which ignores events of channels it has moved away from.
 *
 * <p>Thread-confined to the channel's event loop (one instance per channel).
 */
final class CoreHandler extends ChannelInboundHandlerAdapter {
    private final ClientCore core;

    CoreHandler(ClientCore core) {
        this.core = core;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        core.onFrame(ctx.channel(), msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        core.afterRead(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.onChannelClosed(ctx.channel(), "connection closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        core.onChannelClosed(ctx.channel(), "connection error: " + cause);
        ctx.close();
    }
}
