package io.warden.server.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.testing.OpCodeTable;
import io.warden.protocol.testing.RandomRecords;
import io.warden.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The log encoding of txn batches: seeded random round trips over every loggable opcode (nulls,
 * empties, edge values included), golden encodings that pin format version 2 byte for byte and
 * keep version 1 (written by earlier builds) readable,
 * and corruption: every truncation, every flipped byte and trailing garbage must fail with a
 * {@link CodecException}, never decode into something else.
 */
class TxnCodecTest {
    private static final List<OpCode> LOGGABLE = OpCodeTable.ENTRIES.stream().map(OpCodeTable.Entry::op).toList();

    private static TxnBatch randomBatch(RandomRecords r) {
        int count = r.chance(10) ? 0 : r.nextInt(1, 20);
        List<StampedTxn> txns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            TxnHeader header = new TxnHeader(r.anyLong(), r.anyInt(), r.anyLong(), r.anyLong());
            Txn txn = switch (r.nextInt(9)) {
                case 0 -> new CreateSessionTxn(r.anyInt(), r.password());
                case 1 -> new CloseSessionTxn();
                case 7 -> new CloseSessionTxn(r.chance(5) ? 0 : r.anyLong() & Long.MAX_VALUE);
                case 8 -> new TouchSessionsTxn(r.chance(5) ? List.of(r.anyLong())
                        : java.util.stream.LongStream.range(0, r.nextInt(1, 40)).map(x -> r.anyLong()).boxed().toList(),
                        r.chance(50));
                case 2 -> new RequestTxn(r.pick(OpCode.values()), EmptyRequest.INSTANCE, List.of(r.id()));
                default -> {
                    OpCode op = LOGGABLE.get(r.nextInt(LOGGABLE.size()));
                    List<Id> ids = r.list(r::id);
                    yield new RequestTxn(op, r.request(op), ids == null ? List.of() : ids);
                }
            };
            txns.add(new StampedTxn(header, txn));
        }
        return new TxnBatch(txns);
    }

    @Test
    void randomBatchesRoundTrip() {
        long seed = Seeds.seed("TxnCodecTest.randomBatchesRoundTrip");
        RandomRecords r = new RandomRecords(seed);
        int runs = Seeds.soak() ? 50_000 : 2_000;
        for (int i = 0; i < runs; i++) {
            TxnBatch batch = randomBatch(r);
            byte[] encoded = TxnCodec.encode(batch);
            TxnBatch decoded = TxnCodec.decode(encoded);
            assertEquals(batch, decoded, Seeds.describe(seed) + " run " + i);
            assertArrayEquals(encoded, TxnCodec.encode(decoded), Seeds.describe(seed) + " run " + i);
        }
    }

    @Test
    void decodeFromAByteBufConsumesExactlyTheBatch() {
        RandomRecords r = new RandomRecords(7);
        TxnBatch batch = randomBatch(r);
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {9, 9, 9});
        buf.skipBytes(3);
        TxnCodec.encode(batch, buf);
        assertEquals(batch, TxnCodec.decode(buf));
        assertEquals(0, buf.readableBytes());
    }

    /** Version 1 (logs written before touches existed) still decodes; this build writes version 2. */
    @Test
    void goldenVersion1IsStillRead() {
        TxnBatch batch = new TxnBatch(List.of(
                new StampedTxn(new TxnHeader(0x0100000000000001L, 0, 1, 1_700_000_000_000L),
                        new CreateSessionTxn(30000, Bytes.copyOf(new byte[] {1, 2}))),
                new StampedTxn(new TxnHeader(0x0100000000000001L, 1, 2, 1_700_000_000_001L),
                        new RequestTxn(OpCode.CREATE, new CreateRequest("/a", null, Acl.OPEN_ACL_UNSAFE, 1),
                                List.of(new Id("ip", "127.0.0.1")))),
                new StampedTxn(new TxnHeader(0x0100000000000001L, 2, 3, 1_700_000_000_002L), new CloseSessionTxn())));
        String body = "01" + "00000003"
                + "0100000000000001" + "00000000" + "0000000000000001" + "0000018bcfe56800"
                + "01" + "00007530" + "00000002" + "0102"
                + "0100000000000001" + "00000001" + "0000000000000002" + "0000018bcfe56801"
                + "03" + "00000001" + "00000029"
                + "000000022f61" + "ffffffff" + "00000001" + "0000001f" + "00000005776f726c64" + "00000006616e796f6e65"
                + "00000001"
                + "00000001" + "000000026970" + "000000093132372e302e302e31"
                + "0100000000000001" + "00000002" + "0000000000000003" + "0000018bcfe56802"
                + "02";
        byte[] bodyBytes = HexFormat.of().parseHex(body);
        CRC32C crc = new CRC32C();
        crc.update(bodyBytes);
        String expected = body + String.format("%08x", (int) crc.getValue());
        assertEquals(batch, TxnCodec.decode(HexFormat.of().parseHex(expected)));
        byte[] encoded = TxnCodec.encode(batch);
        assertEquals("02" + body.substring(2), HexFormat.of().formatHex(encoded, 0, encoded.length - 4),
                "version 2 encodes types 1-4 as version 1 did");
        assertEquals(batch, TxnCodec.decode(encoded));
    }

    /** Pins format version 2's new types: a touch and an expiry close with its decision zxid. */
    @Test
    void goldenEncodingOfVersion2() {
        TxnBatch batch = new TxnBatch(List.of(
                new StampedTxn(new TxnHeader(0, 0, 7, 1_700_000_000_000L),
                        new TouchSessionsTxn(List.of(0x0100000000000001L, 0x0100000000000002L))),
                new StampedTxn(new TxnHeader(0x0100000000000003L, 0, 8, 1_700_000_000_001L), new CloseSessionTxn(7))));
        String body = "02" + "00000002"
                + "0000000000000000" + "00000000" + "0000000000000007" + "0000018bcfe56800"
                + "05" + "00000002" + "0100000000000001" + "0100000000000002"
                + "0100000000000003" + "00000000" + "0000000000000008" + "0000018bcfe56801"
                + "06" + "0000000000000007";
        CRC32C crc = new CRC32C();
        crc.update(HexFormat.of().parseHex(body));
        byte[] encoded = TxnCodec.encode(batch);
        assertEquals(body + String.format("%08x", (int) crc.getValue()), HexFormat.of().formatHex(encoded));
        assertEquals(batch, TxnCodec.decode(encoded));
    }

    /** A version-1 batch cannot carry the version-2 types (a reader must not guess). */
    @Test
    void version2TypesAreRefusedInAVersion1Batch() {
        byte[] encoded = TxnCodec.encode(new TxnBatch(List.of(new StampedTxn(new TxnHeader(0, 0, 1, 1),
                new TouchSessionsTxn(List.of(5L))))));
        encoded[0] = 1;
        CRC32C crc = new CRC32C();
        crc.update(encoded, 0, encoded.length - 4);
        Unpooled.wrappedBuffer(encoded).setInt(encoded.length - 4, (int) crc.getValue());
        CodecException e = assertThrows(CodecException.class, () -> TxnCodec.decode(encoded));
        assertEquals("unknown txn type 5 in a version 1 batch", e.getMessage());
    }

    @Test
    void everyTruncationIsRejected() {
        long seed = Seeds.seed("TxnCodecTest.everyTruncationIsRejected");
        RandomRecords r = new RandomRecords(seed);
        for (int run = 0; run < 20; run++) {
            byte[] encoded = TxnCodec.encode(randomBatch(r));
            for (int length = 0; length < encoded.length; length++) {
                byte[] cut = Arrays.copyOf(encoded, length);
                int at = length;
                assertThrows(CodecException.class, () -> TxnCodec.decode(cut),
                        () -> Seeds.describe(seed) + " truncated to " + at);
            }
        }
    }

    @Test
    void everyFlippedByteIsRejected() {
        long seed = Seeds.seed("TxnCodecTest.everyFlippedByteIsRejected");
        RandomRecords r = new RandomRecords(seed);
        for (int run = 0; run < 20; run++) {
            byte[] encoded = TxnCodec.encode(randomBatch(r));
            for (int i = 0; i < encoded.length; i++) {
                byte[] bad = encoded.clone();
                bad[i] ^= (byte) r.nextInt(1, 256);
                int at = i;
                CodecException e = assertThrows(CodecException.class, () -> TxnCodec.decode(bad),
                        () -> Seeds.describe(seed) + " byte " + at);
                // byte 0 flipped to 1 is a readable version, caught by the checksum instead
                assertTrue(e.getMessage().contains(i == 0 && bad[0] != 1 ? "unsupported" : "checksum"),
                        e.getMessage());
            }
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] encoded = TxnCodec.encode(randomBatch(new RandomRecords(3)));
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThrows(CodecException.class, () -> TxnCodec.decode(longer));
    }

    @Test
    void unknownVersionIsRejectedWithAClearError() {
        byte[] encoded = TxnCodec.encode(new TxnBatch(List.of()));
        encoded[0] = 3;
        CRC32C crc = new CRC32C();
        crc.update(encoded, 0, encoded.length - 4);
        Unpooled.wrappedBuffer(encoded).setInt(encoded.length - 4, (int) crc.getValue());
        CodecException e = assertThrows(CodecException.class, () -> TxnCodec.decode(encoded));
        assertEquals("unsupported txn batch format version 3 (this build reads versions 1 to 2)", e.getMessage());
        assertThrows(CodecException.class, () -> TxnCodec.decode(new byte[0]));
    }

    /** A checksum-valid batch that is structurally wrong is still refused (the CRC is no licence). */
    @Test
    void validChecksumOverMalformedContentIsRejected() {
        byte[] encoded = TxnCodec.encode(new TxnBatch(List.of(new StampedTxn(new TxnHeader(1, 1, 1, 1),
                new CloseSessionTxn()))));
        encoded[5 + 28] = 9;
        CRC32C crc = new CRC32C();
        crc.update(encoded, 0, encoded.length - 4);
        Unpooled.wrappedBuffer(encoded).setInt(encoded.length - 4, (int) crc.getValue());
        CodecException e = assertThrows(CodecException.class, () -> TxnCodec.decode(encoded));
        assertEquals("unknown txn type 9 in a version 2 batch", e.getMessage());
    }

    /** A write whose body could not be decoded is logged as such, whatever its opcode. */
    @Test
    void undecodableWritesRoundTrip() {
        TxnHeader h = new TxnHeader(1, 1, 1, 1);
        for (OpCode op : List.of(OpCode.CREATE, OpCode.CREATE_SESSION, OpCode.SET_DATA, OpCode.MULTI, OpCode.PING)) {
            TxnBatch batch = new TxnBatch(List.of(new StampedTxn(h,
                    new RequestTxn(op, EmptyRequest.INSTANCE, List.of(new Id("ip", "127.0.0.1"))))));
            assertEquals(batch, TxnCodec.decode(TxnCodec.encode(batch)), op.toString());
        }
    }

    @Test
    void unloggableTxnsAreRefusedAtEncode() {
        TxnHeader h = new TxnHeader(1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new TxnBatch(List.of(
                new StampedTxn(h, new RequestTxn(OpCode.NOTIFICATION, new DeleteRequest("/a", 1), List.of()))))));
        assertThrows(IllegalArgumentException.class, () -> TxnCodec.encode(new TxnBatch(List.of(
                new StampedTxn(h, new RequestTxn(OpCode.CREATE, new DeleteRequest("/a", 1), List.of()))))));
    }
}
