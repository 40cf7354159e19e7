package io.warden.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.netty.ClientFrameDecoder;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client looks a reply's opcode up as "the head of the pending queue", so the decoder must
 * hand each reply on before it decodes the next one, even when a read brings many replies.
 */
class PipelinedRepliesTest {
    @Test
    void manyRepliesInOneReadDecodeAgainstTheQueueAsItShrinks() {
        ArrayDeque<int[]> pending = new ArrayDeque<>(); // {xid, opcode}
        pending.add(new int[] {1, OpCode.GET_DATA.code()});
        pending.add(new int[] {2, OpCode.DELETE.code()});
        pending.add(new int[] {3, OpCode.EXISTS.code()});
        List<Object> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(
                new ClientFrameDecoder(xid -> pending.peek() != null && pending.peek()[0] == xid
                        ? OpCode.fromCode(pending.peek()[1]) : null),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof ReplyFrame f && f.xid() > 0) {
                            pending.poll();
                        }
                        seen.add(msg);
                    }
                });
        ByteBuf all = Unpooled.buffer();
        FrameEncoder.encodeFrame(new ConnectResponse(0, 4000, 5, Bytes.wrapOwned(new byte[16]), false, true), all);
        FrameEncoder.encodeFrame(ReplyFrame.ok(1, 9, new GetDataResponse(Bytes.utf8("x"), Stat.ZERO)), all);
        FrameEncoder.encodeFrame(ReplyFrame.ok(2, 10, EmptyResponse.INSTANCE), all);
        FrameEncoder.encodeFrame(ReplyFrame.ok(3, 10, new ExistsResponse(Stat.ZERO)), all);
        ch.writeInbound(all);
        assertEquals(4, seen.size(), seen.toString());
        assertInstanceOf(ConnectResponse.class, seen.get(0));
        assertInstanceOf(GetDataResponse.class, ((ReplyFrame) seen.get(1)).response());
        assertInstanceOf(ExistsResponse.class, ((ReplyFrame) seen.get(3)).response());
        assertTrue(pending.isEmpty());
        assertTrue(ch.isOpen());
        ch.finishAndReleaseAll();
    }
}
