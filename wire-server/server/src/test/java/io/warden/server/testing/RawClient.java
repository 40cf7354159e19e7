package io.warden.server.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A blocking raw-socket ZooKeeper client for tests: frames built with the protocol codec, replies
 * decoded by the opcode of their pending xid. Every read is bounded by the socket timeout.
 * Thread-confined (one test thread).
 */
public final class RawClient implements AutoCloseable {
    public static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Map<Integer, OpCode> pending = new ConcurrentHashMap<>();
    private int nextXid = 1;
    private long sessionId;
    private Bytes password;
    private int timeoutMs;

    public RawClient(int port) throws IOException {
        this(port, 0);
    }

    /**
     * A connection whose receive buffer is set to {@code receiveBufferBytes} before it connects (0:
     * the system default), so a client that never reads fills the server's side quickly.
     */
    public RawClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and opens a new session (ConnectRequest with readOnly byte, timeout 30 s). */
    public static RawClient session(int port) throws IOException {
        RawClient c = new RawClient(port);
        ConnectResponse r = c.connect(new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false));
        if (r.timeOut() <= 0) {
            throw new IOException("session refused: " + r);
        }
        return c;
    }

    public Socket socket() {
        return socket;
    }

    public long sessionId() {
        return sessionId;
    }

    public Bytes password() {
        return password;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    /** Sends a ConnectRequest and reads the ConnectResponse. */
    public ConnectResponse connect(ConnectRequest request) throws IOException {
        write(encode(request));
        return readConnectResponse();
    }

    public ConnectResponse readConnectResponse() throws IOException {
        ConnectResponse r = ConnectResponse.read(new WireReader(Unpooled.wrappedBuffer(readPayload())));
        sessionId = r.sessionId();
        password = r.passwd();
        timeoutMs = r.timeOut();
        return r;
    }

    /** The next xid this client would use. */
    public int nextXid() {
        return nextXid;
    }

    /** Encodes {@code op} with the next xid and remembers it; returns the frame bytes. */
    public byte[] frame(OpCode op, Request request) {
        int xid = op == OpCode.PING ? Xids.PING : op == OpCode.AUTH ? Xids.AUTH : nextXid++;
        pending.put(xid, op);
        return encode(new RequestFrame(xid, op, request));
    }

    /** Sends a request; returns its xid. */
    public int send(OpCode op, Request request) throws IOException {
        int xid = op == OpCode.PING ? Xids.PING : op == OpCode.AUTH ? Xids.AUTH : nextXid;
        write(frame(op, request));
        return xid;
    }

    /** Sends a request and reads frames until its reply (notifications before it are returned too). */
    public ReplyFrame call(OpCode op, Request request) throws IOException {
        int xid = send(op, request);
        ReplyFrame f = readReply();
        while (f.xid() == Xids.NOTIFICATION) {
            f = readReply();
        }
        if (f.xid() != xid) {
            throw new IOException("expected xid " + xid + ", got " + f);
        }
        return f;
    }

    public ReplyFrame ping() throws IOException {
        return call(OpCode.PING, EmptyRequest.INSTANCE);
    }

    /** Reads one reply or notification frame. */
    public ReplyFrame readReply() throws IOException {
        return ResponseCodec.readFrame(Unpooled.wrappedBuffer(readPayload()), pending::get);
    }

    /** Reads one frame's payload. */
    public byte[] readPayload() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 16 << 20) {
            throw new IOException("bad frame length " + length);
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Everything the server sends until it closes the connection (four-letter words). */
    public String readAllText() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        InputStream s = socket.getInputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = s.read(buf)) >= 0) {
            b.write(buf, 0, n);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /**
     * True if the server closed the connection (EOF or reset) without sending anything more
     * within the read timeout; throws if it sent bytes.
     */
    public boolean closedWithoutData() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("server sent byte " + b + " instead of closing");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // connection reset
        }
    }

    /** True if the server closed the connection (EOF or reset), skipping anything it sent. */
    public boolean closedEventually() throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // skip
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException | EOFException e) {
            return true;
        }
    }

    public static byte[] encode(Object frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            FrameEncoder.encodeFrame(frame, buf);
            byte[] b = new byte[buf.readableBytes()];
            buf.readBytes(b);
            return b;
        } finally {
            buf.release();
        }
    }

    /** A four-letter word on a fresh connection: its whole answer. */
    public static String fourLetterWord(int port, String command) throws IOException {
        try (RawClient c = new RawClient(port)) {
            c.write(command.getBytes(StandardCharsets.US_ASCII));
            return c.readAllText();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
