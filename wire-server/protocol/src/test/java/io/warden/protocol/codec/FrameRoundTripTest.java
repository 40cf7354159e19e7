package io.warden.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.ReplyHeader;
import io.warden.protocol.response.WatcherEvent;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.OpCodeTable;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Frame-level round trips through {@link RequestCodec} and {@link ResponseCodec} for every client
 * opcode, and the special cases of {@link ResponseCodec#readFrame}: notifications (-1), ping (-2)
 * and auth (-4) replies, and error replies, which have no body and need no pending lookup.
 */
class FrameRoundTripTest {
    private static final int ITERATIONS = Seeds.soak() ? 5_000 : 200;
    private static final long SEED = Seeds.seed("FrameRoundTripTest");

    /** A pending-op lookup that must never be consulted. */
    private static final IntFunction<OpCode> NO_LOOKUP = xid -> {
        throw new AssertionError("pendingOps consulted for xid " + xid);
    };

    private static <T> T withBuffer(Function<ByteBuf, T> body) {
        ByteBuf buf = Unpooled.buffer();
        try {
            return body.apply(buf);
        } finally {
            buf.release();
        }
    }

    private static RequestFrame requestRoundTrip(RequestFrame frame) {
        return withBuffer(buf -> {
            RequestCodec.writeFrame(frame, buf);
            RequestFrame decoded = RequestCodec.readFrame(buf);
            assertEquals(0, buf.readableBytes(), "bytes left after " + frame);
            return decoded;
        });
    }

    private static ReplyFrame replyRoundTrip(ReplyFrame frame, IntFunction<OpCode> pendingOps) {
        return withBuffer(buf -> {
            ResponseCodec.writeFrame(frame, buf);
            ReplyFrame decoded = ResponseCodec.readFrame(buf, pendingOps);
            assertEquals(0, buf.readableBytes(), "bytes left after " + frame);
            return decoded;
        });
    }

    @Test
    void tableCoversEveryClientOpcode() {
        Set<OpCode> expected = EnumSet.allOf(OpCode.class);
        expected.removeAll(EnumSet.of(OpCode.NOTIFICATION, OpCode.ERROR, OpCode.CREATE_SESSION));
        assertEquals(expected, EnumSet.copyOf(OpCodeTable.OPS));
        assertEquals(OpCodeTable.OPS.size(), Set.copyOf(OpCodeTable.OPS).size(), "duplicate rows");
    }

    @TestFactory
    Stream<DynamicTest> requestFramesRoundTripForEveryOpcode() {
        return OpCodeTable.OPS.stream().map(op -> DynamicTest.dynamicTest(op.zkName(), () -> {
            RandomRecords random = new RandomRecords(SEED ^ op.code());
            for (int i = 0; i < ITERATIONS; i++) {
                RequestFrame frame = random.requestFrame(op);
                String where = op + " #" + i + " " + Seeds.describe(SEED) + " frame=" + frame;
                RequestFrame decoded = requestRoundTrip(frame);
                assertEquals(frame, decoded, where);
                assertEquals(op, decoded.opCode(), where);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> replyFramesRoundTripForEveryOpcode() {
        return OpCodeTable.OPS.stream().map(op -> DynamicTest.dynamicTest(op.zkName(), () -> {
            RandomRecords random = new RandomRecords(SEED ^ op.code() ^ 0x5a5a);
            for (int i = 0; i < ITERATIONS; i++) {
                int xid = op == OpCode.PING ? Xids.PING
                        : op == OpCode.AUTH ? Xids.AUTH : random.ordinaryXid();
                ReplyFrame frame = random.replyFrame(op, xid);
                String where = op + " #" + i + " " + Seeds.describe(SEED) + " frame=" + frame;
                IntFunction<OpCode> pending = x -> {
                    assertEquals(xid, x, where);
                    return op;
                };
                assertEquals(frame, replyRoundTrip(frame, pending), where);
            }
        }));
    }

    @Test
    void notificationsArePingsAndAuthRepliesNeedNoPendingLookup() {
        RandomRecords random = new RandomRecords(SEED);
        for (int i = 0; i < ITERATIONS; i++) {
            String where = "#" + i + " " + Seeds.describe(SEED);
            ReplyFrame notification = ReplyFrame.notification(random.anyLong(), random.watcherEvent());
            assertEquals(notification, replyRoundTrip(notification, NO_LOOKUP), where);
            ReplyFrame ping = ReplyFrame.ok(Xids.PING, random.anyLong(), EmptyResponse.INSTANCE);
            assertEquals(ping, replyRoundTrip(ping, NO_LOOKUP), where);
            ReplyFrame auth = ReplyFrame.ok(Xids.AUTH, 0, EmptyResponse.INSTANCE);
            assertEquals(auth, replyRoundTrip(auth, NO_LOOKUP), where);
        }
    }

    @Test
    void errorRepliesAreTheBareHeaderForEveryCode() {
        RandomRecords random = new RandomRecords(SEED);
        for (ErrorCode code : ErrorCode.values()) {
            if (code == ErrorCode.OK) {
                continue;
            }
            for (int xid : new int[] {random.ordinaryXid(), Xids.PING, Xids.AUTH, Xids.SET_WATCHES}) {
                ReplyFrame error = ReplyFrame.error(xid, random.anyLong(), code);
                byte[] bytes = withBuffer(buf -> {
                    ResponseCodec.writeFrame(error, buf);
                    byte[] b = new byte[buf.readableBytes()];
                    buf.getBytes(0, b);
                    return b;
                });
                assertEquals(ReplyHeader.BYTES, bytes.length, code + " xid " + xid);
                assertEquals(error, replyRoundTrip(error, NO_LOOKUP), code + " xid " + xid);
            }
        }
    }

    @Test
    void errorReplyIgnoresAnyBytesAfterTheHeader() {
        // A reply with err != 0 is decoded without a pending lookup even if junk follows.
        byte[] bytes = Hex.parse("00 00 00 03 00 00 00 00 00 00 00 02 ff ff ff 9b 01 02 03");
        ReplyFrame decoded = ResponseCodec.readFrame(Unpooled.wrappedBuffer(bytes), NO_LOOKUP);
        assertEquals(ReplyFrame.error(3, 2, ErrorCode.NONODE), decoded);
    }

    @Test
    void notificationWithANonZeroErrIsACodecException() {
        // found by CodecFuzzTest: it used to escape as an IllegalArgumentException from ReplyFrame
        byte[] bytes = Hex.parse("ff ff ff ff 00 00 00 00 00 00 00 04 00 00 00 10"
                + " 00 00 00 03 00 00 00 03 00 00 00 02 2f 61");
        assertThrows(CodecException.class,
                () -> ResponseCodec.readFrame(Unpooled.wrappedBuffer(bytes), NO_LOOKUP));
    }

    @Test
    void replyForAnXidWithNoPendingRequestIsACodecException() {
        ReplyFrame frame = ReplyFrame.ok(42, 7, EmptyResponse.INSTANCE);
        CodecException e = assertThrows(CodecException.class,
                () -> replyRoundTrip(frame, xid -> null));
        assertTrue(e.getMessage().contains("42"), e.getMessage());
    }

    @Test
    void truncatedReplyBodyIsACodecException() {
        RandomRecords random = new RandomRecords(SEED);
        for (OpCode op : OpCodeTable.OPS) {
            ReplyFrame frame = random.replyFrame(op, 9);
            byte[] bytes = withBuffer(buf -> {
                ResponseCodec.writeFrame(frame, buf);
                byte[] b = new byte[buf.readableBytes()];
                buf.getBytes(0, b);
                return b;
            });
            if (bytes.length == ReplyHeader.BYTES) {
                continue; // no body to truncate
            }
            for (int cut = ReplyHeader.BYTES; cut < bytes.length; cut++) {
                ByteBuf truncated = Unpooled.wrappedBuffer(bytes, 0, cut);
                String where = op + " cut at " + cut + " of " + Hex.format(bytes) + " "
                        + Seeds.describe(SEED);
                assertThrows(CodecException.class, () -> ResponseCodec.readFrame(truncated, x -> op),
                        where);
            }
        }
    }

    @Test
    void headerOnlyRequestsHaveNoBody() {
        for (OpCode op : new OpCode[] {OpCode.PING, OpCode.WHO_AM_I, OpCode.CLOSE_SESSION}) {
            RequestFrame frame = new RequestFrame(5, op, EmptyRequest.INSTANCE);
            byte[] bytes = withBuffer(buf -> {
                RequestCodec.writeFrame(frame, buf);
                byte[] b = new byte[buf.readableBytes()];
                buf.getBytes(0, b);
                return b;
            });
            assertEquals(8, bytes.length, op.toString());
            assertEquals(frame, requestRoundTrip(frame));
        }
    }

    @Test
    void requestsThatAreNotClientOpsAreRejected() {
        for (OpCode op : new OpCode[] {OpCode.NOTIFICATION, OpCode.ERROR, OpCode.CREATE_SESSION}) {
            ByteBuf buf = Unpooled.wrappedBuffer(Hex.parse("00 00 00 01"));
            assertThrows(CodecException.class, () -> RequestCodec.readBody(op, new WireReader(buf)),
                    op.toString());
        }
        ByteBuf unknown = Unpooled.wrappedBuffer(Hex.parse("00 00 00 01 00 00 00 0a"));
        assertThrows(CodecException.class, () -> RequestCodec.readFrame(unknown));
    }

    @Test
    void notificationWithWatcherEventOfEveryType() {
        for (int type = -1; type <= 4; type++) {
            ReplyFrame n = ReplyFrame.notification(-1, new WatcherEvent(type, 3, "/x"));
            assertEquals(n, replyRoundTrip(n, NO_LOOKUP));
        }
    }
}
