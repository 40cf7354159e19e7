package io.warden.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.netty.FourLetterWord;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.netty.ServerFrameDecoder;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ReplyFrame;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted stand-in for a ZooKeeper server in read-only mode (what a partitioned ensemble member
 * with readonlymode.enabled does): answers {@code isro} with {@code ro}; closes connections whose
 * ConnectRequest does not accept read-only servers; gives a new session (ids from 0x7700...) with
 * readOnly=true; answers pings, and every other request with NOTREADONLY. Binds 127.0.0.1 on a
 * free port. Thread-safe.
 */
final class ReadOnlyStubServer implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final AtomicLong nextSession = new AtomicLong(0x7700_0000_0000_0001L);
    private final Channel listener;

    private ReadOnlyStubServer() throws InterruptedException {
        this.listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ServerFrameDecoder(), FrameEncoder.INSTANCE, new Handler());
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    static ReadOnlyStubServer start() throws InterruptedException {
        return new ReadOnlyStubServer();
    }

    String connectString() {
        return "127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FourLetterWord w) {
                String answer = w.command().equals("isro") ? "ro" : "";
                ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII))
                        .addListener(ChannelFutureListener.CLOSE);
            } else if (msg instanceof ConnectRequest r) {
                if (!r.readOnly()) {
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(new ConnectResponse(0, r.timeOut(), nextSession.getAndIncrement(),
                        Bytes.wrapOwned(new byte[16]), true, r.hasReadOnly()));
            } else if (msg instanceof RequestFrame f) {
                if (f.xid() == Xids.PING) {
                    ctx.writeAndFlush(ReplyFrame.ok(Xids.PING, 0, EmptyResponse.INSTANCE));
                } else if (f.opCode() == OpCode.CLOSE_SESSION) {
                    ctx.writeAndFlush(ReplyFrame.ok(f.xid(), 0, EmptyResponse.INSTANCE))
                            .addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.writeAndFlush(ReplyFrame.error(f.xid(), 0, ErrorCode.NOTREADONLY));
                }
            } else {
                ctx.close();
            }
        }
    }
}
