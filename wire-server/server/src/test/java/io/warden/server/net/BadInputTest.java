package io.warden.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetSASLRequest;
import io.warden.protocol.request.MultiHeader;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.SetSASLResponse;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken input: the bad connection is answered or closed, the server stays up. */
class BadInputTest {
    @TempDir
    Path dir;
    private final FakeTicker ticker = new FakeTicker();
    private WardenServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir, ticker, b -> b.handshakeTimeoutMs(300).maxFrameBytes(64 * 1024));
    }

    @AfterEach
    void stop() {
        assertTrue(server.isRunning(), "the server survived");
        server.close();
    }

    private static byte[] frame(int xid, int type, byte[] body) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(8 + body.length).writeInt(xid).writeInt(type).writeBytes(body);
        return Arrays.copyOf(b.array(), b.writerIndex());
    }

    private void assertServerServes() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            assertEquals(0, c.ping().header().err());
        }
    }

    @Test
    void garbageInsteadOfAConnectRequestIsClosedWithoutReply() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write("hello world, this is not zookeeper".getBytes(StandardCharsets.US_ASCII));
            assertTrue(c.closedWithoutData());
        }
        assertServerServes();
    }

    @Test
    void negativeAndOversizeLengthsCloseWithoutReplyAndTheSessionSurvives() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
            assertTrue(c.closedWithoutData());
        }
        long sessionId;
        Bytes password;
        try (RawClient c = RawClient.session(server.port())) {
            sessionId = c.sessionId();
            password = c.password();
            ByteBuf b = Unpooled.buffer().writeInt(64 * 1024 + 1).writeInt(1).writeInt(4);
            c.write(Arrays.copyOf(b.array(), b.writerIndex()));
            assertTrue(c.closedWithoutData(), "oversize frame: Len error, closed with no reply");
        }
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(sessionId, c.connect(new ConnectRequest(1, 30_000, sessionId, password, false)).sessionId(),
                    "only the connection closed, not the session");
        }
    }

    @Test
    void truncatedConnectRequestIsClosedByTheHandshakeTimeout() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            byte[] connect = RawClient.encode(new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false));
            c.write(Arrays.copyOf(connect, 20));
            assertTrue(c.closedWithoutData());
        }
        try (RawClient idle = new RawClient(server.port())) {
            assertTrue(idle.closedWithoutData(), "a silent connection is closed too");
        }
    }

    @Test
    void undecodableConnectRequestIsClosed() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write(new byte[] {0, 0, 0, 6, 0, 0, 0, 0, 0, 0});
            assertTrue(c.closedWithoutData());
        }
    }

    @Test
    void unknownOpcodeTopLevelCheckAndOpcodeZeroGetUnimplementedThenClose() throws Exception {
        for (int type : new int[] {10, 13, 0, 99, -1}) {
            try (RawClient c = RawClient.session(server.port())) {
                // a well-formed CheckVersionRequest("/", 0) body for the top-level check
                byte[] body = type == 13 ? new byte[] {0, 0, 0, 1, '/', 0, 0, 0, 0} : new byte[0];
                c.write(frame(7, type, body));
                ReplyFrame r = c.readReply();
                assertEquals(7, r.xid(), "type " + type);
                assertEquals(-1, r.header().zxid(), "type " + type);
                assertEquals(ErrorCode.UNIMPLEMENTED.code(), r.header().err(), "type " + type);
                assertTrue(c.closedWithoutData(), "type " + type);
            }
        }
    }

    @Test
    void createSessionSentAsARequestGetsMarshallingErrorConsumesAZxidAndTheConnectionStaysOpen()
            throws Exception {
        // ZooKeeper 3.9.5 logs an error txn for it (compat-tests scenario session-internal-opcodes)
        try (RawClient c = RawClient.session(server.port())) {
            long zxid = c.ping().header().zxid();
            c.write(frame(3, OpCode.CREATE_SESSION.code(), new byte[0]));
            ReplyFrame r = c.readReply();
            assertEquals(3, r.xid());
            assertEquals(zxid + 1, r.header().zxid());
            assertEquals(ErrorCode.MARSHALLINGERROR.code(), r.header().err());
            assertEquals(zxid + 1, c.ping().header().zxid(), "one zxid consumed, still open");
        }
    }

    @Test
    void truncatedBodyGetsMarshallingErrorAndTheConnectionStaysOpen() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            long zxid = c.ping().header().zxid();
            c.write(frame(5, OpCode.GET_DATA.code(), new byte[] {0, 0, 0, 9, '/'}));
            ReplyFrame r = c.readReply();
            assertEquals(5, r.xid());
            assertEquals(ErrorCode.MARSHALLINGERROR.code(), r.header().err());
            assertEquals(zxid, r.header().zxid());
            assertEquals(0, c.ping().header().err(), "still open");
        }
    }

    @Test
    void truncatedWriteBodyGetsMarshallingErrorAndConsumesAZxid() throws Exception {
        // ZooKeeper logs an error txn for a write it cannot decode (checked on 3.8.0 with a raw probe)
        try (RawClient c = RawClient.session(server.port())) {
            long zxid = c.ping().header().zxid();
            c.write(frame(6, OpCode.SET_DATA.code(), new byte[] {0, 0, 0, 9, '/'}));
            ReplyFrame r = c.readReply();
            assertEquals(6, r.xid());
            assertEquals(ErrorCode.MARSHALLINGERROR.code(), r.header().err());
            assertEquals(zxid + 1, r.header().zxid());
            assertEquals(zxid + 1, c.ping().header().zxid(), "still open");
        }
    }

    @Test
    void multiWithAReadSubOpGetsMarshallingErrorAndConsumesAZxid() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            long zxid = c.ping().header().zxid();
            MultiRequest bad = new MultiRequest(List.of(new MultiRequest.Op(OpCode.GET_DATA,
                    new GetDataRequest("/", false))));
            ReplyFrame r = c.call(OpCode.MULTI, bad);
            assertEquals(ErrorCode.MARSHALLINGERROR.code(), r.header().err());
            assertEquals(zxid + 1, r.header().zxid(), "as ZooKeeper 3.8: the multi is logged as an error txn");
            assertEquals(zxid + 1, c.ping().header().zxid());
        }
    }

    @Test
    void unknownAuthSchemeGetsAuthFailedThenClose() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            ReplyFrame r = c.call(OpCode.AUTH, new AuthPacket(0, "kerberos", Bytes.utf8("x")));
            assertEquals(Xids.AUTH, r.xid());
            assertEquals(0, r.header().zxid());
            assertEquals(ErrorCode.AUTHFAILED.code(), r.header().err());
            assertTrue(c.closedWithoutData());
        }
    }

    @Test
    void saslIsAnsweredOkWithANullToken() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            ReplyFrame r = c.call(OpCode.SASL, new GetSASLRequest(Bytes.utf8("token")));
            assertEquals(0, r.header().err());
            assertEquals(0, r.header().zxid());
            assertNull(((SetSASLResponse) r.response()).token());
        }
    }

    @Test
    void randomFramesNeverTakeTheServerDown() throws Exception {
        long seed = 0xBAD1L;
        Random random = new Random(seed);
        for (int i = 0; i < 100; i++) {
            try (RawClient c = RawClient.session(server.port())) {
                byte[] body = new byte[random.nextInt(64)];
                random.nextBytes(body);
                int type = random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(110);
                int xid = random.nextInt(1 << 20);
                c.write(frame(xid, type, body));
                c.write(frame(Xids.PING, OpCode.PING.code(), new byte[0]));
                // Until the ping's reply, or the server closing the connection (seed printed on failure).
                for (int n = 0; n < 10; n++) {
                    byte[] payload = c.readPayload();
                    if (Unpooled.wrappedBuffer(payload).getInt(0) == Xids.PING) {
                        break;
                    }
                }
            } catch (java.io.EOFException | java.net.SocketException e) {
                // closed by the server: fine, as long as it stays up
            }
        }
        assertServerServes();
    }
}
