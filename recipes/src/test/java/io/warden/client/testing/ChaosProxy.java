package io.warden.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A TCP proxy on {@code 127.0.0.1} for connection-loss tests: forwards bytes to a target server
 * and, on command, black-holes traffic (reads and discards it in both directions, keeping the
 * sockets open, as a network partition would), drops every connection, or refuses new ones
 * (accepts and closes at once). It can also record what clients send: each connection's
 * ConnectRequest and every later request frame, decoded with the Warden codec.
 *
 * <p>And it can lose a reply on purpose: once armed with {@link #cutAfter(Predicate)}, the next
 * client request matching the predicate is forwarded to the server, every byte after it is
 * dropped in both directions, and {@value #CUT_DELAY_MS} ms later (time for the server to apply
 * the request) both sockets are closed. The client sees CONNECTIONLOSS for a request the server
 * did apply: the case protected names exist for.
 *
 * <p>Blocking sockets, two daemon threads per connection; at most {@value #MAX_LINKS} connections
 * at a time and {@value #MAX_RECORDED} recorded frames. Thread-safe.
 */
public final class ChaosProxy implements AutoCloseable {
    public static final int MAX_LINKS = 64;
    public static final int MAX_RECORDED = 100_000;
    /** Largest client frame the recorder follows (ZooKeeper's default jute.maxbuffer). */
    public static final int MAX_FRAME_BYTES = 0xfffff;
    /** How long a cut connection stays open (its bytes dropped) before both sockets close. */
    public static final long CUT_DELAY_MS = 200;

    /** A frame a client sent: the 0-based index of its connection and the decoded message. */
    public record Sent(int connection, Object message) {
    }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Thread acceptor;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<Sent> recorded = new CopyOnWriteArrayList<>();
    private final List<RequestFrame> swallowed = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicReference<Predicate<RequestFrame>> armed = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean blackhole;
    private volatile boolean refuse;
    private volatile boolean recording;
    private volatile boolean closed;

    private ChaosProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "chaos-proxy-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** Starts a proxy on a free 127.0.0.1 port forwarding to {@code host:port}. */
    public static ChaosProxy start(String host, int port) throws IOException {
        return new ChaosProxy(new InetSocketAddress(host, port));
    }

    /** Starts a proxy forwarding to the first host of a connect string like "127.0.0.1:2181". */
    public static ChaosProxy forConnectString(String connectString) throws IOException {
        String first = connectString.split(",")[0];
        int slash = first.indexOf('/');
        if (slash >= 0) {
            first = first.substring(0, slash);
        }
        int colon = first.lastIndexOf(':');
        return start(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code "127.0.0.1:PORT"}. */
    public String connectString() {
        return "127.0.0.1:" + port();
    }

    /** Discard traffic in both directions (existing and new connections) while on. */
    public void blackhole(boolean on) {
        blackhole = on;
    }

    /** Accept and immediately close new connections while on. */
    public void refuseNew(boolean on) {
        refuse = on;
    }

    /** Closes every current connection (both sides). */
    public void dropAll() {
        for (Link link : links) {
            link.close();
        }
    }

    /** Connections currently open through the proxy. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted (and not refused) since the start. */
    public int acceptedConnections() {
        return connections.get();
    }

    /** Arms the proxy: the next request matching {@code which} is the last one through its connection. */
    public void cutAfter(Predicate<RequestFrame> which) {
        armed.set(which);
    }

    /** How many connections were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    /** Start recording what clients send (see {@link #recorded()}). */
    public void record(boolean on) {
        recording = on;
    }

    /**
     * Request frames clients sent into the black hole (recording or not): proof that a request
     * left the client, so that a test can drop the connection knowing the request was sent.
     */
    public List<RequestFrame> swallowed() {
        return List.copyOf(swallowed);
    }

    /** Everything recorded so far (black-holed frames excepted), in the order it was sent per connection. */
    public List<Sent> recorded() {
        return List.copyOf(recorded);
    }

    /** Recorded request frames only (no ConnectRequests). */
    public List<RequestFrame> recordedRequests() {
        List<RequestFrame> out = new ArrayList<>();
        for (Sent s : recorded) {
            if (s.message() instanceof RequestFrame f) {
                out.add(f);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        dropAll();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (refuse || links.size() >= MAX_LINKS) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 2000);
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                Link link = new Link(connections.getAndIncrement(), client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One proxied connection: two pumps. */
    private final class Link {
        private final int index;
        private final Socket client;
        private final Socket server;
        private final ByteBuf upstream = Unpooled.buffer();
        private boolean sawConnect;
        private boolean framingLost;
        /** Set once a request was cut after: nothing more goes through, either way. */
        private volatile boolean cutting;

        Link(int index, Socket client, Socket server) {
            this.index = index;
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(() -> pump(client, server, true), "chaos-up-" + index);
            Thread down = new Thread(() -> pump(server, client, false), "chaos-down-" + index);
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            links.remove(this);
        }

        private void pump(Socket from, Socket to, boolean isUpstream) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    boolean discard = blackhole || cutting;
                    int forward = n;
                    if (isUpstream) {
                        int cutAt = tap(buf, n, discard);
                        if (cutAt >= 0) {
                            cutting = true; // before forwarding: no byte of its reply may get through
                            forward = cutAt;
                        }
                    }
                    if (discard) {
                        continue;
                    }
                    out.write(buf, 0, forward);
                    out.flush();
                    if (cutting) {
                        cut();
                        discard(in, buf);
                        return;
                    }
                }
            } catch (SocketException e) {
                // closed by dropAll or the peer
            } catch (IOException e) {
                // the connection is gone either way
            } finally {
                close();
            }
        }

        /** Counts the cut and closes both sockets after {@link #CUT_DELAY_MS}. */
        private void cut() {
            cuts.incrementAndGet();
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(CUT_DELAY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                close();
            }, "chaos-cut-" + index);
            closer.setDaemon(true);
            closer.start();
        }

        /** Reads and drops what the client still sends until the closer closes the sockets. */
        private void discard(InputStream in, byte[] buf) throws IOException {
            while (in.read(buf) >= 0) {
                // dropped
            }
        }

        /**
         * Follows the frame boundaries of everything the client sends, recording or not, so that
         * recording switched on in the middle of a connection decodes whole frames (a tap that
         * started mid-stream once read request bytes as a ConnectRequest and killed the link).
         * Frames are decoded and kept while recording, and always when black-holed (see
         * {@link #swallowed()}); at most one frame is buffered. A length
         * beyond {@link #MAX_FRAME_BYTES} ends the following for that connection (bytes still flow).
         *
         * @return when a request matches the armed {@link #cutAfter} predicate, the offset in
         *     {@code buf} just after its last byte (forward that much, nothing more); else -1
         */
        private int tap(byte[] buf, int n, boolean discarded) {
            if (framingLost) {
                return -1;
            }
            upstream.writeBytes(buf, 0, n);
            while (upstream.readableBytes() >= 4) {
                int length = upstream.getInt(upstream.readerIndex());
                if (length < 0 || length > MAX_FRAME_BYTES) {
                    framingLost = true; // not a frame we can follow: forward without recording
                    upstream.clear();
                    return -1;
                }
                if (upstream.readableBytes() < 4 + length) {
                    break;
                }
                upstream.skipBytes(4);
                ByteBuf frame = upstream.readSlice(length);
                boolean connect = !sawConnect;
                sawConnect = true;
                try {
                    if (discarded && !connect && swallowed.size() < MAX_RECORDED) {
                        swallowed.add(RequestCodec.readFrame(frame));
                    } else if (!discarded && recording && recorded.size() < MAX_RECORDED) {
                        Object message = connect ? ConnectRequest.read(new WireReader(frame))
                                : RequestCodec.readFrame(frame);
                        recorded.add(new Sent(index, message));
                    }
                } catch (RuntimeException undecodable) {
                    // a frame our codec cannot read is forwarded all the same, just not recorded
                }
                if (!connect && !discarded && matchesArmed(frame)) {
                    // every byte after the frame's end in the buffer came with this read
                    int cutAt = n - upstream.readableBytes();
                    upstream.clear();
                    return cutAt;
                }
            }
            upstream.discardReadBytes();
            return -1;
        }

        private boolean matchesArmed(ByteBuf frame) {
            Predicate<RequestFrame> p = armed.get();
            if (p == null) {
                return false;
            }
            RequestFrame decoded;
            try {
                decoded = RequestCodec.readFrame(frame.slice(0, frame.capacity()));
            } catch (RuntimeException e) {
                return false;
            }
            return p.test(decoded) && armed.compareAndSet(p, null);
        }
    }
}
