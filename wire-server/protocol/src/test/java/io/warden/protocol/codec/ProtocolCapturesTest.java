package io.warden.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ErrorResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.protocol.response.WhoAmIResponse;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.Wire;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact bytes against the captures of a real ZooKeeper 3.9.3 server in PROTOCOL.md section 21:
 * our encoding of the values shown must be exactly the captured frame (length prefix included),
 * and decoding the capture must give those values. Values that differ from run to run (session
 * ids, passwords, times) are taken as shown.
 */
class ProtocolCapturesTest {
    private static final Bytes ZERO_PASSWORD = Bytes.wrapOwned(new byte[16]);
    private static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;

    /** Encodes {@code message} as a frame, compares with {@code dump}. */
    private static void assertFrame(String dump, Object message) {
        assertEquals(Hex.format(Hex.parse(dump)), Hex.format(Wire.frame(message)), message.toString());
    }

    /** Strips and checks the length prefix, returns the payload. */
    private static ByteBuf payload(String dump) {
        byte[] bytes = Hex.parse(dump);
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        assertEquals(bytes.length - 4, buf.readInt(), "length prefix of " + dump);
        return buf;
    }

    private static void assertRequest(String dump, RequestFrame expected) {
        assertFrame(dump, expected);
        ByteBuf buf = payload(dump);
        assertEquals(expected, RequestCodec.readFrame(buf));
        assertEquals(0, buf.readableBytes());
    }

    private static void assertReply(String dump, OpCode pendingOp, ReplyFrame expected) {
        assertFrame(dump, expected);
        ByteBuf buf = payload(dump);
        assertEquals(expected, ResponseCodec.readFrame(buf, xid -> xid == expected.xid() ? pendingOp : null));
        assertEquals(0, buf.readableBytes());
    }

    private static Stat stat(long czxid, long mzxid, long ctime, long mtime, int version, int cversion,
            int aversion, long ephemeralOwner, int dataLength, int numChildren, long pzxid) {
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner,
                dataLength, numChildren, pzxid);
    }

    @Test
    void aConnectRequestOfTheJavaClient() {
        String dump = "00 00 00 2d 00 00 00 00 00 00 00 00 00 00 00 00 00 00 27 10"
                + " 00 00 00 00 00 00 00 00 00 00 00 10 [16 × 00] 00";
        ConnectRequest expected = new ConnectRequest(0, 10000, 0, ZERO_PASSWORD, false);
        assertFrame(dump, expected);
        ConnectRequest decoded = ConnectRequest.read(new WireReader(payload(dump)));
        assertEquals(expected, decoded);
        assertEquals(true, decoded.hasReadOnly());
    }

    @Test
    void bConnectResponseWithReadOnly() {
        String dump = "00 00 00 25 00 00 00 00 00 00 75 30 01 00 00 06 bf 87 00 00 00 00 00 10"
                + " 2b 42 a2 e1 dc ff c1 ef 81 64 4a b0 85 f9 86 00 00";
        ConnectResponse expected = new ConnectResponse(0, 30000, 0x01000006bf870000L,
                Bytes.wrapOwned(Hex.parse("2b 42 a2 e1 dc ff c1 ef 81 64 4a b0 85 f9 86 00")),
                false, true);
        assertFrame(dump, expected);
        assertEquals(expected, ConnectResponse.read(new WireReader(payload(dump))));
    }

    @Test
    void cOldClientWithoutReadOnlyBothWays() {
        String request = "00 00 00 2c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 e8"
                + " 00 00 00 00 00 00 00 00 00 00 00 10 [16 × 00]";
        ConnectRequest expectedRequest = new ConnectRequest(0, 0, 1000, 0, ZERO_PASSWORD, false, false);
        assertFrame(request, expectedRequest);
        assertEquals(expectedRequest, ConnectRequest.read(new WireReader(payload(request))));

        String response = "00 00 00 24 00 00 00 00 00 00 0f a0 01 00 00 03 76 1b 00 01 00 00 00 10"
                + " da 7b b9 25 e8 ed f0 50 72 d7 16 d9 a5 58 1d 5f";
        ConnectResponse expectedResponse = new ConnectResponse(0, 4000, 0x01000003761b0001L,
                Bytes.wrapOwned(Hex.parse("da 7b b9 25 e8 ed f0 50 72 d7 16 d9 a5 58 1d 5f")),
                false, false);
        assertFrame(response, expectedResponse);
        assertEquals(expectedResponse, ConnectResponse.read(new WireReader(payload(response))));
    }

    @Test
    void fCreate() {
        assertRequest("00 00 00 39 00 00 00 01 00 00 00 01 00 00 00 05 2f 64 65 6d 6f"
                + " 00 00 00 05 68 65 6c 6c 6f 00 00 00 01 00 00 00 1f"
                + " 00 00 00 05 77 6f 72 6c 64 00 00 00 06 61 6e 79 6f 6e 65 00 00 00 00",
                new RequestFrame(1, OpCode.CREATE,
                        new CreateRequest("/demo", Bytes.utf8("hello"), OPEN, 0)));
        assertReply("00 00 00 19 00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00"
                + " 00 00 00 05 2f 64 65 6d 6f",
                OpCode.CREATE, ReplyFrame.ok(1, 2, new CreateResponse("/demo")));
    }

    @Test
    void gGetDataWithWatch() {
        assertRequest("00 00 00 12 00 00 00 02 00 00 00 04 00 00 00 05 2f 64 65 6d 6f 01",
                new RequestFrame(2, OpCode.GET_DATA, new GetDataRequest("/demo", true)));
        assertReply("00 00 00 5d 00 00 00 02 00 00 00 00 00 00 00 02 00 00 00 00"
                + " 00 00 00 05 68 65 6c 6c 6f"
                + " 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 02"
                + " 00 00 01 a1 fc 49 88 1b 00 00 01 a1 fc 49 88 1b"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
                + " 00 00 00 05 00 00 00 00 00 00 00 00 00 00 00 02",
                OpCode.GET_DATA, ReplyFrame.ok(2, 2, new GetDataResponse(Bytes.utf8("hello"),
                        stat(2, 2, 0x1a1fc49881bL, 0x1a1fc49881bL, 0, 0, 0, 0, 5, 0, 2))));
    }

    @Test
    void hErrorReplyIsHeaderOnly() {
        assertRequest("00 00 00 15 00 00 00 03 00 00 00 04 00 00 00 08 2f 6d 69 73 73 69 6e 67 00",
                new RequestFrame(3, OpCode.GET_DATA, new GetDataRequest("/missing", false)));
        assertReply("00 00 00 10 00 00 00 03 00 00 00 00 00 00 00 02 ff ff ff 9b",
                OpCode.GET_DATA, ReplyFrame.error(3, 2, ErrorCode.NONODE));
    }

    @Test
    void iPing() {
        assertRequest("00 00 00 08 ff ff ff fe 00 00 00 0b",
                new RequestFrame(Xids.PING, OpCode.PING, EmptyRequest.INSTANCE));
        assertReply("00 00 00 10 ff ff ff fe 00 00 00 00 00 00 00 02 00 00 00 00",
                null, ReplyFrame.ok(Xids.PING, 2, EmptyResponse.INSTANCE));
    }

    @Test
    void jNotification() {
        assertReply("00 00 00 21 ff ff ff ff 00 00 00 00 00 00 00 04 00 00 00 00"
                + " 00 00 00 03 00 00 00 03 00 00 00 05 2f 64 65 6d 6f",
                null, ReplyFrame.notification(4, new WatcherEvent(3, 3, "/demo")));
    }

    @Test
    void kCreate2EphemeralSequential() {
        assertRequest("00 00 00 36 00 00 00 05 00 00 00 0f 00 00 00 07 2f 64 65 6d 6f 2f 65 00 00 00 00"
                + " 00 00 00 01 00 00 00 1f 00 00 00 05 77 6f 72 6c 64 00 00 00 06 61 6e 79 6f 6e 65"
                + " 00 00 00 03",
                new RequestFrame(5, OpCode.CREATE2, new CreateRequest("/demo/e", Bytes.EMPTY, OPEN, 3)));
        assertReply("00 00 00 69 00 00 00 05 00 00 00 00 00 00 00 05 00 00 00 00"
                + " 00 00 00 11 2f 64 65 6d 6f 2f 65 30 30 30 30 30 30 30 30 30 30"
                + " 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00 05"
                + " 00 00 01 a1 fc 49 88 45 00 00 01 a1 fc 49 88 45"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 06 bf 87 00 00 00 00 00 00 00 00 00 00"
                + " 00 00 00 00 00 00 00 05",
                OpCode.CREATE2, ReplyFrame.ok(5, 5, new Create2Response("/demo/e0000000000",
                        stat(5, 5, 0x1a1fc498845L, 0x1a1fc498845L, 0, 0, 0, 0x01000006bf870000L, 0, 0,
                                5))));
    }

    @Test
    void lMultiThatSucceeds() {
        assertRequest("00 00 00 5e 00 00 00 06 00 00 00 0e"
                + " 00 00 00 01 00 ff ff ff ff"
                + " 00 00 00 07 2f 64 65 6d 6f 2f 78 00 00 00 00 00 00 00 01 00 00 00 1f"
                + " 00 00 00 05 77 6f 72 6c 64 00 00 00 06 61 6e 79 6f 6e 65 00 00 00 00"
                + " 00 00 00 0d 00 ff ff ff ff"
                + " 00 00 00 05 2f 64 65 6d 6f 00 00 00 01"
                + " ff ff ff ff 01 ff ff ff ff",
                new RequestFrame(6, OpCode.MULTI, new MultiRequest(List.of(
                        new MultiRequest.Op(OpCode.CREATE,
                                new CreateRequest("/demo/x", Bytes.EMPTY, OPEN, 0)),
                        new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest("/demo", 1))))));
        assertReply("00 00 00 36 00 00 00 06 00 00 00 00 00 00 00 06 00 00 00 00"
                + " 00 00 00 01 00 00 00 00 00  00 00 00 07 2f 64 65 6d 6f 2f 78"
                + " 00 00 00 0d 00 00 00 00 00"
                + " ff ff ff ff 01 ff ff ff ff",
                OpCode.MULTI, ReplyFrame.ok(6, 6, new MultiResponse(List.of(
                        new OpResult.CreateResult("/demo/x"), new OpResult.CheckResult()))));
    }

    @Test
    void mMultiThatFails() {
        assertReply("00 00 00 40 00 00 00 07 00 00 00 00 00 00 00 07 00 00 00 00"
                + " ff ff ff ff 00 00 00 00 00  00 00 00 00"
                + " ff ff ff ff 00 ff ff ff 99  ff ff ff 99"
                + " ff ff ff ff 00 ff ff ff fe  ff ff ff fe"
                + " ff ff ff ff 01 ff ff ff ff",
                OpCode.MULTI, ReplyFrame.ok(7, 7, new MultiResponse(List.of(
                        new OpResult.ErrorResult(0),
                        new OpResult.ErrorResult(ErrorCode.BADVERSION.code()),
                        new OpResult.ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY.code())))));
    }

    @Test
    void oAuthDigestAndItsReplies() {
        assertRequest("00 00 00 26 ff ff ff fc 00 00 00 64 00 00 00 00 00 00 00 06 64 69 67 65 73 74"
                + " 00 00 00 0c 61 6c 69 63 65 3a 73 65 63 72 65 74",
                new RequestFrame(Xids.AUTH, OpCode.AUTH,
                        new AuthPacket(0, "digest", Bytes.utf8("alice:secret"))));
        assertReply("00 00 00 10 ff ff ff fc 00 00 00 00 00 00 00 00 00 00 00 00",
                null, ReplyFrame.ok(Xids.AUTH, 0, EmptyResponse.INSTANCE));
        assertReply("00 00 00 10 ff ff ff fc 00 00 00 00 00 00 00 00 ff ff ff 8d",
                null, ReplyFrame.error(Xids.AUTH, 0, ErrorCode.AUTHFAILED));
    }

    @Test
    void pSetWatches2OfTheJavaClient() {
        assertRequest("00 00 00 41 00 00 00 09 00 00 00 69 00 00 00 00 00 00 00 9d"
                + " 00 00 00 01 00 00 00 03 2f 6a 70"
                + " 00 00 00 01 00 00 00 0b 2f 6a 70 2f 6d 69 73 73 69 6e 67"
                + " 00 00 00 00"
                + " 00 00 00 00"
                + " 00 00 00 01 00 00 00 03 2f 6a 70",
                new RequestFrame(9, OpCode.SET_WATCHES2, new SetWatches2(0x9d, List.of("/jp"),
                        List.of("/jp/missing"), List.of(), List.of(), List.of("/jp"))));
        assertReply("00 00 00 10 00 00 00 09 00 00 00 00 00 00 00 9d 00 00 00 00",
                OpCode.SET_WATCHES2, ReplyFrame.ok(9, 0x9d, EmptyResponse.INSTANCE));
    }

    @Test
    void qAddWatchHasAMandatoryBody() {
        assertRequest("00 00 00 12 00 00 00 02 00 00 00 6a 00 00 00 02 2f 70 00 00 00 01",
                new RequestFrame(2, OpCode.ADD_WATCH, new AddWatchRequest("/p", 1)));
        assertReply("00 00 00 14 00 00 00 02 00 00 00 00 00 00 00 30 00 00 00 00 00 00 00 00",
                OpCode.ADD_WATCH, ReplyFrame.ok(2, 0x30, new ErrorResponse(0)));
    }

    @Test
    void rWhoAmI() {
        assertRequest("00 00 00 08 00 00 00 01 00 00 00 6b",
                new RequestFrame(1, OpCode.WHO_AM_I, EmptyRequest.INSTANCE));
        assertReply("00 00 00 27 00 00 00 01 00 00 00 00 00 00 00 22 00 00 00 00"
                + " 00 00 00 01 00 00 00 02 69 70 00 00 00 09 31 32 37 2e 30 2e 30 2e 31",
                OpCode.WHO_AM_I, ReplyFrame.ok(1, 0x22,
                        new WhoAmIResponse(List.of(new ClientInfo("ip", "127.0.0.1")))));
    }

    @Test
    void sCloseSession() {
        assertRequest("00 00 00 08 00 00 00 08 ff ff ff f5",
                new RequestFrame(8, OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE));
        assertReply("00 00 00 10 00 00 00 08 00 00 00 00 00 00 00 08 00 00 00 00",
                OpCode.CLOSE_SESSION, ReplyFrame.ok(8, 8, EmptyResponse.INSTANCE));
    }

    @Test
    void tUnimplemented() {
        assertReply("00 00 00 10 00 00 00 07 ff ff ff ff ff ff ff ff ff ff ff fa",
                null, ReplyFrame.error(7, -1, ErrorCode.UNIMPLEMENTED));
    }

    @Test
    void uGetConfigOnStandaloneIsAnEmptyBufferNotNull() {
        assertReply("00 00 00 58 00 00 00 11 00 00 00 00 00 00 00 39 00 00 00 00"
                + " 00 00 00 00"
                + " [32 × 00] 00 00 00 00 00 00 00 00 ff ff ff ff [8 × 00] 00 00 00 00 00 00 00 00 [8 × 00]",
                OpCode.GET_DATA, ReplyFrame.ok(0x11, 0x39,
                        new GetDataResponse(Bytes.EMPTY, stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0))));
    }
}
