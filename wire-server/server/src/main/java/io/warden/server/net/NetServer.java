package io.warden.server.net;

import com.google.common.base.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.netty.ServerFrameDecoder;
import io.warden.server.ConfigException;
import io.warden.server.ServerConfig;
import io.warden.server.admin.AdminContext;
import io.warden.server.admin.ConnectionInfo;
import io.warden.server.admin.FourLetterWords;
import io.warden.server.admin.ServerStats;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.session.SessionTracker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The client port: a netty server whose child pipeline is {@link ServerFrameDecoder} (bounded by
 * {@code jute.maxbuffer}), the shared {@link FrameEncoder} and a {@link ConnectionHandler}.
 * Channels get a write-buffer water mark (reading pauses above the high mark) and read at most
 * a few buffers per event-loop turn, which bounds how much a paused connection has decoded but
 * not submitted. Also the {@link AdminContext} of the four-letter words.
 *
 * <p>Thread-safe: bound once at {@link #bind}; {@link #close} may be called from any thread.
 */
public final class NetServer implements AdminContext, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NetServer.class.getName());
    /** Buffers read per event-loop turn and channel before other channels get a turn. */
    private static final int MAX_READS_PER_TURN = 4;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final NetContext net;
    private final Channel serverChannel;

    private NetServer(EventLoopGroup boss, EventLoopGroup workers, NetContext net, Channel serverChannel) {
        this.boss = boss;
        this.workers = workers;
        this.net = net;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds the client port. {@code fourLetterWords} is built against this server's
     * {@link AdminContext}.
     *
     * @throws IOException if the address cannot be bound
     * @throws ConfigException if {@code clientPortAddress} does not resolve
     */
    public static NetServer bind(ServerConfig config, Sequencer sequencer, SessionTracker tracker, ServerStats stats,
            Function<AdminContext, FourLetterWords> fourLetterWords, Ticker ticker, InstantSource clock)
            throws IOException {
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("warden-accept"));
        EventLoopGroup workers = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("warden-io"));
        AdminContextHolder admin = new AdminContextHolder(stats);
        ConnectionRegistry registry = new ConnectionRegistry(config.maxClientCnxns(), config.maxCnxns());
        NetContext net = new NetContext(config, sequencer, tracker,
                new OutstandingLimiter(config.globalOutstandingLimit()), registry, stats, fourLetterWords.apply(admin),
                ticker, clock);
        ByteCounter byteCounter = new ByteCounter(stats);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterBytes(), config.writeBufferHighWaterBytes()))
                .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                        new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(MAX_READS_PER_TURN))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("bytes", byteCounter)
                                .addLast("frames", new ServerFrameDecoder(config.maxFrameBytes(),
                                        net.fourLetterWords()::allowed))
                                .addLast("encoder", FrameEncoder.INSTANCE)
                                .addLast("connection", new ConnectionHandler(net));
                    }
                });
        if (config.clientPortListenBacklog() > 0) {
            bootstrap.option(ChannelOption.SO_BACKLOG, config.clientPortListenBacklog());
        }
        InetSocketAddress address = config.clientPortAddress() == null
                ? new InetSocketAddress(config.clientPort())
                : new InetSocketAddress(config.clientPortAddress(), config.clientPort());
        if (address.isUnresolved()) {
            shutdown(boss, workers);
            throw ConfigException.invalid("clientPortAddress", config.clientPortAddress(), "cannot resolve it");
        }
        Channel channel;
        try {
            channel = bootstrap.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {
            shutdown(boss, workers);
            throw new IOException("cannot bind " + address + ": " + e.getMessage(), e);
        }
        NetServer server = new NetServer(boss, workers, net, channel);
        admin.target = server;
        LOG.log(System.Logger.Level.INFO, "binding to port {0}", channel.localAddress());
        return server;
    }

    /** The bound address (the real port when clientPort was 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every client connection and stops the I/O threads, bounded. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (Connection c : net.registry().snapshot()) {
            c.channel().close();
        }
        shutdown(boss, workers);
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Open client connections. */
    public int connectionCount() {
        return net.registry().size();
    }

    @Override
    public List<ConnectionInfo> connections() {
        List<ConnectionInfo> out = new ArrayList<>();
        for (Connection c : net.registry().snapshot()) {
            out.add(c.info());
        }
        return out;
    }

    @Override
    public int outstandingRequests() {
        return net.limiter().inFlight();
    }

    @Override
    public int clientPort() {
        return localAddress().getPort();
    }

    @Override
    public ServerStats stats() {
        return net.stats();
    }

    @Override
    public void resetConnectionStats() {
        for (Connection c : net.registry().snapshot()) {
            c.resetStats();
        }
    }

    /**
     * Counts the raw bytes read from client connections ({@code zk_bytes_received_count}) and
     * passes them on. Sharable and thread-safe (the counter is a lock-free adder).
     */
    @ChannelHandler.Sharable
    private static final class ByteCounter extends ChannelInboundHandlerAdapter {
        private final ServerStats stats;

        ByteCounter(ServerStats stats) {
            this.stats = stats;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                stats.bytesReceived(buf.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Lets the four-letter words be built before the server they describe exists. */
    private static final class AdminContextHolder implements AdminContext {
        private final ServerStats stats;
        private volatile NetServer target;

        AdminContextHolder(ServerStats stats) {
            this.stats = stats;
        }

        @Override
        public List<ConnectionInfo> connections() {
            NetServer t = target;
            return t == null ? List.of() : t.connections();
        }

        @Override
        public int outstandingRequests() {
            NetServer t = target;
            return t == null ? 0 : t.outstandingRequests();
        }

        @Override
        public int clientPort() {
            NetServer t = target;
            return t == null ? 0 : t.clientPort();
        }

        @Override
        public ServerStats stats() {
            return stats;
        }

        @Override
        public void resetConnectionStats() {
            NetServer t = target;
            if (t != null) {
                t.resetConnectionStats();
            }
        }
    }
}
