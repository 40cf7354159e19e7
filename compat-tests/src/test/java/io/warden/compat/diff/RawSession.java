package io.warden.compat.diff;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.compat.harness.Deadline;
import io.warden.protocol.Limits;
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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A ZooKeeper session driven frame by frame over a plain socket, with our codec. Every frame
 * written and read goes into the transcript; replies are decoded by the opcode of the pending
 * xid. Reads are bounded by {@code replyTimeout}: a reply that does not come is recorded as a
 * {@link Transcript.Timeout} and the scenario stops ({@link ScenarioAbort}).
 *
 * <p>Tracks what a client tracks: session id, password, negotiated timeout and lastZxid (the
 * highest positive reply zxid, notifications excluded), so a scenario can drop the connection
 * and re-attach. {@link #cleanup()} makes sure the session is closed (re-attaching if needed),
 * so that no session of a finished scenario expires later and consumes a zxid in another one.
 *
 * <p>Thread-confined to the scenario thread.
 */
final class RawSession {
    /** Requested session timeout; real ZooKeeper with tickTime 2000 grants it unchanged. */
    static final int SESSION_TIMEOUT_MS = 30_000;
    /** A frame larger than this from the server is a failure (default clients allow 1048575). */
    static final int MAX_FRAME_BYTES = Limits.DEFAULT_MAX_FRAME_BYTES + 1024;
    private static final Bytes ZERO_PASSWORD = Bytes.wrapOwned(new byte[Limits.PASSWORD_BYTES]);
    private static final int MAX_CLEANUP_FRAMES = 1000;
    /** How long {@link #settle()} waits for more frames or a close before it calls the connection open. */
    static final Duration QUIET = Duration.ofMillis(500);

    private final String actor;
    private final Endpoint target;
    private final Transcript transcript;
    private final Duration replyTimeout;
    private final Map<Integer, OpCode> pending = new HashMap<>();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean connectionOpen;
    private int nextXid = 1;
    private long sessionId;
    private Bytes passwd = ZERO_PASSWORD;
    private long lastZxid;
    private boolean sessionAlive;
    private boolean quiet;

    RawSession(String actor, Endpoint target, Transcript transcript, Duration replyTimeout) {
        this.actor = actor;
        this.target = target;
        this.transcript = transcript;
        this.replyTimeout = replyTimeout;
    }

    String actor() {
        return actor;
    }

    long sessionId() {
        return sessionId;
    }

    Bytes passwd() {
        return passwd;
    }

    long lastZxid() {
        return lastZxid;
    }

    boolean connectionOpen() {
        return connectionOpen;
    }

    /** A brand-new session request as current clients send it (45 bytes, readOnly byte 0). */
    static ConnectRequest newSessionRequest(int timeOutMs) {
        return new ConnectRequest(0, timeOutMs, 0, ZERO_PASSWORD, false);
    }

    /** Connects and asks for a new session with {@link #SESSION_TIMEOUT_MS}. */
    ConnectResponse connectNew() {
        return connect(newSessionRequest(SESSION_TIMEOUT_MS));
    }

    /** Reconnects to this session with its id, password and lastZxid (what clients do). */
    ConnectResponse reattach() {
        return connect(new ConnectRequest(lastZxid, SESSION_TIMEOUT_MS, sessionId, passwd, false));
    }

    /**
     * Opens a new connection (dropping the current one, if any), sends {@code request} and reads
     * the ConnectResponse. Returns {@code null} if the server closed instead of answering. A valid
     * answer (timeOut > 0) makes its session this object's session.
     */
    ConnectResponse connect(ConnectRequest request) {
        openSocket();
        write(encode(request), new Transcript.Sent(actor, request, frameBytes(request)));
        return readConnectResponse(request);
    }

    private void openSocket() {
        closeSocket();
        pending.clear();
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()),
                    (int) replyTimeout.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
            connectionOpen = true;
        } catch (IOException e) {
            throw new ScenarioAbort(actor + " cannot connect to " + target.name() + ": " + e);
        }
    }

    private ConnectResponse readConnectResponse(ConnectRequest request) {
        byte[] payload = readFrame(Deadline.after(replyTimeout), "the ConnectResponse");
        if (payload == null) {
            return null;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        ConnectResponse response;
        try {
            response = ConnectResponse.read(new WireReader(buf));
        } catch (RuntimeException e) {
            record(new Transcript.Undecodable(actor, HexFormat.of().formatHex(payload), e.toString()));
            throw new ScenarioAbort(actor + ": undecodable ConnectResponse");
        }
        record(new Transcript.Received(actor, response, payload.length, trailingHex(buf)));
        if (response.timeOut() > 0) {
            sessionId = response.sessionId();
            passwd = response.passwd();
            sessionAlive = true;
        } else if (request.sessionId() == sessionId) {
            sessionAlive = false;
        }
        return response;
    }

    /** The next xid this session would use. */
    int peekXid() {
        return nextXid;
    }

    /** Sends {@code body} as opcode {@code op} with the next xid; returns the xid. */
    int send(OpCode op, Request body) {
        int xid = nextXid++;
        sendFrame(new RequestFrame(xid, op, body));
        return xid;
    }

    /** Sends a request with a header type that may be no opcode at all (and an empty body). */
    int sendType(int type) {
        int xid = nextXid++;
        sendFrame(new RequestFrame(new io.warden.protocol.request.RequestHeader(xid, type), EmptyRequest.INSTANCE));
        return xid;
    }

    /** Sends a frame as given (its xid is not taken from the counter). */
    void sendFrame(RequestFrame frame) {
        sendFrames(List.of(frame));
    }

    /** Sends several frames in one write (pipelining); records each. */
    void sendFrames(List<RequestFrame> frames) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (RequestFrame frame : frames) {
            OpCode op = OpCode.fromCode(frame.header().type());
            if (op != null) {
                pending.put(frame.xid(), op);
            }
            byte[] bytes = encode(frame);
            all.writeBytes(bytes);
            record(new Transcript.Sent(actor, frame, bytes.length - 4));
        }
        write(all.toByteArray(), null);
    }

    /**
     * Sends {@code payload} as one frame (length prefix added), for malformed requests; if
     * {@code expectReplyOp} is not null, the reply to {@code xid} is decoded as that op's reply.
     */
    void sendPayload(String label, byte[] payload, int xid, OpCode expectReplyOp) {
        if (expectReplyOp != null) {
            pending.put(xid, expectReplyOp);
        }
        ByteBuf framed = Unpooled.buffer(payload.length + 4);
        framed.writeInt(payload.length).writeBytes(payload);
        write(toArray(framed), new Transcript.Sent(actor,
                new Transcript.RawBytes(label, HexFormat.of().formatHex(payload)), payload.length));
    }

    /**
     * Sends a ping (xid -2) and reads until its reply: everything the server queued for this
     * connection before it (notifications in particular) is recorded first.
     */
    ReplyFrame ping() {
        sendFrame(new RequestFrame(Xids.PING, OpCode.PING, EmptyRequest.INSTANCE));
        return await(Xids.PING);
    }

    /**
     * Opens a new connection and sends the ConnectRequest and {@code requests} in one write
     * (requests pipelined behind the handshake); reads only the ConnectResponse.
     */
    ConnectResponse connectPipelined(ConnectRequest request, List<RequestFrame> requests) {
        openSocket();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] hello = encode(request);
        all.writeBytes(hello);
        record(new Transcript.Sent(actor, request, hello.length - 4));
        for (RequestFrame frame : requests) {
            OpCode op = OpCode.fromCode(frame.header().type());
            if (op != null) {
                pending.put(frame.xid(), op);
            }
            byte[] bytes = encode(frame);
            all.writeBytes(bytes);
            record(new Transcript.Sent(actor, frame, bytes.length - 4));
        }
        write(all.toByteArray(), null);
        return readConnectResponse(request);
    }

    /** Opens a connection and sends nothing yet (for malformed handshakes); recorded as a note. */
    void openWithoutHandshake() {
        openSocket();
        record(new Transcript.Note(actor + " opens a connection"));
    }

    /** Writes {@code bytes} exactly as given (no length prefix added): broken framing. */
    void sendUnframed(String label, byte[] bytes) {
        write(bytes, new Transcript.Sent(actor, new Transcript.RawBytes(label, HexFormat.of().formatHex(bytes)),
                bytes.length));
    }

    /** Sends {@code op} and reads frames until its reply; see {@link #await}. */
    ReplyFrame call(OpCode op, Request body) {
        return await(send(op, body));
    }

    /**
     * Reads and records frames (notifications included) until the reply with {@code xid}, and
     * returns it; {@code null} if the server closed the connection first (recorded; a later write
     * on this connection stops the scenario). A reply that does not come in time stops the
     * scenario.
     */
    ReplyFrame await(int xid) {
        Deadline deadline = Deadline.after(replyTimeout);
        for (int i = 0; i < Transcript.MAX_ENTRIES; i++) {
            Object frame = readOne(deadline, "the reply to xid " + xid);
            if (frame == null) {
                return null;
            }
            if (frame instanceof ReplyFrame reply && reply.xid() == xid) {
                return reply;
            }
        }
        throw new ScenarioAbort(actor + ": too many frames before the reply to xid " + xid);
    }

    /** Reads and records exactly one frame; {@code null} if the connection closed. */
    Object readOne(String what) {
        return readOne(Deadline.after(replyTimeout), what);
    }

    /** Reads and records exactly one frame, waiting up to {@code timeout}; {@code null} if closed. */
    Object readOne(String what, Duration timeout) {
        return readOne(Deadline.after(timeout), what);
    }

    /** Reads and records frames until the server closes the connection. */
    void expectClosed() {
        expectClosed(replyTimeout);
    }

    /** Reads and records frames until the server closes the connection, waiting up to {@code timeout}. */
    void expectClosed(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        for (int i = 0; i < Transcript.MAX_ENTRIES; i++) {
            if (readOne(deadline, "the server to close the connection") == null) {
                return;
            }
        }
        throw new ScenarioAbort(actor + ": too many frames before the close");
    }

    /** Sends closeSession, records its reply and the close that follows. */
    void closeSession() {
        ReplyFrame reply = call(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE);
        if (reply == null) {
            return;
        }
        if (reply.header().err() == 0) {
            sessionAlive = false;
        }
        expectClosed();
    }

    /**
     * For a request after which the reference closes the connection (unknown opcodes, a frame
     * too short for a header): reads and records frames until the server closes, or until
     * nothing has arrived for {@link #QUIET} (recorded as a note that the connection stayed
     * open); then, if it closed and the session may still live, re-attaches (recorded).
     *
     * <p>Why not a ping to find out: real ZooKeeper closes asynchronously after its -6 reply and
     * sometimes still answers a request sent right behind it, so a ping makes the transcript
     * flaky. Waiting for the close is deterministic; the quiet period is only spent when the
     * server keeps the connection open.
     */
    void settle() {
        Deadline quietUntil = Deadline.after(QUIET);
        for (int i = 0; i < Transcript.MAX_ENTRIES && connectionOpen; i++) {
            byte[] payload;
            try {
                payload = readPayload(quietUntil);
            } catch (SocketTimeoutException e) {
                record(new Transcript.Note(actor + "'s connection stays open"));
                return;
            }
            if (payload == null) {
                break;
            }
            recordFrame(payload);
            quietUntil = Deadline.after(QUIET);
        }
        if (!connectionOpen && sessionAlive) {
            reattach();
        }
    }

    /**
     * If this connection was seen to close (a reply that never came, a failed write) while the
     * session may still live, re-attaches (recorded); otherwise does nothing and reads nothing.
     * Used after requests the reference answers without closing, so that a candidate that
     * closes instead differs in a few lines rather than in the rest of the scenario.
     */
    void recover() {
        if (!connectionOpen && sessionAlive) {
            reattach();
        }
    }

    /** Closes the socket without closeSession (a client losing its connection); recorded. */
    void dropConnection() {
        record(new Transcript.Note(actor + " drops its connection (session stays alive)"));
        closeSocket();
    }

    /**
     * Makes sure this session no longer exists on the server, without recording anything:
     * closeSession on the open connection, or re-attach and closeSession. Failures are ignored.
     */
    void cleanup() {
        quiet = true;
        try {
            if (sessionAlive && !connectionOpen) {
                ConnectResponse response = connect(
                        new ConnectRequest(lastZxid, SESSION_TIMEOUT_MS, sessionId, passwd, false));
                if (response == null || response.timeOut() <= 0) {
                    sessionAlive = false;
                }
            }
            if (sessionAlive && connectionOpen) {
                send(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE);
                Deadline deadline = Deadline.after(replyTimeout);
                for (int i = 0; i < MAX_CLEANUP_FRAMES && readPayload(deadline) != null; i++) {
                    // Drain until the server closes after its closeSession reply.
                }
                sessionAlive = false;
            }
        } catch (ScenarioAbort | SocketTimeoutException e) {
            System.err.println("cleanup of " + actor + " on " + target.name() + ": " + e.getMessage());
        } finally {
            closeSocket();
        }
    }

    private Object readOne(Deadline deadline, String what) {
        byte[] payload = readFrame(deadline, what);
        if (payload == null) {
            return null;
        }
        return recordFrame(payload);
    }

    private ReplyFrame recordFrame(byte[] payload) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        ReplyFrame frame;
        try {
            frame = ResponseCodec.readFrame(buf, pending::get);
        } catch (RuntimeException e) {
            record(new Transcript.Undecodable(actor, HexFormat.of().formatHex(payload), e.getMessage()));
            throw new ScenarioAbort(actor + ": undecodable frame");
        }
        record(new Transcript.Received(actor, frame, payload.length, trailingHex(buf)));
        int xid = frame.xid();
        if (xid != Xids.NOTIFICATION) {
            pending.remove(xid);
            if (frame.header().zxid() > lastZxid) {
                lastZxid = frame.header().zxid();
            }
        }
        return frame;
    }

    /**
     * Reads one frame's payload; {@code null} on EOF or reset (recorded when first observed); a
     * timeout aborts the scenario.
     */
    private byte[] readFrame(Deadline deadline, String what) {
        try {
            return readPayload(deadline);
        } catch (SocketTimeoutException e) {
            record(new Transcript.Timeout(actor, what));
            throw new ScenarioAbort(actor + ": timed out waiting for " + what);
        }
    }

    /**
     * Reads one frame's payload, waiting until {@code deadline} for it to start; {@code null} on
     * EOF or reset (recorded when first observed: the close, not each later read, is an event).
     *
     * @throws SocketTimeoutException if nothing (or only part of a frame) arrived in time
     */
    private byte[] readPayload(Deadline deadline) throws SocketTimeoutException {
        if (!connectionOpen) {
            return null;
        }
        try {
            byte[] header = readFully(4, deadline);
            if (header == null) {
                return closed();
            }
            int length = Unpooled.wrappedBuffer(header).readInt();
            if (length < 0 || length > MAX_FRAME_BYTES) {
                record(new Transcript.Undecodable(actor, HexFormat.of().formatHex(header), "frame length " + length));
                throw new ScenarioAbort(actor + ": bad frame length " + length);
            }
            byte[] payload = readFully(length, Deadline.after(replyTimeout));
            return payload == null ? closed() : payload;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // A reset is a close for our purposes: ZooKeeper resets when unread bytes remain.
            return closed();
        }
    }

    private byte[] closed() {
        closeSocket();
        record(new Transcript.Closed(actor));
        return null;
    }

    /** Adds to the transcript, unless {@link #cleanup()} has begun (it records nothing). */
    private void record(Transcript.Entry entry) {
        if (!quiet) {
            transcript.add(entry);
        }
    }

    private byte[] readFully(int length, Deadline deadline) throws IOException {
        byte[] buffer = new byte[length];
        int offset = 0;
        while (offset < length) {
            if (deadline.expired()) {
                throw new SocketTimeoutException("deadline");
            }
            socket.setSoTimeout(deadline.remainingMs(1));
            int n;
            try {
                n = in.read(buffer, offset, length - offset);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                if (offset == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a frame");
            }
            offset += n;
        }
        return buffer;
    }

    private void write(byte[] bytes, Transcript.Sent entry) {
        if (entry != null) {
            record(entry);
        }
        if (!connectionOpen) {
            // The scenario wrote after the server closed: record that the bytes went nowhere.
            record(new Transcript.Closed(actor));
            return;
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            closed();
        }
    }

    private void closeSocket() {
        connectionOpen = false;
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a socket we no longer use; nothing to recover.
            }
            socket = null;
        }
    }

    private static String trailingHex(ByteBuf buf) {
        byte[] rest = new byte[buf.readableBytes()];
        buf.readBytes(rest);
        return HexFormat.of().formatHex(rest);
    }

    private static int frameBytes(Object message) {
        return encode(message).length - 4;
    }

    private static byte[] encode(Object message) {
        ByteBuf buf = Unpooled.buffer();
        FrameEncoder.encodeFrame(message, buf);
        return toArray(buf);
    }

    private static byte[] toArray(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
