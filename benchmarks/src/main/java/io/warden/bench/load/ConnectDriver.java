package io.warden.bench.load;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * The connect workload over raw frames, without a client library: open a TCP connection, send a
 * ConnectRequest (protocol version 0, no previous session, 30 s timeout, 16-byte zero password),
 * read the ConnectResponse (a session id other than 0 means the session was created), then send
 * closeSession (opcode -11), read its reply and close the socket. One operation is one such
 * cycle, so ops/s is sessions created and closed per second; the latency recorded is the
 * handshake alone (socket connect to ConnectResponse).
 *
 * <p>Thread-confined to its driver thread (blocking sockets), apart from the thread-safe tally.
 */
final class ConnectDriver extends TalliedDriver {
    static final int SOCKET_TIMEOUT_MS = 10_000;
    static final int SESSION_TIMEOUT_MS = 30_000;
    /** Read timeout of the first readiness {@link #handshake}s: the resolution of restart times. */
    static final int PROBE_TIMEOUT_MS = 250;
    /** Read timeout of readiness handshakes after {@link #PROBE_SHORT_MS} of short ones. */
    static final int PROBE_LONG_TIMEOUT_MS = 2_000;
    /** How long readiness handshakes use the short timeout. */
    static final long PROBE_SHORT_MS = 15_000;
    private static final int CLOSE_SESSION = -11;
    /** Bound on a reply frame we accept. */
    private static final int MAX_FRAME = 1 << 16;

    private final InetSocketAddress address;
    private final MonotonicClock clock;
    private static final byte[] CONNECT = connectFrame();
    private static final byte[] CLOSE = closeFrame();

    ConnectDriver(int port, MonotonicClock clock) {
        this.address = new InetSocketAddress("127.0.0.1", port);
        this.clock = clock;
    }

    private static byte[] connectFrame() {
        ByteBuffer b = ByteBuffer.allocate(4 + 45);
        b.putInt(45).putInt(0).putLong(0).putInt(SESSION_TIMEOUT_MS).putLong(0).putInt(16)
                .put(new byte[16]).put((byte) 0);
        return b.array();
    }

    private static byte[] closeFrame() {
        return ByteBuffer.allocate(12).putInt(8).putInt(1).putInt(CLOSE_SESSION).array();
    }

    @Override
    public void drive(Window window) throws InterruptedException {
        tally.window(window);
        while (window.open(clock.nanos()) && !Thread.currentThread().isInterrupted()) {
            long start = clock.nanos();
            try {
                cycle(start);
            } catch (IOException e) {
                tally.error("IO_" + e.getClass().getSimpleName(), start);
                Thread.sleep(10); // a refusing server must not be hammered in a tight loop
            }
        }
    }

    private void cycle(long start) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            s.connect(address, SOCKET_TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(CONNECT);
            out.flush();
            ByteBuffer reply = ByteBuffer.wrap(frame(in));
            reply.getInt(); // protocol version
            int timeout = reply.getInt();
            long sessionId = reply.getLong();
            long handshakeEnd = clock.nanos();
            if (timeout <= 0 || sessionId == 0) {
                tally.error("SESSION_REFUSED", start);
                return;
            }
            out.write(CLOSE);
            out.flush();
            ByteBuffer closed = ByteBuffer.wrap(frame(in));
            int xid = closed.getInt();
            closed.getLong(); // zxid
            int err = closed.getInt();
            if (xid != 1 || err != 0) {
                tally.error("CLOSE_ERR_" + err, start);
                return;
            }
            tally.ok(start, handshakeEnd);
        }
    }

    /**
     * One raw session, created and closed: true if the server answered the ConnectRequest with a
     * session within {@code timeoutMs} (then it is closed, best effort), false if it refused,
     * was not listening, was slower, or failed.
     *
     * <p>Keep the timeout short while a server starts: ZooKeeper 3.9.5 may leave a connection
     * accepted before it is running open and unanswered (its close fails with an NPE), and a long
     * read timeout would then add that timeout to a restart time; a slow but healthy reply just
     * means one more try.
     */
    static boolean handshake(int port, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMs);
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(CONNECT);
            out.flush();
            ByteBuffer reply = ByteBuffer.wrap(frame(in));
            reply.getInt();
            int timeout = reply.getInt();
            long sessionId = reply.getLong();
            if (timeout <= 0 || sessionId == 0) {
                return false;
            }
            try {
                s.setSoTimeout(SOCKET_TIMEOUT_MS);
                out.write(CLOSE);
                out.flush();
                frame(in);
            } catch (IOException e) {
                // the session exists, so the server is serving; it expires if the close was lost
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] frame(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 16 || len > MAX_FRAME) {
            throw new EOFException("bad frame length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    @Override
    public int drain(long timeoutMs) {
        return 0;
    }
}
