package io.warden.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Asks one server the four-letter word {@code isro}: a read-write server answers exactly
 * {@code rw} (then closes). Used while the client is connected to a read-only server, to find a
 * read-write one, as the ZooKeeper Java client does. The answer is capped at
 * {@value #MAX_ANSWER_BYTES} bytes and the whole probe at {@code timeoutMs}.
 *
 * <p>Thread-confined to the given event loop: the callback runs on it, exactly once.
 */
final class ReadWriteProbe {
    static final int MAX_ANSWER_BYTES = 64;

    private ReadWriteProbe() {
    }

    static void probe(EventLoop loop, InetSocketAddress host, int timeoutMs, Consumer<Boolean> isReadWrite) {
        boolean[] done = {false};
        StringBuilder answer = new StringBuilder();
        Consumer<Boolean> once = rw -> {
            if (!done[0]) {
                done[0] = true;
                isReadWrite.accept(rw);
            }
        };
        ChannelFuture f = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.writeAndFlush(Unpooled.copiedBuffer("isro", StandardCharsets.US_ASCII));
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                try {
                                    if (answer.length() + buf.readableBytes() > MAX_ANSWER_BYTES) {
                                        ctx.close();
                                        return;
                                    }
                                    answer.append(buf.toString(StandardCharsets.US_ASCII));
                                } finally {
                                    buf.release();
                                }
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                once.accept(answer.toString().trim().equals("rw"));
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                }).connect(host);
        Channel ch = f.channel();
        f.addListener(c -> {
            if (!c.isSuccess()) {
                once.accept(false);
            }
        });
        loop.schedule(() -> {
            ch.close();
            once.accept(false);
        }, timeoutMs, TimeUnit.MILLISECONDS);
    }
}
