package io.warden.protocol.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.OpCodeTable;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import io.warden.protocol.testing.TrackingAllocator;
import io.warden.protocol.testing.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link FrameEncoder}: every message type becomes one length-prefixed frame whose prefix is the
 * payload length, the decoders of the other side read back exactly what was written, ByteBufs and
 * other objects pass through untouched, and one instance serves many channels.
 */
@Timeout(60)
class FrameEncoderTest {
    private static final long SEED = Seeds.seed("FrameEncoderTest");

    /** Writes {@code messages} through a FrameEncoder channel; returns the outbound bytes. */
    private static byte[] encode(TrackingAllocator alloc, List<Object> messages) {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        channel.config().setAllocator(alloc);
        List<byte[]> chunks = new ArrayList<>();
        for (Object m : messages) {
            channel.writeOutbound(m);
            ByteBuf out = channel.readOutbound();
            byte[] bytes = ByteBufUtil.getBytes(out);
            assertEquals(bytes.length - 4, out.getInt(0), "length prefix of " + m);
            assertEquals(Hex.format(Wire.frame(m)), Hex.format(bytes), m.toString());
            assertEquals(1, out.refCnt());
            out.release();
            assertEquals(0, out.refCnt());
            chunks.add(bytes);
        }
        assertNull(channel.readOutbound());
        channel.finishAndReleaseAll();
        return Wire.concat(chunks.toArray(new byte[0][]));
    }

    @Test
    void clientToServerFramesDecodeToWhatWasWritten() {
        RandomRecords random = new RandomRecords(SEED);
        TrackingAllocator alloc = new TrackingAllocator();
        for (int round = 0; round < 20; round++) {
            List<Object> messages = new ArrayList<>();
            messages.add(random.connectRequest());
            for (OpCode op : OpCodeTable.OPS) {
                messages.add(random.requestFrame(op));
            }
            byte[] stream = encode(alloc, messages);
            assertEquals(messages, new InboundHarness(new ServerFrameDecoder()).feed(stream).finish(),
                    "round " + round + " " + Seeds.describe(SEED));
        }
        assertTrue(alloc.allocatedCount() > 0, "the encoder did not use the channel's allocator");
        alloc.assertAllReleased();
    }

    @Test
    void serverToClientFramesDecodeToWhatWasWritten() {
        RandomRecords random = new RandomRecords(SEED ^ 1);
        TrackingAllocator alloc = new TrackingAllocator();
        for (int round = 0; round < 20; round++) {
            List<Object> messages = new ArrayList<>();
            Map<Integer, OpCode> pending = new HashMap<>();
            messages.add(random.connectResponse());
            int xid = 100;
            for (OpCode op : OpCodeTable.OPS) {
                int x = op == OpCode.PING ? Xids.PING : op == OpCode.AUTH ? Xids.AUTH : xid++;
                pending.put(x, op);
                messages.add(random.replyFrame(op, x));
            }
            messages.add(ReplyFrame.notification(random.anyLong(), random.watcherEvent()));
            byte[] stream = encode(alloc, messages);
            assertEquals(messages, new InboundHarness(new ClientFrameDecoder(pending::get)).feed(stream)
                    .finish(), "round " + round + " " + Seeds.describe(SEED));
        }
        alloc.assertAllReleased();
    }

    @Test
    void byteBufsPassThroughUntouched() {
        EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.INSTANCE);
        TrackingAllocator alloc = new TrackingAllocator();
        ByteBuf text = alloc.copyOf("imok".getBytes(StandardCharsets.US_ASCII));
        channel.writeOutbound(text);
        ByteBuf out = channel.readOutbound();
        assertSame(text, out);
        assertEquals(1, out.refCnt());
        assertEquals("imok", out.toString(StandardCharsets.US_ASCII));
        out.release();
        String other = "not a frame";
        channel.writeOutbound(other);
        assertSame(other, channel.readOutbound());
        channel.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void oneInstanceServesManyChannels() {
        EmbeddedChannel a = new EmbeddedChannel(FrameEncoder.INSTANCE);
        EmbeddedChannel b = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ReplyFrame ping = ReplyFrame.ok(Xids.PING, 2, io.warden.protocol.response.EmptyResponse.INSTANCE);
        a.writeOutbound(ping);
        b.writeOutbound(ping);
        for (EmbeddedChannel c : List.of(a, b)) {
            ByteBuf out = c.readOutbound();
            assertEquals("00 00 00 10 ff ff ff fe 00 00 00 00 00 00 00 02 00 00 00 00",
                    Hex.format(ByteBufUtil.getBytes(out)));
            out.release();
            c.finishAndReleaseAll();
        }
    }
}
