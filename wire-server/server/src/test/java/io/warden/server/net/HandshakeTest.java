package io.warden.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WhoAmIResponse;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session handshake over raw sockets, as PROTOCOL.md 4.3 and captures A to E describe it. */
class HandshakeTest {
    private static final Bytes ZEROS = Bytes.wrapOwned(new byte[16]);

    @TempDir
    Path dir;
    private final FakeTicker ticker = new FakeTicker();
    private WardenServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir, ticker);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void newSessionWithReadOnlyByteGets37ByteReplyAndConsumesOneZxid() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write(RawClient.encode(new ConnectRequest(0, 30_000, 0, ZEROS, false)));
            byte[] payload = c.readPayload();
            assertEquals(37, payload.length);
            ConnectResponse r = ConnectResponse.read(new io.warden.protocol.codec.WireReader(
                    io.netty.buffer.Unpooled.wrappedBuffer(payload)));
            assertEquals(30_000, r.timeOut());
            assertEquals(16, r.passwd().length());
            assertEquals(0x01L, r.sessionId() >>> 56, "standalone session ids start with server id 1");
            assertTrue(r.hasReadOnly());
            assertFalse(r.readOnly());
            ReplyFrame ping = c.ping();
            assertEquals(Xids.PING, ping.xid());
            assertEquals(1, ping.header().zxid(), "createSession consumed zxid 1");
        }
    }

    @Test
    void oldClientWithoutReadOnlyByteGets36ByteReplyAndTimeoutClampedUp() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write(RawClient.encode(new ConnectRequest(0, 0, 1000, 0, ZEROS, false, false)));
            byte[] payload = c.readPayload();
            assertEquals(36, payload.length);
            ConnectResponse r = ConnectResponse.read(new io.warden.protocol.codec.WireReader(
                    io.netty.buffer.Unpooled.wrappedBuffer(payload)));
            assertEquals(4000, r.timeOut(), "1000 ms is clamped to minSessionTimeout = 2 ticks");
        }
    }

    @Test
    void timeoutClampedDownToMaxSessionTimeout() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(40_000, c.connect(new ConnectRequest(0, 100_000, 0, ZEROS, false)).timeOut());
        }
    }

    @Test
    void lastZxidSeenAheadOfServerClosesWithoutReply() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.write(RawClient.encode(new ConnectRequest(0x9d, 30_000, 0, ZEROS, false)));
            assertTrue(c.closedWithoutData());
        }
    }

    @Test
    void reattachWithPasswordRepeatsIdAndPasswordAndClosesTheOldConnection() throws Exception {
        try (RawClient first = RawClient.session(server.port()); RawClient second = new RawClient(server.port())) {
            long zxid = first.ping().header().zxid();
            ConnectResponse r = second.connect(new ConnectRequest(zxid, 10_000, first.sessionId(), first.password(),
                    false));
            assertEquals(first.sessionId(), r.sessionId());
            assertEquals(first.password(), r.passwd());
            assertEquals(10_000, r.timeOut());
            assertTrue(first.closedWithoutData(), "the session's previous connection is closed");
            assertEquals(zxid, second.ping().header().zxid(), "re-attach consumes no zxid");
        }
    }

    @Test
    void wrongPasswordGetsInvalidResponseThenCloseAndStillClosesTheOldConnection() throws Exception {
        try (RawClient first = RawClient.session(server.port()); RawClient second = new RawClient(server.port())) {
            byte[] wrong = first.password().toByteArray();
            wrong[0] ^= 1;
            ConnectResponse r = second.connect(new ConnectRequest(0, 10_000, first.sessionId(),
                    Bytes.wrapOwned(wrong), false));
            assertEquals(0, r.timeOut());
            assertEquals(0, r.sessionId());
            assertArrayEquals(new byte[16], r.passwd().toByteArray());
            assertTrue(r.hasReadOnly());
            assertTrue(second.closedWithoutData());
            assertTrue(first.closedWithoutData(), "closed even though the password was wrong");
            try (RawClient third = new RawClient(server.port())) {
                assertEquals(first.sessionId(), third.connect(new ConnectRequest(0, 10_000, first.sessionId(),
                        first.password(), false)).sessionId(), "the session itself survives");
            }
        }
    }

    @Test
    void unknownSessionGetsInvalidResponse() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            ConnectResponse r = c.connect(new ConnectRequest(0, 0, 10_000, 0x0100000000000042L, ZEROS, false, false));
            assertEquals(0, r.timeOut());
            assertFalse(r.hasReadOnly());
            assertTrue(c.closedWithoutData());
        }
    }

    @Test
    void closedSessionCannotBeReattached() throws Exception {
        long sessionId;
        Bytes password;
        try (RawClient c = RawClient.session(server.port())) {
            sessionId = c.sessionId();
            password = c.password();
            ReplyFrame r = c.call(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE);
            assertEquals(0, r.header().err());
            assertEquals(2, r.header().zxid(), "closeSession consumes a zxid");
            assertTrue(c.closedWithoutData(), "the server closes the socket after the reply");
        }
        try (RawClient c = new RawClient(server.port())) {
            assertEquals(0, c.connect(new ConnectRequest(2, 10_000, sessionId, password, false)).timeOut());
        }
    }

    @Test
    void requestsPipelinedBehindTheConnectRequestAreAnsweredInOrder() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(RawClient.encode(new ConnectRequest(0, 30_000, 0, ZEROS, false)));
            all.write(c.frame(OpCode.AUTH, new io.warden.protocol.request.AuthPacket(0, "digest",
                    Bytes.utf8("alice:secret"))));
            all.write(c.frame(OpCode.GET_DATA, new GetDataRequest("/missing", false)));
            all.write(c.frame(OpCode.WHO_AM_I, EmptyRequest.INSTANCE));
            c.write(all.toByteArray());
            assertTrue(c.readConnectResponse().timeOut() > 0);
            ReplyFrame auth = c.readReply();
            assertEquals(Xids.AUTH, auth.xid());
            assertEquals(0, auth.header().zxid(), "auth replies carry zxid 0");
            assertEquals(0, auth.header().err());
            ReplyFrame get = c.readReply();
            assertEquals(1, get.xid());
            assertEquals(ErrorCode.NONODE.code(), get.header().err());
            ReplyFrame who = c.readReply();
            assertEquals(2, who.xid());
            List<ClientInfo> ids = ((WhoAmIResponse) who.response()).clientInfo();
            assertEquals(List.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "alice")), ids);
        }
    }

    @Test
    void sessionIdsAreDistinctAndIncreasing() throws Exception {
        try (RawClient a = RawClient.session(server.port()); RawClient b = RawClient.session(server.port())) {
            assertNotEquals(a.sessionId(), b.sessionId());
            assertEquals(a.sessionId() + 1, b.sessionId());
            assertNotEquals(a.password(), b.password());
        }
    }
}
