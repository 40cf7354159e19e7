package io.warden.server.raft;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.codec.CodecException;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TxnBatch;
import io.warden.server.txn.TxnCodec;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * What one Ratis log entry carries: one sequencer batch.
 *
 * <pre>
 * payload v1 = version:byte(=1) batch    (batch: a {@link TxnCodec} batch, with its own version
 *                                         byte and CRC32C) -- standalone and group of one
 * payload v2 = version:byte(=2) originId:i64 incarnation:i64 originSeq:i64 leaderTimeMs:i64 batch
 *                                         -- ensembles (docs/ensemble-design.md section 3)
 * </pre>
 *
 * In v2 the transactions' zxids and times are provisional (the origin's planning stamps): every
 * replica re-stamps them at apply (dense zxid counter, {@code leaderTimeMs}, which the leader
 * writes in {@code startTransaction}). {@code incarnation} tells the origin's entries of this run
 * from those of an earlier run of the same server; {@code originSeq} counts the origin's batches
 * in this run from 1.
 *
 * The outer version byte belongs to the log entry (what else an entry may carry later, e.g.
 * ensemble metadata); the batch's own version and checksum belong to the transaction encoding.
 * A reader refuses a version it does not know. Stateless.
 */
public final class LogPayload {
    /** The payload version this build writes. */
    public static final int VERSION = 1;

    /** The ensemble payload version. */
    public static final int VERSION_ENSEMBLE = 2;
    /** Offset of leaderTimeMs in a v2 payload. */
    private static final int LEADER_TIME_OFFSET = 1 + 8 + 8 + 8;

    private LogPayload() {
    }

    /**
     * One decoded v2 payload. Immutable.
     *
     * @param originId the myid of the server that planned the batch
     * @param incarnation that server's run (its start time in ms)
     * @param originSeq the batch's number in that run, from 1
     * @param leaderTimeMs the leader's time, 0 if no leader stamped it
     * @param batch the transactions (provisional zxids and times)
     */
    public record Ensemble(long originId, long incarnation, long originSeq, long leaderTimeMs, TxnBatch batch) {
    }

    /** The v2 payload of one batch. */
    public static ByteString encodeEnsemble(long originId, long incarnation, long originSeq, List<StampedTxn> txns) {
        ByteBuf buf = Unpooled.buffer(64 * txns.size() + 48);
        buf.writeByte(VERSION_ENSEMBLE);
        buf.writeLong(originId);
        buf.writeLong(incarnation);
        buf.writeLong(originSeq);
        buf.writeLong(0);
        TxnCodec.encode(new TxnBatch(txns), buf);
        return UnsafeByteOperations.unsafeWrap(buf.nioBuffer());
    }

    /** A copy of a v2 payload with {@code leaderTimeMs} set (the leader's stamp). */
    public static ByteString withLeaderTime(ByteString payload, long timeMs) {
        byte[] b = payload.toByteArray();
        if (b.length < LEADER_TIME_OFFSET + 8 || (b[0] & 0xff) != VERSION_ENSEMBLE) {
            throw new CodecException("not an ensemble log payload");
        }
        ByteBuffer.wrap(b).putLong(LEADER_TIME_OFFSET, timeMs);
        return UnsafeByteOperations.unsafeWrap(b);
    }

    /**
     * Decodes a v2 payload.
     *
     * @throws CodecException if it is not a valid v2 payload
     */
    public static Ensemble decodeEnsemble(ByteString payload) {
        ByteBuffer bytes = payload.asReadOnlyByteBuffer();
        if (bytes.remaining() < LEADER_TIME_OFFSET + 8) {
            throw new CodecException("short ensemble log payload");
        }
        int version = bytes.get() & 0xff;
        if (version != VERSION_ENSEMBLE) {
            throw new CodecException("unsupported ensemble log payload version " + version + " (this build reads "
                    + "version " + VERSION_ENSEMBLE + ")");
        }
        long origin = bytes.getLong();
        long incarnation = bytes.getLong();
        long seq = bytes.getLong();
        long time = bytes.getLong();
        return new Ensemble(origin, incarnation, seq, time, TxnCodec.decode(Unpooled.wrappedBuffer(bytes)));
    }

    /** The payload of one batch, wrapped without a copy. */
    public static ByteString encode(List<StampedTxn> txns) {
        ByteBuf buf = Unpooled.buffer(64 * txns.size() + 16);
        buf.writeByte(VERSION);
        TxnCodec.encode(new TxnBatch(txns), buf);
        return UnsafeByteOperations.unsafeWrap(buf.nioBuffer());
    }

    /**
     * Decodes one payload.
     *
     * @throws CodecException if it is not a valid payload of a known version
     */
    public static TxnBatch decode(ByteString payload) {
        ByteBuffer bytes = payload.asReadOnlyByteBuffer();
        if (!bytes.hasRemaining()) {
            throw new CodecException("empty log payload");
        }
        int version = bytes.get(bytes.position()) & 0xff;
        if (version != VERSION) {
            throw new CodecException("unsupported log payload version " + version + " (this build reads version "
                    + VERSION + ")");
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        buf.skipBytes(1);
        return TxnCodec.decode(buf);
    }
}
