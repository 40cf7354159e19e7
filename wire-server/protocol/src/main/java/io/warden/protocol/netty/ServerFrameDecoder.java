package io.warden.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.RequestHeader;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Server-side inbound decoder. On a fresh connection it sniffs the first 4 bytes: a
 * four-letter word becomes a {@link FourLetterWord}; otherwise they are the length of the
 * {@link ConnectRequest} frame (with or without the readOnly byte). Every later frame becomes a
 * {@link RequestFrame}, or an {@link UndecodableRequest} when its opcode is unknown or its body
 * malformed. A length below 0 or over the limit, or an undecodable ConnectRequest, closes the
 * connection with no reply (as ZooKeeper's "Len error"); nothing more is read from it.
 *
 * <p>{@code stmk} is followed by an 8-byte trace mask, which the decoder waits for only when the
 * word is enabled: like ZooKeeper, a server refuses a word outside its whitelist as soon as it has
 * read the four letters (FourLetterWordsTest#stmkWithoutItsMaskIsRefusedAtOnceWhenNotWhitelisted),
 * so a disabled bare {@code stmk} becomes a {@link FourLetterWord} with mask 0 at once.
 *
 * <p>Thread-confined to the channel's event loop (one instance per channel).
 */
public final class ServerFrameDecoder extends ByteToMessageDecoder {
    private enum State { FIRST, REQUESTS, FAILED }

    private final int maxFrameBytes;
    private final Predicate<String> fourLetterWordEnabled;
    private State state = State.FIRST;

    /** Default frame limit, every four-letter word enabled. */
    public ServerFrameDecoder() {
        this(Limits.DEFAULT_MAX_FRAME_BYTES);
    }

    /** Every four-letter word enabled. */
    public ServerFrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, command -> true);
    }

    /**
     * @param fourLetterWordEnabled whether a four-letter word is whitelisted (thread-safe: called
     *     on the event loop)
     */
    public ServerFrameDecoder(int maxFrameBytes, Predicate<String> fourLetterWordEnabled) {
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes too small: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.fourLetterWordEnabled = Objects.requireNonNull(fourLetterWordEnabled, "fourLetterWordEnabled");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (state) {
                case FIRST -> decodeFirst(in, out);
                case REQUESTS -> decodeRequest(in, out);
                case FAILED -> in.skipBytes(in.readableBytes());
            }
        } catch (CodecException e) {
            fail(ctx, in);
        }
    }

    private void decodeFirst(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        String command = FourLetterWord.commandOf(in.getInt(in.readerIndex()));
        if (command != null) {
            long argument = 0;
            if (command.equals("stmk") && fourLetterWordEnabled.test(command)) {
                if (in.readableBytes() < 12) {
                    return;
                }
                argument = in.getLong(in.readerIndex() + 4);
            }
            in.skipBytes(in.readableBytes());
            state = State.FAILED; // nothing after a four-letter word is read
            out.add(new FourLetterWord(command, argument));
            return;
        }
        ByteBuf frame = Framing.next(in, maxFrameBytes);
        if (frame == null) {
            return;
        }
        try {
            out.add(ConnectRequest.read(new WireReader(frame)));
        } finally {
            frame.release();
        }
        state = State.REQUESTS;
    }

    private void decodeRequest(ByteBuf in, List<Object> out) {
        ByteBuf frame = Framing.next(in, maxFrameBytes);
        while (frame != null) {
            try {
                out.add(decodePayload(frame));
            } finally {
                frame.release();
            }
            frame = Framing.next(in, maxFrameBytes);
        }
    }

    private static Object decodePayload(ByteBuf frame) {
        WireReader reader = new WireReader(frame);
        RequestHeader header = RequestHeader.read(reader);
        OpCode op = OpCode.fromCode(header.type());
        // notification (0), error (-1) and createSession (-10) are ZooKeeper opcodes but never
        // client requests: ZooKeeper answers them like unknown ones (UNIMPLEMENTED, then close).
        if (op == null || op == OpCode.NOTIFICATION || op == OpCode.ERROR
                || op == OpCode.CREATE_SESSION) {
            return new UndecodableRequest(header, true, "unknown opcode " + header.type());
        }
        try {
            return new RequestFrame(header, RequestCodec.readBody(op, reader));
        } catch (CodecException e) {
            return new UndecodableRequest(header, false, e.getMessage());
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        ctx.close();
    }
}
