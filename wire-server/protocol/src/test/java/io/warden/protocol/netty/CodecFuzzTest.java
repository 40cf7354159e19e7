package io.warden.protocol.netty;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.RequestCodec;
import io.warden.protocol.codec.ResponseCodec;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.testing.DecodedSizes;
import io.warden.protocol.testing.FrameMutator;
import io.warden.protocol.testing.Hex;
import io.warden.protocol.testing.OpCodeTable;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import io.warden.protocol.testing.TrackingAllocator;
import io.warden.protocol.testing.Wire;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the decoding side with random and mutated frames (see {@link FrameMutator}). Each case
 * takes a valid request or reply of a random opcode (or, 5% of the time, random bytes), mutates
 * it, and feeds it
 * <ul>
 *   <li>directly to {@link RequestCodec} / {@link ResponseCodec}: {@code readFrame}, and
 *       {@code readBody} with its own opcode and with a random one (so every opcode's reader sees
 *       every kind of body), and to {@code ConnectRequest.read} / {@code ConnectResponse.read};</li>
 *   <li>to a {@link ServerFrameDecoder} or {@link ClientFrameDecoder} in an EmbeddedChannel,
 *       after a handshake frame (mutated 10% of the time) and before a valid frame, with a
 *       length prefix that is usually right and sometimes off or extreme, cut at a random
 *       point.</li>
 * </ul>
 * Acceptable outcomes: a decoded value, a {@link CodecException}, an {@link UndecodableRequest},
 * or a closed channel with nothing decoded after the close or the error. Never another exception
 * type, never a value holding more than its input ({@link DecodedSizes}), never an unreleased
 * buffer. A watchdog fails the test, naming the case, if a case makes no progress for 10 s.
 *
 * <p>{@value #DEFAULT_CASES} cases by default, {@value #SOAK_CASES} with
 * {@code -Dwarden.soak=true}. Case {@code i} runs from its own seed, derived from the run's seed
 * (printed, {@code -Dwarden.seed}) and {@code i}, and every failure message names both.
 */
class CodecFuzzTest {
    static final int DEFAULT_CASES = 100_000;
    static final int SOAK_CASES = 3_000_000;
    private static final int STALL_POLLS = 100; // of 100 ms each
    private static final int CASES_PER_ALLOCATOR = 1000;
    private static final OpCode[] ALL_OPS = OpCode.values();
    private static final OpCode[] CLIENT_OPS = OpCodeTable.OPS.toArray(new OpCode[0]);

    /** Counters of what the cases produced, to show the fuzzer reaches both success and failure. */
    private static final class Stats {
        long directDecoded;
        long directErrors;
        long decoderClean;
        long decoderUndecodable;
        long decoderClosed;

        @Override
        public String toString() {
            return "direct: " + directDecoded + " decoded, " + directErrors + " CodecExceptions; decoders: "
                    + decoderClean + " clean, " + decoderUndecodable + " with UndecodableRequest, "
                    + decoderClosed + " closed";
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void randomAndMutatedFramesOnlyEverGiveCleanErrors() throws Exception {
        run(Seeds.seed("CodecFuzzTest"), DEFAULT_CASES);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    void soak() throws Exception {
        assumeTrue(Seeds.soak(), "soak runs only with -Dwarden.soak=true");
        run(Seeds.seed("CodecFuzzTest.soak"), SOAK_CASES);
    }

    /** Runs the cases on a worker thread; the test thread watches that they keep moving. */
    private static void run(long seed, int cases) throws Exception {
        AtomicLong progress = new AtomicLong();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "codec-fuzz");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Stats> done = worker.submit(() -> runCases(seed, cases, progress));
            long last = -1;
            int stalled = 0;
            while (true) {
                try {
                    Stats stats = done.get(100, TimeUnit.MILLISECONDS);
                    System.out.println("CodecFuzzTest: " + cases + " cases; " + stats);
                    String where = Seeds.describe(seed) + ": " + stats;
                    assertTrue(stats.directDecoded > cases / 10, "too few decoded, mutations too harsh? " + where);
                    assertTrue(stats.directErrors > cases / 10, "too few errors, mutations too mild? " + where);
                    assertTrue(stats.decoderClean > cases / 10, where);
                    assertTrue(stats.decoderUndecodable > cases / 20, where);
                    assertTrue(stats.decoderClosed > cases / 20, where);
                    return;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError a) {
                        throw a;
                    }
                    throw e;
                } catch (TimeoutException e) {
                    long now = progress.get();
                    stalled = now == last ? stalled + 1 : 0;
                    last = now;
                    if (stalled >= STALL_POLLS) {
                        done.cancel(true);
                        throw new AssertionError("no progress for 10 s in " + describeCase(seed, (int) now));
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
    }

    private static Stats runCases(long seed, int cases, AtomicLong progress) {
        Stats stats = new Stats();
        TrackingAllocator alloc = new TrackingAllocator();
        for (int i = 0; i < cases; i++) {
            int index = i;
            Supplier<String> name = () -> describeCase(seed, index);
            RandomRecords random = new RandomRecords(caseSeed(seed, i));
            if (random.bool()) {
                requestCase(random, alloc, stats, name);
            } else {
                replyCase(random, alloc, stats, name);
            }
            if ((i + 1) % CASES_PER_ALLOCATOR == 0 || i + 1 == cases) {
                try {
                    alloc.assertAllReleased();
                } catch (AssertionError e) {
                    throw new AssertionError("in cases " + (i + 1 - CASES_PER_ALLOCATOR) + " to " + i
                            + " of run " + Seeds.describe(seed) + ": " + e.getMessage(), e);
                }
                alloc = new TrackingAllocator();
            }
            progress.incrementAndGet();
        }
        return stats;
    }

    private static long caseSeed(long runSeed, int index) {
        return runSeed * 0x9E3779B97F4A7C15L + index;
    }

    private static String describeCase(long runSeed, int index) {
        return "case " + index + " (case seed " + caseSeed(runSeed, index) + ") of run "
                + Seeds.describe(runSeed);
    }

    private static FrameMutator.Result hostile(RandomRecords random, byte[] valid) {
        FrameMutator mutator = new FrameMutator(random);
        return random.chance(5) ? new FrameMutator.Result(mutator.randomBytes(), List.of("random bytes"))
                : mutator.mutate(valid);
    }

    private static void requestCase(RandomRecords random, TrackingAllocator alloc, Stats stats,
            Supplier<String> name) {
        OpCode op = random.pick(CLIENT_OPS);
        FrameMutator.Result m = hostile(random, payloadOf(random.requestFrame(op)));
        byte[] bytes = m.bytes();
        Supplier<String> where = () -> name.get() + ": request " + op + " mutated by " + m.steps()
                + " to " + dump(bytes);

        direct(stats, where, bytes, () -> RequestCodec.readFrame(Unpooled.wrappedBuffer(bytes)));
        if (bytes.length >= 8) {
            byte[] body = Arrays.copyOfRange(bytes, 8, bytes.length);
            OpCode other = random.pick(ALL_OPS);
            direct(stats, () -> where.get() + " readBody(" + op + ")", body,
                    () -> RequestCodec.readBody(op, reader(body)));
            direct(stats, () -> where.get() + " readBody(" + other + ")", body,
                    () -> RequestCodec.readBody(other, reader(body)));
        }
        direct(stats, () -> where.get() + " as ConnectRequest", bytes,
                () -> ConnectRequest.read(reader(bytes)));

        byte[] connect = Wire.frame(random.connectRequest());
        if (random.chance(10)) {
            connect = new FrameMutator(random).mutate(connect).bytes();
        }
        byte[] stream = Wire.concat(connect, withLength(random, bytes),
                Wire.frame(random.requestFrame(OpCode.PING)));
        InboundHarness h = InboundHarness.sharing(new ServerFrameDecoder(), alloc);
        h.feed(stream, random.nextInt(stream.length + 1));
        h.finish();
        Supplier<String> inStream = () -> where.get() + " in stream " + dump(stream);
        assertTrue(h.errors.isEmpty(), () -> inStream.get() + ": server decoder raised " + h.errors);
        boolean undecodable = false;
        for (Object msg : h.messages) {
            assertTrue(msg instanceof ConnectRequest || msg instanceof RequestFrame
                    || msg instanceof UndecodableRequest || msg instanceof FourLetterWord,
                    () -> inStream.get() + ": unexpected " + msg);
            undecodable |= msg instanceof UndecodableRequest;
            // an UndecodableRequest's reason and a FourLetterWord's name are not decoded content
            checkSizes(inStream, msg instanceof UndecodableRequest u ? u.header()
                    : msg instanceof FourLetterWord ? null : msg, stream.length);
        }
        assertNothingAfterClose(h, inStream);
        count(stats, h, undecodable);
    }

    private static void replyCase(RandomRecords random, TrackingAllocator alloc, Stats stats,
            Supplier<String> name) {
        OpCode op = random.pick(CLIENT_OPS);
        int xid = op == OpCode.PING ? Xids.PING : op == OpCode.AUTH ? Xids.AUTH : random.ordinaryXid();
        ReplyFrame valid = random.chance(10)
                ? ReplyFrame.notification(random.anyLong(), random.watcherEvent())
                : random.replyFrame(op, xid);
        Map<Integer, OpCode> pending = new HashMap<>();
        pending.put(xid, op);
        pending.put(1, OpCode.GET_DATA);
        FrameMutator.Result m = hostile(random, payloadOf(valid));
        byte[] bytes = m.bytes();
        Supplier<String> where = () -> name.get() + ": reply " + op + " xid " + xid + " mutated by "
                + m.steps() + " to " + dump(bytes);

        direct(stats, where, bytes, () -> ResponseCodec.readFrame(Unpooled.wrappedBuffer(bytes), pending::get));
        if (bytes.length >= 16) {
            byte[] body = Arrays.copyOfRange(bytes, 16, bytes.length);
            OpCode other = random.pick(ALL_OPS);
            direct(stats, () -> where.get() + " readBody(" + op + ")", body,
                    () -> ResponseCodec.readBody(op, reader(body)));
            direct(stats, () -> where.get() + " readBody(" + other + ")", body,
                    () -> ResponseCodec.readBody(other, reader(body)));
        }
        direct(stats, () -> where.get() + " as ConnectResponse", bytes,
                () -> ConnectResponse.read(reader(bytes)));

        byte[] connect = Wire.frame(random.connectResponse());
        if (random.chance(10)) {
            connect = new FrameMutator(random).mutate(connect).bytes();
        }
        byte[] stream = Wire.concat(connect, withLength(random, bytes),
                Wire.frame(random.replyFrame(OpCode.GET_DATA, 1)));
        InboundHarness h = InboundHarness.sharing(new ClientFrameDecoder(pending::get), alloc);
        h.feed(stream, random.nextInt(stream.length + 1));
        h.finish();
        Supplier<String> inStream = () -> where.get() + " in stream " + dump(stream);
        for (Throwable t : h.errors) {
            assertTrue(t instanceof CodecException, () -> inStream.get() + ": client decoder raised " + t);
        }
        assertTrue(h.errors.size() <= 1, () -> inStream.get() + ": several errors " + h.errors);
        assertTrue(h.errors.isEmpty() || h.closedByDecoder(), () -> inStream.get() + ": error without close");
        for (Object msg : h.messages) {
            assertTrue(msg instanceof ConnectResponse || msg instanceof ReplyFrame,
                    () -> inStream.get() + ": unexpected " + msg);
            checkSizes(inStream, msg, stream.length);
        }
        assertNothingAfterClose(h, inStream);
        count(stats, h, false);
    }

    private static void count(Stats stats, InboundHarness h, boolean undecodable) {
        if (h.closedByDecoder()) {
            stats.decoderClosed++;
        } else if (undecodable) {
            stats.decoderUndecodable++;
        } else {
            stats.decoderClean++;
        }
    }

    /** Decodes directly; only a value within size bounds or a CodecException is allowed. */
    private static void direct(Stats stats, Supplier<String> where, byte[] input, Supplier<Object> decode) {
        Object decoded;
        try {
            decoded = decode.get();
        } catch (CodecException e) {
            stats.directErrors++;
            return;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError(where.get() + ": " + e, e);
        }
        checkSizes(where, decoded, input.length);
        stats.directDecoded++;
    }

    private static void checkSizes(Supplier<String> where, Object decoded, int inputBytes) {
        try {
            DecodedSizes.check(decoded, inputBytes);
        } catch (AssertionError e) {
            throw new AssertionError(where.get() + ": " + e.getMessage(), e);
        }
    }

    /** No message may follow the error or the close in the recorded events. */
    private static void assertNothingAfterClose(InboundHarness h, Supplier<String> where) {
        boolean ended = false;
        for (Object e : h.events) {
            if (e == InboundHarness.INACTIVE || e instanceof Throwable) {
                ended = true;
            } else if (ended) {
                throw new AssertionError(where.get() + ": message after close or error: " + h.events);
            }
        }
    }

    /** The length prefix: usually right, sometimes off or extreme. */
    private static byte[] withLength(RandomRecords random, byte[] payload) {
        int length = random.chance(85) ? payload.length : switch (random.nextInt(4)) {
            case 0 -> payload.length + random.nextInt(-3, 4);
            case 1 -> -random.nextInt(1, 1000);
            case 2 -> 0xfffff + random.nextInt(0, 3);
            default -> random.anyInt();
        };
        return ByteBuffer.allocate(4 + payload.length).putInt(length).put(payload).array();
    }

    private static byte[] payloadOf(Object frame) {
        byte[] f = Wire.frame(frame);
        return Arrays.copyOfRange(f, 4, f.length);
    }

    private static WireReader reader(byte[] bytes) {
        return new WireReader(Unpooled.wrappedBuffer(bytes));
    }

    private static String dump(byte[] bytes) {
        return bytes.length <= 256 ? "[" + Hex.format(bytes) + "]"
                : "[" + bytes.length + " bytes: " + Hex.format(Arrays.copyOf(bytes, 256)) + " ...]";
    }
}
