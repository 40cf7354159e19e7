package io.warden.protocol.netty;

import static io.warden.protocol.netty.ServerFrameDecoderTest.frames;
import static io.warden.protocol.netty.ServerFrameDecoderTest.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.LeakReports;
import io.warden.protocol.testing.OpCodeTable;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import io.warden.protocol.testing.Wire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ClientFrameDecoder} in an EmbeddedChannel: ConnectResponse with and without readOnly,
 * replies for every opcode decoded by their pending xid, notifications, pings, auth and error
 * replies, streams cut at every byte, and the failure path (bad length, unknown xid, malformed
 * body: a CodecException down the pipeline, the channel closed, nothing decoded after).
 */
@Timeout(60)
class ClientFrameDecoderTest {
    private static final long SEED = Seeds.seed("ClientFrameDecoderTest");
    private static LeakReports leaks;

    private static final ConnectResponse CONNECTED = new ConnectResponse(0, 30000, 0x01000006bf870000L,
            Bytes.wrapOwned(Hex.parse("2b 42 a2 e1 dc ff c1 ef 81 64 4a b0 85 f9 86 00")), false, true);

    @BeforeAll
    static void paranoidLeakDetection() {
        leaks = LeakReports.install();
    }

    @AfterAll
    static void noLeaksReported() {
        try {
            leaks.assertNoLeaks();
        } finally {
            leaks.close();
        }
    }

    /** A connect response followed by replies and notifications, and the pending ops they need. */
    private record Session(List<Object> messages, Map<Integer, OpCode> pending) {
        byte[] bytes() {
            return frames(messages.toArray());
        }

        InboundHarness decoder() {
            return new InboundHarness(new ClientFrameDecoder(pending::get));
        }
    }

    private static Session session(RandomRecords random) {
        List<Object> messages = new ArrayList<>();
        Map<Integer, OpCode> pending = new HashMap<>();
        messages.add(random.connectResponse());
        int xid = 1;
        for (OpCode op : OpCodeTable.OPS) {
            int x = op == OpCode.PING ? Xids.PING : op == OpCode.AUTH ? Xids.AUTH : xid++;
            pending.put(x, op);
            messages.add(random.chance(20) ? ReplyFrame.error(x, random.anyLong(), ErrorCode.NONODE)
                    : random.replyFrame(op, x));
            if (random.chance(30)) {
                messages.add(ReplyFrame.notification(random.anyLong(), random.watcherEvent()));
            }
        }
        return new Session(messages, pending);
    }

    @Test
    void streamCutAtEveryBytePositionDecodesTheSame() {
        // every cut decodes the whole stream again: keep it to a session of at most ~1.5 KB
        RandomRecords random = new RandomRecords(SEED);
        Session s = session(random);
        for (int attempt = 0; attempt < 50 && s.bytes().length > 1500; attempt++) {
            Session other = session(random);
            s = other.bytes().length < s.bytes().length ? other : s;
        }
        byte[] stream = s.bytes();
        assertEquals(s.messages(), s.decoder().feed(stream).finish(), Seeds.describe(SEED));
        for (int cut = 0; cut <= stream.length; cut++) {
            InboundHarness h = s.decoder().feed(stream, cut);
            assertEquals(s.messages(), h.finish(), "cut at " + cut + " " + Seeds.describe(SEED));
            assertTrue(h.errors.isEmpty(), h.errors.toString());
        }
        assertEquals(s.messages(), s.decoder().feedBytewise(stream).finish(), Seeds.describe(SEED));
    }

    @Test
    void randomSessionsSurviveRandomSplits() {
        RandomRecords random = new RandomRecords(SEED ^ 1);
        for (int round = 0; round < 30; round++) {
            Session s = session(random);
            byte[] stream = s.bytes();
            int a = random.nextInt(stream.length + 1);
            int b = random.nextInt(stream.length + 1);
            String where = "round " + round + " cuts " + a + "," + b + " " + Seeds.describe(SEED);
            assertEquals(s.messages(), s.decoder().feed(stream, Math.min(a, b), Math.max(a, b)).finish(),
                    where);
        }
    }

    @Test
    void manyRepliesPipelinedInOneBuffer() {
        RandomRecords random = new RandomRecords(SEED ^ 2);
        List<Object> messages = new ArrayList<>();
        Map<Integer, OpCode> pending = new HashMap<>();
        messages.add(CONNECTED);
        for (int xid = 1; xid <= 2000; xid++) {
            OpCode op = OpCodeTable.OPS.get(xid % OpCodeTable.OPS.size());
            if (op == OpCode.PING || op == OpCode.AUTH) {
                op = OpCode.GET_DATA;
            }
            pending.put(xid, op);
            messages.add(random.replyFrame(op, xid));
        }
        InboundHarness h = new InboundHarness(new ClientFrameDecoder(pending::get))
                .feed(frames(messages.toArray()));
        assertEquals(messages, h.finish(), Seeds.describe(SEED));
        assertTrue(h.errors.isEmpty());
    }

    @Test
    void connectResponseOf36And37Bytes() {
        for (boolean hasReadOnly : new boolean[] {false, true}) {
            ConnectResponse response = new ConnectResponse(0, 4000, 0x01000003761b0001L,
                    Bytes.wrapOwned(Hex.parse("da 7b b9 25 e8 ed f0 50 72 d7 16 d9 a5 58 1d 5f")),
                    false, hasReadOnly);
            assertEquals(hasReadOnly ? 37 : 36, Wire.frame(response).length - 4);
            ReplyFrame ping = ReplyFrame.ok(Xids.PING, 5, EmptyResponse.INSTANCE);
            byte[] stream = frames(response, ping);
            List<Object> out = new InboundHarness(new ClientFrameDecoder(xid -> null))
                    .feedBytewise(stream).finish();
            assertEquals(List.of(response, ping), out);
            assertEquals(hasReadOnly, ((ConnectResponse) out.get(0)).hasReadOnly());
        }
        // The expired-session answer: timeOut 0, sessionId 0, 16 zero bytes.
        ConnectResponse invalid = ConnectResponse.invalid(true);
        assertEquals("00 00 00 25 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 10"
                + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", Hex.format(Wire.frame(invalid)));
        assertEquals(List.of(invalid),
                new InboundHarness(new ClientFrameDecoder(xid -> null)).feed(Wire.frame(invalid)).finish());
    }

    /** Asserts the failure path: one CodecException, then inactive; only {@code before} decoded. */
    private static void assertFailedAfter(InboundHarness h, List<Object> before) {
        assertTrue(h.closed(), "channel still open");
        assertEquals(before, h.finish());
        assertEquals(1, h.errors.size(), h.errors.toString());
        assertInstanceOf(CodecException.class, h.errors.get(0));
        List<Object> events = new ArrayList<>(before);
        events.add(h.errors.get(0));
        events.add(InboundHarness.INACTIVE);
        assertEquals(events, h.events, "replies before the bad frame come before the error");
    }

    @Test
    void replyForAnUnknownXidFailsTheConnection() {
        ReplyFrame known = ReplyFrame.ok(1, 2, new GetDataResponse(Bytes.EMPTY, Stat.ZERO));
        ReplyFrame unknown = ReplyFrame.ok(2, 2, new GetDataResponse(Bytes.EMPTY, Stat.ZERO));
        byte[] stream = frames(CONNECTED, known, unknown, known);
        InboundHarness h = new InboundHarness(new ClientFrameDecoder(xid -> xid == 1 ? OpCode.GET_DATA : null))
                .feed(stream);
        assertFailedAfter(h, List.of(CONNECTED, known));
    }

    @Test
    void badLengthFailsTheConnection() {
        ReplyFrame ping = ReplyFrame.ok(Xids.PING, 5, EmptyResponse.INSTANCE);
        for (int length : new int[] {-1, -2, Integer.MIN_VALUE, Limits.DEFAULT_MAX_FRAME_BYTES + 1,
                Integer.MAX_VALUE}) {
            byte[] stream = frames(CONNECTED, ping, raw(length, new byte[16]), ping);
            InboundHarness h = new InboundHarness(new ClientFrameDecoder(xid -> null)).feed(stream);
            assertFailedAfter(h, List.of(CONNECTED, ping));
        }
        // also as the very first frame
        InboundHarness first = new InboundHarness(new ClientFrameDecoder(xid -> null))
                .feed(raw(-1, new byte[40]));
        assertFailedAfter(first, List.of());
    }

    @Test
    void malformedBodyFailsTheConnection() {
        // a getData reply whose buffer claims 100 bytes in a 4-byte body
        byte[] bad = raw(20, Hex.parse("00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 64"));
        ReplyFrame notification = ReplyFrame.notification(3, new WatcherEvent(3, 3, "/a"));
        InboundHarness h = new InboundHarness(new ClientFrameDecoder(xid -> OpCode.GET_DATA))
                .feed(frames(CONNECTED, notification, bad, notification));
        assertFailedAfter(h, List.of(CONNECTED, notification));
        // a truncated ConnectResponse
        InboundHarness c = new InboundHarness(new ClientFrameDecoder(xid -> null))
                .feed(raw(10, new byte[10]));
        assertFailedAfter(c, List.of());
    }

    @Test
    void lengthExactlyAtTheLimitIsAcceptedAndOneMoreIsNot() {
        for (int limit : new int[] {88, 1000, Limits.DEFAULT_MAX_FRAME_BYTES}) {
            // reply header 16 + buffer (4 + n) + Stat 68
            int dataBytes = limit - 16 - 4 - Stat.BYTES;
            ReplyFrame atLimit = ReplyFrame.ok(1, 1,
                    new GetDataResponse(Bytes.wrapOwned(new byte[dataBytes]), Stat.ZERO));
            ReplyFrame over = ReplyFrame.ok(1, 1,
                    new GetDataResponse(Bytes.wrapOwned(new byte[dataBytes + 1]), Stat.ZERO));
            assertEquals(limit, Wire.frame(atLimit).length - 4);
            InboundHarness ok = new InboundHarness(new ClientFrameDecoder(limit, xid -> OpCode.GET_DATA))
                    .feed(frames(CONNECTED, atLimit));
            assertFalse(ok.closed(), "limit " + limit);
            assertEquals(List.of(CONNECTED, atLimit), ok.finish());
            InboundHarness no = new InboundHarness(new ClientFrameDecoder(limit, xid -> OpCode.GET_DATA))
                    .feed(frames(CONNECTED, over));
            assertFailedAfter(no, List.of(CONNECTED));
        }
    }

    @Test
    void pooledLeakDetectedBuffersAreAllReleased() {
        RandomRecords random = new RandomRecords(SEED ^ 3);
        Session s = session(random);
        byte[] stream = s.bytes();
        for (int round = 0; round < 10; round++) {
            int a = random.nextInt(stream.length + 1);
            assertEquals(s.messages(), InboundHarness.pooled(new ClientFrameDecoder(s.pending()::get))
                    .feed(stream, a).finish(), Seeds.describe(SEED));
        }
        InboundHarness failed = InboundHarness.pooled(new ClientFrameDecoder(xid -> null))
                .feed(frames(s.messages().get(0), raw(-5, new byte[30])), 3);
        assertTrue(failed.closed());
        failed.finish();
        leaks.assertNoLeaks();
    }
}
