package io.warden.protocol.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.RequestHeader;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.LeakReports;
import io.warden.protocol.testing.OpCodeTable;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import io.warden.protocol.testing.Wire;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ServerFrameDecoder} in an EmbeddedChannel: streams cut at every byte, pipelining,
 * four-letter words, both ConnectRequest sizes, bad lengths and the frame limit, unknown opcodes
 * and malformed bodies. Every test checks that all buffers were released; netty's leak detector
 * runs at PARANOID for the class.
 */
@Timeout(60)
class ServerFrameDecoderTest {
    private static final long SEED = Seeds.seed("ServerFrameDecoderTest");
    private static LeakReports leaks;

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

    private static final ConnectRequest CONNECT =
            new ConnectRequest(0, 10000, 0, Bytes.wrapOwned(new byte[16]), false);

    static byte[] frames(Object... messages) {
        byte[][] parts = new byte[messages.length][];
        for (int i = 0; i < messages.length; i++) {
            parts[i] = messages[i] instanceof byte[] raw ? raw : Wire.frame(messages[i]);
        }
        return Wire.concat(parts);
    }

    /** A frame with the given length prefix and payload (the two need not agree). */
    static byte[] raw(int length, byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(length).put(payload).array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static InboundHarness server() {
        return new InboundHarness(new ServerFrameDecoder());
    }

    /** A connect request followed by one random request frame of every opcode. */
    private static List<Object> session(RandomRecords random) {
        List<Object> messages = new ArrayList<>();
        messages.add(random.connectRequest());
        for (OpCode op : OpCodeTable.OPS) {
            messages.add(random.requestFrame(op));
        }
        return messages;
    }

    @Test
    void streamCutAtEveryBytePositionDecodesTheSame() {
        RandomRecords random = new RandomRecords(SEED);
        List<Object> expected = List.of(CONNECT,
                new RequestFrame(1, OpCode.GET_DATA, new GetDataRequest("/demo", true)),
                random.requestFrame(OpCode.CREATE), random.requestFrame(OpCode.MULTI),
                new RequestFrame(-2, OpCode.PING, EmptyRequest.INSTANCE));
        byte[] stream = frames(expected.toArray());
        assertEquals(expected, server().feed(stream).finish(), Seeds.describe(SEED));
        for (int cut = 0; cut <= stream.length; cut++) {
            InboundHarness h = server().feed(stream, cut);
            assertEquals(expected, h.finish(), "cut at " + cut + " " + Seeds.describe(SEED));
            assertTrue(h.errors.isEmpty(), h.errors.toString());
        }
        assertEquals(expected, server().feedBytewise(stream).finish(), Seeds.describe(SEED));
    }

    @Test
    void everyOpcodeSurvivesBytewiseAndRandomSplits() {
        RandomRecords random = new RandomRecords(SEED ^ 1);
        for (int round = 0; round < 20; round++) {
            List<Object> expected = session(random);
            byte[] stream = frames(expected.toArray());
            String where = "round " + round + " " + Seeds.describe(SEED);
            assertEquals(expected, server().feedBytewise(stream).finish(), where);
            int a = random.nextInt(stream.length + 1);
            int b = random.nextInt(stream.length + 1);
            assertEquals(expected, server().feed(stream, Math.min(a, b), Math.max(a, b)).finish(),
                    where + " cuts " + a + "," + b);
        }
    }

    @Test
    void manyFramesPipelinedInOneBuffer() {
        RandomRecords random = new RandomRecords(SEED ^ 2);
        List<Object> expected = new ArrayList<>();
        expected.add(random.connectRequest());
        for (int i = 0; i < 2000; i++) {
            expected.add(random.requestFrame(OpCodeTable.OPS.get(i % OpCodeTable.OPS.size())));
        }
        InboundHarness h = server().feed(frames(expected.toArray()));
        assertEquals(expected, h.finish(), Seeds.describe(SEED));
        assertFalse(h.messagesAtClose >= 0, "closed the channel");
    }

    @Test
    void fourLetterWordOnAFreshConnection() {
        for (String command : FourLetterWord.COMMANDS) {
            if (command.equals("stmk")) {
                continue;
            }
            byte[] bytes = Wire.concat(ascii(command), ascii("\r\n"), frames(CONNECT));
            InboundHarness h = server().feed(bytes);
            assertTrue(h.channel.isOpen(), "the server closes after its answer, not the decoder");
            assertEquals(List.of(new FourLetterWord(command, 0)), h.finish(), command);
            assertEquals(List.of(new FourLetterWord(command, 0)), server().feedBytewise(bytes).finish());
        }
    }

    @Test
    void stmkWaitsForItsEightByteArgument() {
        byte[] bytes = Wire.concat(ascii("stmk"), Hex.parse("00 00 00 00 00 00 01 f2"), ascii("junk"));
        InboundHarness h = server();
        h.write(bytes, 0, 4);
        h.write(bytes, 4, 11);
        assertTrue(h.messages.isEmpty(), "emitted before the 8-byte mask arrived: " + h.messages);
        h.write(bytes, 11, bytes.length);
        assertEquals(List.of(new FourLetterWord("stmk", 0x1f2)), h.finish());
        assertEquals(List.of(new FourLetterWord("stmk", 0x1f2)), server().feedBytewise(bytes).finish());
    }

    @Test
    void stmkOutsideTheWhitelistIsEmittedWithoutWaitingForItsMask() {
        InboundHarness h = new InboundHarness(new ServerFrameDecoder(Limits.DEFAULT_MAX_FRAME_BYTES,
                command -> !command.equals("stmk")));
        h.write(ascii("stmk"), 0, 4);
        assertEquals(List.of(new FourLetterWord("stmk", 0)), h.messages, "a bare stmk must be answered at once");
        // Whatever follows (a mask after all) is not read: the word ends the conversation.
        h.write(Hex.parse("00 00 00 00 00 00 01 f2"), 0, 8);
        assertEquals(List.of(new FourLetterWord("stmk", 0)), h.finish());
        // The predicate decides for stmk only: other words never wait for anything.
        InboundHarness ruok = new InboundHarness(new ServerFrameDecoder(Limits.DEFAULT_MAX_FRAME_BYTES, c -> false));
        ruok.write(ascii("ruok"), 0, 4);
        assertEquals(List.of(new FourLetterWord("ruok", 0)), ruok.finish());
    }

    @Test
    void telnetCloseIsRecognised() {
        byte[] bytes = Hex.parse("ff f4 ff fd");
        assertEquals(List.of(new FourLetterWord("telnetclose", 0)), server().feed(bytes).finish());
    }

    @Test
    void unknownFourBytesAreALengthAndCloseTheConnection() {
        // "abcd" = 0x61626364, far above the limit (PROTOCOL.md section 19).
        InboundHarness h = server().feed(ascii("abcd"));
        assertTrue(h.closed());
        assertEquals(List.of(), h.finish());
    }

    @Test
    void fourLetterWordAfterTheHandshakeIsAnOversizeLength() {
        InboundHarness h = server().feed(frames(CONNECT, ascii("ruok")));
        assertTrue(h.closed());
        assertEquals(List.of(CONNECT), h.finish());
    }

    @Test
    void connectRequestOf44And45Bytes() {
        for (boolean hasReadOnly : new boolean[] {false, true}) {
            for (boolean readOnly : hasReadOnly ? new boolean[] {false, true} : new boolean[] {false}) {
                ConnectRequest connect = new ConnectRequest(0, 0x9d, 30000, 0x01000006bf870000L,
                        Bytes.wrapOwned(Hex.parse("2b 42 a2 e1 dc ff c1 ef 81 64 4a b0 85 f9 86 00")),
                        readOnly, hasReadOnly);
                byte[] frame = Wire.frame(connect);
                assertEquals(hasReadOnly ? 45 : 44, frame.length - 4);
                RequestFrame next = new RequestFrame(1, OpCode.GET_DATA, new GetDataRequest("/a", false));
                byte[] stream = frames(connect, next);
                List<Object> expected = List.of(connect, next);
                assertEquals(expected, server().feed(stream).finish());
                assertEquals(expected, server().feedBytewise(stream).finish());
                ConnectRequest decoded = (ConnectRequest) server().feed(stream).finish().get(0);
                assertEquals(hasReadOnly, decoded.hasReadOnly());
                assertEquals(readOnly, decoded.readOnly());
            }
        }
    }

    @Test
    void truncatedConnectRequestClosesWithoutOutput() {
        byte[] connect = Wire.frame(CONNECT);
        byte[] payload = new byte[connect.length - 4 - 6]; // passwd cut short
        System.arraycopy(connect, 4, payload, 0, payload.length);
        InboundHarness h = server().feed(raw(payload.length, payload));
        assertTrue(h.closed());
        assertEquals(List.of(), h.finish());
    }

    @Test
    void negativeLengthClosesAndNothingIsEmittedAfter() {
        for (int length : new int[] {-1, -2, Integer.MIN_VALUE}) {
            InboundHarness first = server().feed(raw(length, new byte[8]));
            assertTrue(first.closed(), "first frame length " + length);
            assertEquals(List.of(), first.finish());

            RequestFrame ok = new RequestFrame(1, OpCode.SYNC, new io.warden.protocol.request.SyncRequest("/"));
            byte[] stream = frames(CONNECT, ok, raw(length, new byte[8]), ok);
            InboundHarness later = server().feed(stream);
            assertTrue(later.closed(), "later frame length " + length);
            assertEquals(List.of(CONNECT, ok), later.finish());
            assertEquals(2, later.messagesAtClose);
        }
    }

    @Test
    void oversizeLengthClosesAsSoonAsTheLengthArrives() {
        InboundHarness h = server();
        h.write(frames(CONNECT), 0, frames(CONNECT).length);
        h.write(Hex.parse("00 10 00 00"), 0, 4); // 1048576 = limit + 1, no payload yet
        assertTrue(h.closed());
        assertEquals(List.of(CONNECT), h.finish());
    }

    /** A setData frame whose payload is exactly {@code payloadBytes} long. */
    private static RequestFrame setDataOfPayload(int payloadBytes) {
        // header 8 + path (4 + 2) + data (4 + n) + version 4
        int dataBytes = payloadBytes - 8 - 6 - 4 - 4;
        return new RequestFrame(3, OpCode.SET_DATA,
                new SetDataRequest("/a", Bytes.wrapOwned(new byte[dataBytes]), -1));
    }

    @Test
    void lengthExactlyAtTheDefaultLimitIsAccepted() {
        RequestFrame atLimit = setDataOfPayload(Limits.DEFAULT_MAX_FRAME_BYTES);
        byte[] frame = Wire.frame(atLimit);
        assertEquals(Limits.DEFAULT_MAX_FRAME_BYTES, frame.length - 4);
        InboundHarness h = server().feed(frames(CONNECT, frame));
        assertFalse(h.closed());
        assertEquals(List.of(CONNECT, atLimit), h.finish());

        byte[] over = Wire.frame(setDataOfPayload(Limits.DEFAULT_MAX_FRAME_BYTES + 1));
        InboundHarness o = server().feed(frames(CONNECT, over));
        assertTrue(o.closed());
        assertEquals(List.of(CONNECT), o.finish());
    }

    @Test
    void configurableLimit() {
        for (int limit : new int[] {64, 100, 4096}) {
            RequestFrame atLimit = setDataOfPayload(limit);
            InboundHarness h = new InboundHarness(new ServerFrameDecoder(limit)).feed(frames(CONNECT, atLimit));
            assertFalse(h.closed(), "limit " + limit);
            assertEquals(List.of(CONNECT, atLimit), h.finish());

            InboundHarness o = new InboundHarness(new ServerFrameDecoder(limit))
                    .feed(frames(CONNECT, setDataOfPayload(limit + 1), atLimit));
            assertTrue(o.closed(), "limit " + limit);
            assertEquals(List.of(CONNECT), o.finish());
        }
        // the ConnectRequest itself is subject to the limit (45 bytes always fit in 64)
        assertThrows(IllegalArgumentException.class, () -> new ServerFrameDecoder(63));
    }

    @Test
    void unknownOpcodeIsUndecodableWithUnknownOpcodeTrue() {
        RequestFrame next = new RequestFrame(9, OpCode.EXISTS,
                new io.warden.protocol.request.ExistsRequest("/b", true));
        // 0, -1 and -10 are opcodes of ZooKeeper but never client requests: answered like
        // unknown ones (UNIMPLEMENTED and close, PROTOCOL.md section 6).
        for (int type : new int[] {10, 23, 99, 108, 1000, -2, -5, Integer.MIN_VALUE, Integer.MAX_VALUE,
                0, -1, -10}) {
            byte[] unknown = raw(12, ByteBuffer.allocate(12).putInt(7).putInt(type).putInt(42).array());
            InboundHarness h = server().feed(frames(CONNECT, unknown, next));
            assertFalse(h.closed(), "type " + type);
            List<Object> out = h.finish();
            assertEquals(3, out.size(), out.toString());
            UndecodableRequest u = assertInstanceOf(UndecodableRequest.class, out.get(1));
            assertEquals(new RequestHeader(7, type), u.header());
            assertTrue(u.unknownOpcode(), "type " + type + ": " + u);
            assertEquals(next, out.get(2));
        }
    }

    @Test
    void truncatedBodyIsUndecodableAndTheNextFrameStillDecodes() {
        RandomRecords random = new RandomRecords(SEED ^ 3);
        for (OpCode op : OpCodeTable.OPS) {
            RequestFrame frame = random.requestFrame(op);
            byte[] full = Wire.frame(frame);
            int bodyBytes = full.length - 4 - 8;
            if (bodyBytes == 0) {
                continue;
            }
            for (int keep = 0; keep < bodyBytes; keep++) {
                byte[] payload = new byte[8 + keep];
                System.arraycopy(full, 4, payload, 0, payload.length);
                RequestFrame next = new RequestFrame(2, OpCode.PING, EmptyRequest.INSTANCE);
                InboundHarness h = server().feed(frames(CONNECT, raw(payload.length, payload), next));
                String where = op + " keeping " + keep + " of " + bodyBytes + " body bytes, "
                        + Seeds.describe(SEED);
                List<Object> out = h.finish();
                assertEquals(3, out.size(), where + ": " + out);
                UndecodableRequest u = assertInstanceOf(UndecodableRequest.class, out.get(1), where);
                assertEquals(frame.header(), u.header(), where);
                assertFalse(u.unknownOpcode(), where);
                assertEquals(next, out.get(2), where);
            }
        }
    }

    @Test
    void bodyLengthPastTheFrameIsUndecodable() {
        // getData whose path claims 1000 bytes in a 9-byte body
        byte[] payload = Hex.parse("00 00 00 05 00 00 00 04 00 00 03 e8 2f 61 01");
        InboundHarness h = server().feed(frames(CONNECT, raw(payload.length, payload)));
        List<Object> out = h.finish();
        UndecodableRequest u = assertInstanceOf(UndecodableRequest.class, out.get(1));
        assertEquals(new RequestHeader(5, 4), u.header());
        assertFalse(u.unknownOpcode());
    }

    @Test
    void frameShorterThanARequestHeaderCloses() {
        for (int size = 0; size < 8; size++) {
            InboundHarness h = server().feed(frames(CONNECT, raw(size, new byte[size])));
            assertTrue(h.closed(), "size " + size);
            assertEquals(List.of(CONNECT), h.finish());
        }
    }

    @Test
    void pooledLeakDetectedBuffersAreAllReleased() {
        RandomRecords random = new RandomRecords(SEED ^ 4);
        List<Object> expected = session(random);
        byte[] stream = frames(expected.toArray());
        assertEquals(expected, InboundHarness.pooled(new ServerFrameDecoder()).feed(stream).finish());
        for (int round = 0; round < 10; round++) {
            int a = random.nextInt(stream.length + 1);
            int b = random.nextInt(stream.length + 1);
            assertEquals(expected, InboundHarness.pooled(new ServerFrameDecoder())
                    .feed(stream, Math.min(a, b), Math.max(a, b)).finish(), Seeds.describe(SEED));
        }
        byte[] bad = frames(expected.get(0), expected.get(1), raw(-1, new byte[8]), expected.get(2));
        InboundHarness closed = InboundHarness.pooled(new ServerFrameDecoder()).feed(bad, 7, 20);
        assertTrue(closed.closed());
        closed.finish();
        InboundHarness fourLetters = InboundHarness.pooled(new ServerFrameDecoder())
                .feed(Wire.concat(ascii("stmk"), new byte[8], stream), 3);
        assertEquals(List.of(new FourLetterWord("stmk", 0)), fourLetters.finish());
        leaks.assertNoLeaks();
    }

    @Test
    void trailingBytesAfterABodyAreIgnoredAsJuteDoes() {
        byte[] payload = Hex.parse("00 00 00 05 00 00 00 04 00 00 00 02 2f 61 01 de ad be ef");
        List<Object> out = server().feed(frames(CONNECT, raw(payload.length, payload))).finish();
        assertEquals(new RequestFrame(5, OpCode.GET_DATA, new GetDataRequest("/a", true)), out.get(1));
    }
}
