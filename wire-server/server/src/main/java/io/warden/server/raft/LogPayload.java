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
 * payload = version:byte(=1) batch       (batch: a {@link TxnCodec} batch, with its own version
 *                                         byte and CRC32C)
 * </pre>
 *
 * The outer version byte belongs to the log entry (what else an entry may carry later, e.g.
 * ensemble metadata); the batch's own version and checksum belong to the transaction encoding.
 * A reader refuses a version it does not know. Stateless.
 */
public final class LogPayload {
    /** The payload version this build writes. */
    public static final int VERSION = 1;

    private LogPayload() {
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
