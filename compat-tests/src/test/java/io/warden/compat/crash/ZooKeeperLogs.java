package io.warden.compat.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Cuts records off a real ZooKeeper transaction log, to simulate lost fsyncs for the checker's
 * self-test. The 3.9.5 layout (a fact of the format, checked against the files it writes): a
 * 16-byte header (magic {@code ZKLG}, version, dbid), then records {@code crc:long, len:int,
 * txn:byte[len], 0x42}, then zero padding from preallocation (a record length of 0 ends the log).
 *
 * <p>Stateless.
 */
final class ZooKeeperLogs {
    private static final int HEADER_BYTES = 16;
    private static final int MAGIC = 0x5a4b4c47; // "ZKLG"
    private static final byte END_OF_RECORD = 0x42;
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private ZooKeeperLogs() {}

    /**
     * Truncates the newest {@code log.*} file in {@code logDir} so that its newer half of records
     * is gone; returns how many records were dropped.
     */
    static int dropNewerHalfOfNewestLog(Path logDir) throws IOException {
        Path newest;
        try (Stream<Path> files = Files.list(logDir)) {
            newest = files.filter(p -> p.getFileName().toString().startsWith("log."))
                    .max((a, b) -> Long.compareUnsigned(zxidOf(a), zxidOf(b)))
                    .orElseThrow(() -> new IOException("no transaction log in " + logDir));
        }
        try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            List<Long> starts = recordStarts(channel, newest);
            int drop = starts.size() / 2;
            if (drop == 0) {
                throw new IOException(newest + " has " + starts.size() + " records, nothing to drop");
            }
            channel.truncate(starts.get(starts.size() - drop));
            channel.force(true);
            return drop;
        }
    }

    private static List<Long> recordStarts(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, 0);
        if (header.getInt(0) != MAGIC) {
            throw new IOException(file + " is not a ZooKeeper transaction log");
        }
        List<Long> starts = new ArrayList<>();
        ByteBuffer prefix = ByteBuffer.allocate(12);
        ByteBuffer eor = ByteBuffer.allocate(1);
        long pos = HEADER_BYTES;
        while (pos + 12 <= size) {
            prefix.clear();
            readFully(channel, prefix, pos);
            int len = prefix.getInt(8);
            if (len <= 0 || len > MAX_RECORD_BYTES || pos + 12 + len + 1 > size) {
                break;
            }
            eor.clear();
            readFully(channel, eor, pos + 12 + len);
            if (eor.get(0) != END_OF_RECORD) {
                break;
            }
            starts.add(pos);
            pos += 12 + len + 1;
        }
        return starts;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }

    private static long zxidOf(Path logFile) {
        return Long.parseUnsignedLong(logFile.getFileName().toString().substring("log.".length()), 16);
    }
}
