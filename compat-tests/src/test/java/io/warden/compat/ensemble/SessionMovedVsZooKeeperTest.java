package io.warden.compat.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.compat.harness.ForkedEnsemble;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SESSIONMOVED on a three-server ensemble, raw frames, ZooKeeper 3.9.5 against Warden: connection 1
 * creates a session on server A, connection 2 re-attaches it (same id and password) on server B,
 * then connection 1 (still open on A) sends a create, a getData and a ping. What each gets (error
 * code or a closed connection), how many zxids that consumed and whether the create was applied
 * must be the same on both. Each order (create, getData or ping first) runs twice per ensemble: A a
 * follower and B the leader, then A the leader and B a follower (a fresh session each time).
 *
 * <p>What ZooKeeper 3.9.5 does (and Warden now does too): the re-attach does not close connection
 * 1. Its write gets no reply: the connection is closed, the write is not applied, yet one zxid is
 * consumed (the leader logs an error txn). Its read and ping are answered normally (err 0) when A
 * is a follower, and close the connection when A is the leader (the leader checks the owner of
 * every request; a follower only forwards writes). Connection 2 goes on working. About 30 s (two
 * ensemble starts).
 */
class SessionMovedVsZooKeeperTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final int SESSION_TIMEOUT_MS = 20_000;
    private static final int READ_TIMEOUT_MS = 15_000;
    private static final int MAX_FRAMES = 100;
    private static final int QUIET_MS = 1500;
    private static final int MAX_FRAME_BYTES = 1 << 20;

    @Test
    void sameOutcomesAsZooKeeper() throws Exception {
        List<String> zooKeeper = run(ForkedEnsemble.Kind.ZOOKEEPER);
        List<String> warden = run(ForkedEnsemble.Kind.WARDEN);
        System.out.println("ZooKeeper: " + zooKeeper);
        System.out.println("Warden:    " + warden);
        assertEquals(zooKeeper, warden);
    }

    private static List<String> run(ForkedEnsemble.Kind kind) throws Exception {
        List<String> outcome = new ArrayList<>();
        try (ForkedEnsemble ensemble = ForkedEnsemble.builder(kind).size(3).start()) {
            ensemble.awaitAllServing(START);
            int leader = ensemble.awaitLeader(START);
            int follower = ensemble.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
            for (String first : List.of("create", "getData", "ping")) {
                outcome.addAll(scenario(ensemble, "follower->leader/" + first, follower, leader, first));
                outcome.addAll(scenario(ensemble, "leader->follower/" + first, leader, follower, first));
            }
            for (int id : ensemble.ids()) {
                for (String line : java.nio.file.Files.readAllLines(ensemble.logFile(id))) {
                    if (line.toLowerCase(java.util.Locale.ROOT).contains("moved")) {
                        System.out.println(kind + " server " + id + ": " + line);
                    }
                }
            }
        }
        return outcome;
    }

    private static List<String> scenario(ForkedEnsemble ensemble, String label, int a, int b, String first)
            throws IOException {
        List<String> out = new ArrayList<>();
        String path = "/moved-" + label.replace(">", "").replace("/", "-");
        try (Raw one = new Raw(ensemble.clientPort(a)); Raw two = new Raw(ensemble.clientPort(b))) {
            ConnectResponse created = one.connect(new ConnectRequest(0, SESSION_TIMEOUT_MS, 0,
                    Bytes.wrapOwned(new byte[16]), false));
            out.add(label + " connect1=" + (created != null && created.timeOut() > 0));
            ConnectResponse moved = two.connect(new ConnectRequest(one.lastZxid, SESSION_TIMEOUT_MS,
                    created.sessionId(), created.passwd(), false));
            out.add(label + " connect2=" + (moved != null && moved.sessionId() == created.sessionId()
                    && moved.timeOut() > 0));
            // Make sure the re-attach is ordered on every member before connection 1 speaks.
            out.add(label + " sync2=" + err(two.call(OpCode.SYNC, new SyncRequest("/"))));
            out.add(label + " open1=" + one.stillOpen());
            long before = ensemble.zxid(b).orElseThrow();
            List<String> order = new ArrayList<>(List.of("create", "getData", "ping"));
            order.remove(first);
            order.add(0, first);
            for (String op : order) {
                ReplyFrame reply = switch (op) {
                    case "create" -> one.call(OpCode.CREATE, new CreateRequest(path,
                            Bytes.wrapOwned("x".getBytes(StandardCharsets.UTF_8)), Acl.OPEN_ACL_UNSAFE, 0));
                    case "getData" -> one.call(OpCode.GET_DATA, new GetDataRequest("/", false));
                    default -> one.ping();
                };
                out.add(label + " " + op + "1=" + err(reply));
            }
            out.add(label + " sync2b=" + err(two.call(OpCode.SYNC, new SyncRequest("/"))));
            out.add(label + " zxidsConsumed=" + (ensemble.zxid(b).orElseThrow() - before));
            out.add(label + " exists2=" + err(two.call(OpCode.EXISTS, new ExistsRequest(path, false))));
            out.add(label + " ping2=" + err(two.ping()));
            out.add(label + " close2=" + err(two.call(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE)));
        }
        return out;
    }

    private static String err(ReplyFrame reply) {
        return reply == null ? "closed" : Integer.toString(reply.header().err());
    }

    /** One raw connection: frames written and read on the test thread. */
    private static final class Raw implements AutoCloseable {
        private final Socket socket = new Socket();
        private final Map<Integer, OpCode> pending = new HashMap<>();
        private DataInputStream in;
        private OutputStream out;
        private boolean closed;
        private int nextXid = 1;
        long lastZxid;

        Raw(int port) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        ConnectResponse connect(ConnectRequest request) throws IOException {
            write(request);
            byte[] payload = readFrame();
            return payload == null ? null : ConnectResponse.read(new WireReader(Unpooled.wrappedBuffer(payload)));
        }

        /** Whether the server keeps the connection open for a while with nothing sent (no frame may come). */
        boolean stillOpen() throws IOException {
            socket.setSoTimeout(QUIET_MS);
            try {
                byte[] payload = readFrame();
                if (payload != null) {
                    throw new IOException("unexpected frame of " + payload.length + " bytes");
                }
                return false;
            } catch (SocketTimeoutException e) {
                return true;
            } finally {
                socket.setSoTimeout(READ_TIMEOUT_MS);
            }
        }

        ReplyFrame call(OpCode op, Request body) throws IOException {
            int xid = nextXid++;
            pending.put(xid, op);
            write(new RequestFrame(xid, op, body));
            return await(xid);
        }

        ReplyFrame ping() throws IOException {
            pending.put(Xids.PING, OpCode.PING);
            write(new RequestFrame(Xids.PING, OpCode.PING, EmptyRequest.INSTANCE));
            return await(Xids.PING);
        }

        private ReplyFrame await(int xid) throws IOException {
            for (int i = 0; i < MAX_FRAMES; i++) {
                byte[] payload = readFrame();
                if (payload == null) {
                    return null;
                }
                ReplyFrame frame = ResponseCodec.readFrame(Unpooled.wrappedBuffer(payload), pending::get);
                if (frame.xid() != Xids.NOTIFICATION && frame.header().zxid() > lastZxid) {
                    lastZxid = frame.header().zxid();
                }
                if (frame.xid() == xid) {
                    return frame;
                }
            }
            throw new IOException("too many frames before xid " + xid);
        }

        private void write(Object message) throws IOException {
            if (closed) {
                return;
            }
            ByteBuf buf = Unpooled.buffer();
            FrameEncoder.encodeFrame(message, buf);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                closed = true;
            }
        }

        /** The next frame's payload; {@code null} once the server closed (or reset) the connection. */
        private byte[] readFrame() throws IOException {
            if (closed) {
                return null;
            }
            try {
                int length = in.readInt();
                if (length < 0 || length > MAX_FRAME_BYTES) {
                    throw new IOException("frame length " + length);
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                return payload;
            } catch (EOFException e) {
                closed = true;
                return null;
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                closed = true;
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
