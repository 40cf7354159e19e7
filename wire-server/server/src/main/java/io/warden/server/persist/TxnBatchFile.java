package io.warden.server.persist;

import io.warden.protocol.codec.CodecException;
import io.warden.server.txn.TxnBatch;
import io.warden.server.txn.TxnCodec;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A plain file of {@link TxnCodec}-encoded batches, for tests, tooling and export: what
 * {@code warden-server inspect log} prints. (The server's durable log is Apache Ratis's, whose
 * entries carry the same batch encoding.)
 *
 * <pre>
 * file  = magic:"WTXL" version:int(=1) frame*
 * frame = length:int batch{length}      (each batch carries its own version byte and CRC32C)
 * </pre>
 *
 * Stateless; a {@link Writer} is thread-confined.
 */
public final class TxnBatchFile {
    static final int MAGIC = 0x5754584C; // "WTXL"
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8;
    /** Refuse a frame length beyond this before allocating it. */
    static final int MAX_FRAME_BYTES = 256 << 20;

    private TxnBatchFile() {
    }

    /** Receives each batch with the file offset of its frame. */
    @FunctionalInterface
    public interface BatchVisitor {
        void batch(long offset, TxnBatch batch) throws IOException;
    }

    /** Appends batches to a new file. Thread-confined. */
    public static final class Writer implements Closeable {
        private final FileChannel channel;

        /** Creates {@code file}, which must not exist yet. */
        public Writer(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeFully(ByteBuffer.allocate(HEADER_BYTES).putInt(MAGIC).putInt(VERSION).flip());
        }

        public void append(TxnBatch batch) throws IOException {
            byte[] encoded = TxnCodec.encode(batch);
            writeFully(ByteBuffer.allocate(4 + encoded.length).putInt(encoded.length).put(encoded).flip());
        }

        /** Forces appended batches to disk. */
        public void sync() throws IOException {
            channel.force(false);
        }

        private void writeFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * Reads every batch in order; returns the number of batches.
     *
     * @throws CorruptFileException at the first bad header, torn frame or undecodable batch
     *     (the batches before it have been delivered)
     */
    public static long read(Path file, BatchVisitor visitor) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int magic;
            int version;
            try {
                magic = in.readInt();
                version = in.readInt();
            } catch (EOFException e) {
                throw new CorruptFileException(file + ": truncated txn batch file header");
            }
            if (magic != MAGIC) {
                throw new CorruptFileException(file + ": not a Warden txn batch file (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            if (version != VERSION) {
                throw new CorruptFileException(file + ": unsupported txn batch file version " + version
                        + " (this build reads version " + VERSION + ")");
            }
            long offset = HEADER_BYTES;
            long count = 0;
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return count;
                }
                int length;
                try {
                    length = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedShort();
                } catch (EOFException e) {
                    throw new CorruptFileException(file + ": torn frame length at offset " + offset);
                }
                if (length <= 0 || length > MAX_FRAME_BYTES) {
                    throw new CorruptFileException(file + ": bad frame length " + length + " at offset " + offset);
                }
                byte[] encoded = new byte[length];
                try {
                    in.readFully(encoded);
                } catch (EOFException e) {
                    throw new CorruptFileException(file + ": torn frame at offset " + offset);
                }
                TxnBatch batch;
                try {
                    batch = TxnCodec.decode(encoded);
                } catch (CodecException e) {
                    throw new CorruptFileException(file + ": bad batch at offset " + offset + ": " + e.getMessage(), e);
                }
                visitor.batch(offset, batch);
                count++;
                offset += 4 + length;
            }
        }
    }
}
