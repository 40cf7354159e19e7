package io.warden.client.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyHeader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a session alive on the server from a second connection, as if the client's connection had
 * moved to another machine: the server attaches the session to this connection (closing the one it
 * had, if any) and the stand-in pings at a third of the negotiated timeout, so the session and its
 * ephemeral nodes live on however long the client itself stays away. That is the situation of a
 * client that declared its session lost by its own timer, or started a new one, while the server
 * still holds the old session's nodes. Works with any server that speaks the ZooKeeper protocol.
 *
 * <p>{@link #close()} ends the session (closeSession, so its ephemerals go at once). One daemon
 * thread pings until closed or until the server stops answering; at most {@value #MAX_PINGS}
 * pings; the socket is written by that thread only, and by {@link #close()} after it has ended.
 * Thread-safe: {@link #isAlive()} may be read from any thread.
 */
public final class SessionStandIn implements AutoCloseable {
    public static final int MAX_PINGS = 100_000;
    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int MAX_FRAME_BYTES = 1 << 20;
    private static final int CLOSE_XID = 1;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final long sessionId;
    private final int negotiatedTimeoutMs;
    private final Thread pinger;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean alive = true;
    private volatile boolean closed;

    private SessionStandIn(Socket socket, long sessionId, int negotiatedTimeoutMs) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.sessionId = sessionId;
        this.negotiatedTimeoutMs = negotiatedTimeoutMs;
        this.pinger = new Thread(this::pingLoop, "session-stand-in-0x" + Long.toHexString(sessionId));
        this.pinger.setDaemon(true);
    }

    /**
     * Attaches to session {@code sessionId} on {@code server} and keeps it alive.
     *
     * @throws IOException if the server does not accept the session (expired, wrong password)
     */
    public static SessionStandIn attach(InetSocketAddress server, long sessionId, byte[] password, int sessionTimeoutMs)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(server, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(Math.max(CONNECT_TIMEOUT_MS, sessionTimeoutMs));
            write(socket.getOutputStream(),
                    new ConnectRequest(0, sessionTimeoutMs, sessionId, Bytes.copyOf(password), false));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ConnectResponse response = ConnectResponse.read(new WireReader(Unpooled.wrappedBuffer(readFrame(in))));
            if (response.timeOut() <= 0 || response.sessionId() != sessionId) {
                throw new IOException("session 0x" + Long.toHexString(sessionId) + " is not there to hold");
            }
            SessionStandIn standIn = new SessionStandIn(socket, sessionId, response.timeOut());
            standIn.pinger.start();
            return standIn;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The session held. */
    public long sessionId() {
        return sessionId;
    }

    /** Whether the server still answered the last ping (the session is alive on the server). */
    public boolean isAlive() {
        return alive && !closed;
    }

    private void pingLoop() {
        long intervalMs = Math.max(1, negotiatedTimeoutMs / 3);
        try {
            for (int i = 0; i < MAX_PINGS; i++) {
                if (closing.await(intervalMs, TimeUnit.MILLISECONDS)) {
                    return;
                }
                write(out, new RequestFrame(Xids.PING, OpCode.PING, EmptyRequest.INSTANCE));
                awaitReply(Xids.PING);
            }
        } catch (IOException | InterruptedException e) {
            alive = false;
        }
    }

    /** Reads frames until the reply with {@code xid} (notifications and others are skipped). */
    private void awaitReply(int xid) throws IOException {
        for (int i = 0; i < 1000; i++) {
            ReplyHeader header = ReplyHeader.read(new WireReader(Unpooled.wrappedBuffer(readFrame(in))));
            if (header.xid() == xid) {
                if (header.err() != 0) {
                    throw new IOException("reply " + xid + " failed: " + header.err());
                }
                return;
            }
        }
        throw new IOException("no reply " + xid + " in 1000 frames");
    }

    /** Ends the session (closeSession) and the connection. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        closing.countDown();
        try {
            pinger.join(Math.max(CONNECT_TIMEOUT_MS, negotiatedTimeoutMs));
            if (alive && !pinger.isAlive()) {
                write(out, new RequestFrame(CLOSE_XID, OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE));
                awaitReply(CLOSE_XID);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socket.close();
        }
    }

    private static void write(OutputStream out, Object message) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        FrameEncoder.encodeFrame(message, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("bad frame length " + length);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }
}
