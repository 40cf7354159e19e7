package io.warden.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyHeader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * Test tools for code built on {@link WardenClient}, shipped in the recipes test-jar: force a
 * connection loss, or force the server to end a client's session. Both work against any server
 * that speaks the ZooKeeper protocol (real ZooKeeper or Warden). Stateless.
 */
public final class ClientTestSupport {
    private static final int SOCKET_TIMEOUT_MS = 5000;
    /** Attempts of {@link #killSession} when the session's own client keeps winning the race. */
    public static final int MAX_KILL_ATTEMPTS = 20;

    private ClientTestSupport() {
    }

    /**
     * Drops the client's current connection as a network failure would: requests in flight fail
     * with CONNECTIONLOSS, the client reports SUSPENDED and reconnects (RECONNECTED, same session).
     */
    public static void forceConnectionLoss(WardenClient client) {
        client.injectConnectionLoss();
    }

    /**
     * Ends the client's session on the server, the way ZooKeeper's own tests do: a second
     * connection attaches to the session with its id and password (the server closes the client's
     * connection) and sends closeSession (the server deletes the session's ephemerals). The client
     * then reconnects, learns that the session expired, reports LOST and builds a new session.
     * Connects to the first host of the client's connect string.
     *
     * @throws IllegalStateException if the client has no session
     */
    public static void forceSessionExpiry(WardenClient client) throws IOException {
        long sessionId = client.sessionId();
        if (sessionId == 0) {
            throw new IllegalStateException("the client has no session");
        }
        InetSocketAddress host = client.config().connectString().hosts().get(0);
        killSession(new InetSocketAddress(host.getHostString(), host.getPort()), sessionId,
                client.sessionPassword().toByteArray());
    }

    /**
     * Ends session {@code sessionId} on the server at {@code server}; see {@link #forceSessionExpiry}.
     * Returns once the server has confirmed the closeSession, or reports the session gone.
     *
     * <p>The connect and the closeSession go out in one write, but the client whose session it is
     * may still win a race: the server closes the client's connection when ours attaches, the client
     * reconnects at once with its session id, and the server, moving the session back, may close
     * our connection before it has read our closeSession (seen with ZooKeeper on a loaded machine:
     * EOF instead of the reply). So a lost race is tried again, at most {@value #MAX_KILL_ATTEMPTS}
     * times; an attempt finding the session already gone (timeOut 0) is the success it waited for.
     */
    public static void killSession(InetSocketAddress server, long sessionId, byte[] password) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < MAX_KILL_ATTEMPTS; attempt++) {
            try {
                killOnce(server, sessionId, password);
                return;
            } catch (EOFException | SocketException e) {
                last = e; // our connection was closed under us: see whether the session is gone yet
            }
        }
        throw new IOException("could not close session 0x" + Long.toHexString(sessionId) + " in "
                + MAX_KILL_ATTEMPTS + " attempts", last);
    }

    private static void killOnce(InetSocketAddress server, long sessionId, byte[] password) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, SOCKET_TIMEOUT_MS);
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            ByteBuf out = Unpooled.buffer();
            // Pipelined in one write, so the server closes the session before the client can re-attach.
            FrameEncoder.encodeFrame(new ConnectRequest(0, 30_000, sessionId,
                    io.warden.protocol.data.Bytes.copyOf(password), false), out);
            FrameEncoder.encodeFrame(new RequestFrame(1, OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE), out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ConnectResponse response = ConnectResponse.read(new WireReader(Unpooled.wrappedBuffer(readFrame(in))));
            if (response.timeOut() <= 0) {
                return; // already gone
            }
            ReplyHeader header = ReplyHeader.read(new WireReader(Unpooled.wrappedBuffer(readFrame(in))));
            if (header.err() != 0) {
                throw new IOException("closeSession of 0x" + Long.toHexString(sessionId) + " failed: " + header.err());
            }
        }
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 1 << 20) {
            throw new IOException("bad frame length " + length);
        }
        byte[] frame = new byte[length];
        in.readFully(frame);
        return frame;
    }
}
