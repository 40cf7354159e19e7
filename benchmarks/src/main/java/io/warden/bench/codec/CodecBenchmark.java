package io.warden.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.bench.codec.CodecFixtures.Message;
import io.warden.protocol.OpCode;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.netty.FrameEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of one whole frame (length, header, body), ours against jute, for the
 * messages of {@link CodecFixtures} ({@code message} parameter).
 *
 * <ul>
 *   <li>{@code encodeOurs}: {@link FrameEncoder#encodeFrame} into a reused heap {@link ByteBuf}
 *       (cleared each time), as our netty encoder writes into a (pooled) buffer.
 *   <li>{@code encodeJuteReused}: jute into a reused heap {@link ByteBuffer} (jute's best case).
 *   <li>{@code encodeJuteZk}: jute exactly as ZooKeeper's client (requests) or server (replies)
 *       does it, with the per-message streams and copies that implies.
 *   <li>{@code decodeOurs}: {@link RequestCodec#readFrame} / {@link ResponseCodec#readFrame} from a
 *       heap {@link ByteBuf} holding the payload.
 *   <li>{@code decodeJuteZk}: jute as ZooKeeper's server (requests) or client (replies) decodes a
 *       payload held in a heap {@link ByteBuffer}.
 * </ul>
 *
 * Framing (cutting the length prefix off the stream) is not measured on either side.
 *
 * <p>Thread-confined: JMH gives each worker thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class CodecBenchmark {
    @Param({"getDataRequest", "getDataResponse", "setDataRequest", "setDataResponse",
        "createRequest", "createResponse", "getChildren2Request", "getChildren2Response"})
    public String message;

    private Message msg;
    private Object oursFrame;
    private ByteBuf oursOut;
    private JuteCodec.Reused juteOut;
    private ByteBuf oursPayload;
    private ByteBuffer jutePayload;
    private IntFunction<OpCode> pendingOps;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        CodecFixtures fixtures = new CodecFixtures();
        msg = fixtures.all().stream().filter(m -> m.name().equals(message)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message " + message));
        oursFrame = msg.ours();
        oursOut = Unpooled.buffer(16 * 1024);
        juteOut = new JuteCodec.Reused(16 * 1024);
        byte[] payload = CodecCheck.payload(msg);
        oursPayload = Unpooled.wrappedBuffer(payload.clone());
        jutePayload = ByteBuffer.wrap(payload.clone());
        OpCode op = msg.op();
        pendingOps = xid -> op;
        CodecCheck.verify(msg);
    }

    @Benchmark
    public ByteBuf encodeOurs() {
        ByteBuf out = oursOut;
        out.clear();
        FrameEncoder.encodeFrame(oursFrame, out);
        return out;
    }

    @Benchmark
    public ByteBuffer encodeJuteReused() throws IOException {
        return JuteCodec.encodeReused(juteOut, msg.juteHeader(), msg.juteBody());
    }

    @Benchmark
    public Object encodeJuteZk() throws IOException {
        if (msg.isRequest()) {
            return JuteCodec.encodeRequestAsClient(msg.juteHeader(), msg.juteBody());
        }
        return JuteCodec.encodeReplyAsServer(msg.juteHeader(), msg.juteBody());
    }

    @Benchmark
    public Object decodeOurs() {
        ByteBuf in = oursPayload;
        in.readerIndex(0);
        if (msg.isRequest()) {
            return RequestCodec.readFrame(in);
        }
        return ResponseCodec.readFrame(in, pendingOps);
    }

    @Benchmark
    public Object decodeJuteZk() throws IOException {
        ByteBuffer in = jutePayload;
        in.rewind();
        if (msg.isRequest()) {
            return JuteCodec.decodeRequestAsServer(in);
        }
        return JuteCodec.decodeReplyAsClient(in, msg.op());
    }
}
