package io.warden.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.warden.protocol.testing.TrackingAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EmbeddedChannel} around one inbound decoder, fed chunk by chunk from a byte stream
 * the way TCP reads would deliver it. A recorder at the end of the pipeline keeps decoded
 * messages, exceptions and the moment the channel went inactive in one ordered list.
 *
 * <p>By default every chunk is allocated from a {@link TrackingAllocator} that is also the
 * channel's allocator, so {@link #finish()} proves that every buffer, input or cumulation, was
 * released. {@link #pooled} instead uses netty's default pooled allocator for the channel and
 * pooled direct chunks, which netty's leak detector tracks (slow at PARANOID: keep such runs
 * short); {@link #finish()} then checks the reference count of every input chunk. Once the
 * decoder has closed the channel no more chunks are written, as no more reads would happen.
 *
 * <p>Thread-confined to the test thread (EmbeddedChannel runs everything on the caller).
 */
final class InboundHarness {
    /** Marker in {@link #events} for channelInactive. */
    static final String INACTIVE = "<inactive>";

    final TrackingAllocator alloc;
    private final boolean ownsAlloc;
    final EmbeddedChannel channel;
    private final List<ByteBuf> inputs = new ArrayList<>();
    final List<Object> messages = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    final List<Object> events = new ArrayList<>();
    /** Number of messages seen when the channel was first found closed, or -1. */
    int messagesAtClose = -1;

    InboundHarness(ChannelHandler decoder) {
        this(decoder, new TrackingAllocator(), true);
    }

    /**
     * A harness on a shared tracking allocator (for many short runs; the caller checks it). Its
     * own input chunks are still checked by {@link #finish()}.
     */
    static InboundHarness sharing(ChannelHandler decoder, TrackingAllocator alloc) {
        return new InboundHarness(decoder, alloc, false);
    }

    /** A harness on netty's default (pooled, leak-detected) allocator. */
    static InboundHarness pooled(ChannelHandler decoder) {
        return new InboundHarness(decoder, null, false);
    }

    private InboundHarness(ChannelHandler decoder, TrackingAllocator alloc, boolean ownsAlloc) {
        this.alloc = alloc;
        this.ownsAlloc = ownsAlloc;
        channel = new EmbeddedChannel();
        if (alloc != null) {
            channel.config().setAllocator(alloc);
        }
        channel.pipeline().addLast(decoder, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                messages.add(msg);
                events.add(msg);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
                events.add(cause);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                events.add(INACTIVE);
            }
        });
    }

    boolean closed() {
        return !channel.isOpen();
    }

    /** True if the decoder closed the channel while it was being fed (not {@link #finish()}). */
    boolean closedByDecoder() {
        return messagesAtClose >= 0;
    }

    /** Writes {@code bytes[from, to)} as one read; returns false if the channel was closed. */
    boolean write(byte[] bytes, int from, int to) {
        ByteBuf chunk = alloc != null ? alloc.copyOf(bytes, from, to)
                : ByteBufAllocator.DEFAULT.directBuffer(Math.max(1, to - from)).writeBytes(bytes, from,
                        to - from);
        inputs.add(chunk);
        if (closed()) {
            chunk.release();
            return false;
        }
        channel.writeInbound(chunk);
        if (closed() && messagesAtClose < 0) {
            messagesAtClose = messages.size();
        }
        return !closed();
    }

    /** Writes the whole stream, cut before each of the given increasing offsets. */
    InboundHarness feed(byte[] bytes, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            write(bytes, from, cut);
            from = cut;
        }
        write(bytes, from, bytes.length);
        return this;
    }

    /** Writes the stream one byte per read. */
    InboundHarness feedBytewise(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            write(bytes, i, i + 1);
        }
        return this;
    }

    /**
     * Closes the channel (if the decoder has not), releases what is left and asserts that every
     * buffer was released. Returns the decoded messages.
     */
    List<Object> finish() {
        channel.finishAndReleaseAll();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).refCnt() != 0) {
                throw new AssertionError("input chunk " + i + " not released: " + inputs.get(i));
            }
        }
        if (ownsAlloc) {
            alloc.assertAllReleased();
        }
        return messages;
    }
}
