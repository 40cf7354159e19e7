package io.warden.recipe.testing;

import io.netty.buffer.Unpooled;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.request.RequestFrame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A TCP proxy on {@code 127.0.0.1} that loses a reply on purpose: once armed with
 * {@link #cutAfter(Predicate)}, the next client request matching the predicate is forwarded to the
 * server, every byte after it is dropped in both directions, and {@value #CUT_DELAY_MS} ms later
 * (time for the server to apply the request) both sockets are closed. The client sees
 * CONNECTIONLOSS for a request the server did apply: the case protected names exist for. Works with
 * any server that speaks the ZooKeeper protocol.
 *
 * <p>Blocking sockets, two daemon threads per connection, at most {@value #MAX_LINKS} connections
 * at a time. Thread-safe.
 */
public final class CutProxy implements AutoCloseable {
    public static final int MAX_LINKS = 32;
    static final long CUT_DELAY_MS = 200;
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final Thread acceptor;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicReference<Predicate<RequestFrame>> armed = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile boolean closed;

    private CutProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.acceptor = new Thread(this::acceptLoop, "cut-proxy-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A proxy to the first host of a connect string like "127.0.0.1:2181". */
    public static CutProxy forConnectString(String connectString) throws IOException {
        String first = connectString.split(",")[0];
        int colon = first.lastIndexOf(':');
        return new CutProxy(new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1))));
    }

    public String connectString() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** Arms the proxy: the next request matching {@code which} is the last one through. */
    public void cutAfter(Predicate<RequestFrame> which) {
        armed.set(which);
    }

    /** How many connections were cut so far. */
    public int cuts() {
        return cuts.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Link l : links) {
            l.close();
        }
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
            if (links.size() >= MAX_LINKS) {
                quietly(client);
                continue;
            }
            try {
                Socket server = new Socket();
                server.connect(target, 2000);
                server.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                link.start();
            } catch (IOException e) {
                quietly(client);
            }
        }
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One proxied connection: an upstream pump that parses frames, a downstream byte pump. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean cutting;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::upstream, "cut-proxy-up");
            Thread down = new Thread(this::downstream, "cut-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        void close() {
            quietly(client);
            quietly(server);
            links.remove(this);
        }

        private void upstream() {
            try {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = server.getOutputStream();
                boolean handshakeDone = false;
                while (!cutting) {
                    int length = in.readInt();
                    if (length < 0 || length > MAX_FRAME_BYTES) {
                        break;
                    }
                    byte[] frame = new byte[length];
                    in.readFully(frame);
                    if (cutting) {
                        break;
                    }
                    boolean last = handshakeDone && matches(frame);
                    if (last) {
                        cutting = true; // before forwarding: no byte of its reply may get through
                    }
                    out.write(ByteBuffer.allocate(4).putInt(length).array());
                    out.write(frame);
                    out.flush();
                    if (last) {
                        cuts.incrementAndGet();
                        Thread closer = new Thread(() -> {
                            sleep(CUT_DELAY_MS);
                            close();
                        }, "cut-proxy-closer");
                        closer.setDaemon(true);
                        closer.start();
                        drain(in);
                        return;
                    }
                    handshakeDone = true;
                }
            } catch (EOFException e) {
                // client closed
            } catch (IOException e) {
                // gone either way
            }
            close();
        }

        private boolean matches(byte[] frame) {
            Predicate<RequestFrame> p = armed.get();
            if (p == null) {
                return false;
            }
            RequestFrame decoded;
            try {
                decoded = RequestCodec.readFrame(Unpooled.wrappedBuffer(frame));
            } catch (RuntimeException e) {
                return false;
            }
            return p.test(decoded) && armed.compareAndSet(p, null);
        }

        private void drain(InputStream in) {
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) >= 0) {
                    // dropped
                }
            } catch (IOException ignored) {
                // closed by the closer
            }
        }

        private void downstream() {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = server.getInputStream();
                OutputStream out = client.getOutputStream();
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    if (cutting) {
                        continue; // the reply to the cut request, and anything later, is lost
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // gone either way
            }
            close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
