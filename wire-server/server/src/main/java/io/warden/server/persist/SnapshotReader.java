package io.warden.server.persist;

import io.netty.buffer.Unpooled;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.server.state.NodeImage;
import io.warden.server.state.NodeKind;
import io.warden.server.state.SessionInfo;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.state.StateRestorer;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads and verifies a snapshot file ({@link SnapshotFormat} versions 1 to 3), streaming it block by
 * block to a {@link SnapshotVisitor}: header CRC, each block's CRC before its entries are
 * parsed, block order, the trailer's totals against the header and what was read, the end
 * magic and nothing after it. Any violation is a {@link CorruptFileException} naming the file
 * and the offset. Logs a progress line every {@code progressEveryNodes} nodes.
 *
 * <p>Stateless; each call is confined to its caller's thread.
 */
public final class SnapshotReader {
    private static final System.Logger LOG = System.getLogger(SnapshotReader.class.getName());
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private SnapshotReader() {
    }

    /**
     * Rebuilds the state machine a snapshot file holds.
     *
     * @throws CorruptFileException if the file is not a complete, valid snapshot, or describes an
     *     impossible tree
     */
    public static StateMachine load(Path file, StateConfig config, int progressEveryNodes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file, in, config, progressEveryNodes);
        }
    }

    /** {@link #load(Path, StateConfig, int)} from a stream; {@code file} only names it in messages. */
    static StateMachine load(Path file, InputStream stream, StateConfig config, int progressEveryNodes)
            throws IOException {
        StateRestorer restorer = new StateRestorer(config);
        long[] lastZxid = {0};
        List<String> containers = new ArrayList<>();
        List<String> ttls = new ArrayList<>();
        try {
            read(file, stream, progressEveryNodes, new SnapshotVisitor() {
                @Override
                public void header(SnapshotHeader header) {
                    lastZxid[0] = header.lastZxid();
                    restorer.expectNodes(header.nodeCount());
                }

                @Override
                public void session(SessionInfo session) {
                    restorer.session(session);
                }

                @Override
                public void node(NodeImage node) {
                    restorer.node(node);
                }

                @Override
                public void reapOrder(boolean ttl, String path) {
                    (ttl ? ttls : containers).add(path);
                }

                @Override
                public void end() {
                    // finished below
                }
            });
            return restorer.finish(lastZxid[0], containers, ttls);
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(file + ": inconsistent snapshot: " + e.getMessage(), e);
        }
    }

    /** Reads only the header (magic, version, CRC checked). */
    public static SnapshotHeader readHeader(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        }
    }

    /**
     * Streams a snapshot file to {@code visitor}, verifying everything (see class javadoc).
     * Exceptions thrown by the visitor propagate unchanged.
     */
    public static SnapshotHeader read(Path file, int progressEveryNodes, SnapshotVisitor visitor) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file, in, progressEveryNodes, visitor);
        }
    }

    private static SnapshotHeader read(Path file, InputStream stream, int progressEveryNodes, SnapshotVisitor visitor)
            throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, STREAM_BUFFER_BYTES));
        return new Blocks(file, in, progressEveryNodes, visitor).readAll();
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, STREAM_BUFFER_BYTES));
    }

    private static SnapshotHeader readHeader(Path file, DataInputStream in) throws IOException {
        byte[] h = new byte[SnapshotFormat.HEADER_BYTES];
        int length;
        try {
            in.readFully(h, 0, 8);
            ByteBuffer start = ByteBuffer.wrap(h);
            int magic = start.getInt();
            if (magic != SnapshotFormat.MAGIC) {
                throw new CorruptFileException(file + ": not a Warden snapshot (magic 0x"
                        + Integer.toHexString(magic) + ")");
            }
            int version = start.getInt();
            if (version < SnapshotFormat.VERSION_1 || version > SnapshotFormat.VERSION) {
                throw new CorruptFileException(file + ": unsupported snapshot format version " + version
                        + " (this build reads versions " + SnapshotFormat.VERSION_1 + " to " + SnapshotFormat.VERSION
                        + ")");
            }
            length = version >= SnapshotFormat.VERSION_2 ? SnapshotFormat.HEADER_BYTES : SnapshotFormat.HEADER_BYTES_V1;
            in.readFully(h, 8, length - 8);
        } catch (EOFException e) {
            throw new CorruptFileException(file + ": truncated snapshot header");
        }
        ByteBuffer b = ByteBuffer.wrap(h, 0, length);
        b.getInt();
        int version = b.getInt();
        CRC32C crc = new CRC32C();
        crc.update(h, 0, length - 4);
        if (b.getInt(length - 4) != (int) crc.getValue()) {
            throw new CorruptFileException(file + ": snapshot header checksum mismatch");
        }
        long lastZxid = b.getLong();
        long lastTerm = b.getLong();
        long lastIndex = version >= SnapshotFormat.VERSION_2 ? b.getLong() : -1;
        long nodeCount = b.getLong();
        int sessionCount = b.getInt();
        int flags = b.getInt();
        if (nodeCount < 0 || sessionCount < 0) {
            throw new CorruptFileException(file + ": negative counts in the snapshot header");
        }
        return new SnapshotHeader(version, lastZxid, lastTerm, lastIndex, nodeCount, sessionCount, flags);
    }

    /** The state of one read: position, phase, counts, the ACL table. Thread-confined. */
    private static final class Blocks {
        private final Path file;
        private final DataInputStream in;
        private final int progressEveryNodes;
        private final SnapshotVisitor visitor;
        private final CRC32C crc = new CRC32C();
        private final List<List<Acl>> acls = new ArrayList<>();
        private byte[] block = new byte[1 << 16];
        private long offset = SnapshotFormat.HEADER_BYTES;
        private byte phase = SnapshotFormat.SESSIONS;
        private long nodes;
        private long sessions;
        private int blocks;
        private SnapshotHeader header;

        Blocks(Path file, DataInputStream in, int progressEveryNodes, SnapshotVisitor visitor) {
            this.file = file;
            this.in = in;
            this.progressEveryNodes = progressEveryNodes;
            this.visitor = visitor;
        }

        SnapshotHeader readAll() throws IOException {
            header = readHeader(file, in);
            offset = header.formatVersion() >= SnapshotFormat.VERSION_2 ? SnapshotFormat.HEADER_BYTES
                    : SnapshotFormat.HEADER_BYTES_V1;
            visitor.header(header);
            while (true) {
                long blockOffset = offset;
                byte type = readBlock();
                blocks++;
                if (type < phase) {
                    throw corrupt(blockOffset, "block type " + type + " after type " + phase);
                }
                phase = type;
                WireReader r = new WireReader(Unpooled.wrappedBuffer(block, SnapshotFormat.BLOCK_HEADER_BYTES,
                        blockLength()));
                int count = ByteBuffer.wrap(block).getInt(1);
                try {
                    if (type == SnapshotFormat.END) {
                        end(blockOffset, r);
                        return header;
                    }
                    for (int i = 0; i < count; i++) {
                        entry(type, r);
                    }
                    r.expectEnd("block");
                } catch (CodecException e) {
                    throw corrupt(blockOffset, e.getMessage());
                }
            }
        }

        private int blockLength() {
            return ByteBuffer.wrap(block).getInt(5);
        }

        /** Reads one block into {@link #block} (header and payload) and checks its CRC. */
        private byte readBlock() throws IOException {
            long blockOffset = offset;
            try {
                in.readFully(block, 0, SnapshotFormat.BLOCK_HEADER_BYTES);
                byte type = block[0];
                if (type < SnapshotFormat.SESSIONS || type > SnapshotFormat.END) {
                    throw corrupt(blockOffset, "unknown block type " + type);
                }
                int length = blockLength();
                if (length < 0 || length > SnapshotFormat.MAX_BLOCK_BYTES) {
                    throw corrupt(blockOffset, "block length " + length);
                }
                int total = SnapshotFormat.BLOCK_HEADER_BYTES + length;
                if (block.length < total + 4) {
                    byte[] bigger = new byte[Math.max(total + 4, block.length * 2)];
                    System.arraycopy(block, 0, bigger, 0, SnapshotFormat.BLOCK_HEADER_BYTES);
                    block = bigger;
                }
                in.readFully(block, SnapshotFormat.BLOCK_HEADER_BYTES, length + 4);
                crc.reset();
                crc.update(block, 0, total);
                if (ByteBuffer.wrap(block).getInt(total) != (int) crc.getValue()) {
                    throw corrupt(blockOffset, "block checksum mismatch");
                }
                offset += total + 4;
                return type;
            } catch (EOFException e) {
                throw corrupt(blockOffset, "truncated (no END block)");
            }
        }

        private void entry(byte type, WireReader r) throws IOException {
            switch (type) {
                case SnapshotFormat.SESSIONS -> {
                    long id = r.readLong();
                    int timeoutMs = r.readInt();
                    io.warden.protocol.data.Bytes password = r.readBuffer();
                    // versions 1 and 2 have no owner: none until the session re-attaches
                    long owner = header.formatVersion() >= SnapshotFormat.VERSION ? r.readLong() : 0;
                    visitor.session(new SessionInfo(id, timeoutMs, password, owner));
                    sessions++;
                }
                case SnapshotFormat.NODES -> {
                    visitor.node(readNode(r));
                    if (++nodes % progressEveryNodes == 0) {
                        LOG.log(System.Logger.Level.INFO, "snapshot {0}: {1}/{2} znodes read", file.getFileName(),
                                String.valueOf(nodes), String.valueOf(header.nodeCount()));
                    }
                }
                case SnapshotFormat.REAP -> {
                    byte kind = readByte(r);
                    if (kind != SnapshotFormat.REAP_CONTAINER && kind != SnapshotFormat.REAP_TTL) {
                        throw new CodecException("unknown reap kind " + kind);
                    }
                    String path = r.readString();
                    if (path == null) {
                        throw new CodecException("null reap path");
                    }
                    visitor.reapOrder(kind == SnapshotFormat.REAP_TTL, path);
                }
                default -> throw new CodecException("entries in block type " + type);
            }
        }

        private NodeImage readNode(WireReader r) {
            String path = r.readString();
            if (path == null) {
                throw new CodecException("null znode path");
            }
            Bytes data = r.readBuffer();
            int aclIndex = r.readInt();
            List<Acl> acl;
            if (aclIndex == acls.size()) {
                acl = r.readAcls();
                if (acl == null) {
                    throw new CodecException("null ACL of " + path);
                }
                acl = List.copyOf(acl);
                acls.add(acl);
            } else if (aclIndex >= 0 && aclIndex < acls.size()) {
                acl = acls.get(aclIndex);
            } else {
                throw new CodecException("ACL index " + aclIndex + " with " + acls.size() + " defined");
            }
            long czxid = r.readLong();
            long mzxid = r.readLong();
            long ctime = r.readLong();
            long mtime = r.readLong();
            long pzxid = r.readLong();
            int version = r.readInt();
            int aversion = r.readInt();
            int childCounter = r.readInt();
            NodeKind kind = switch (readByte(r)) {
                case 0 -> NodeKind.PERSISTENT;
                case 1 -> NodeKind.EPHEMERAL;
                case 2 -> NodeKind.CONTAINER;
                case 3 -> NodeKind.TTL;
                default -> throw new CodecException("unknown znode kind of " + path);
            };
            long owner = r.readLong();
            return new NodeImage(path, data, acl, czxid, mzxid, ctime, mtime, pzxid, version, aversion, childCounter,
                    kind, owner);
        }

        private static byte readByte(WireReader r) {
            if (!r.hasRemaining()) {
                throw new CodecException("truncated byte");
            }
            return r.buffer().readByte();
        }

        private void end(long blockOffset, WireReader r) throws IOException {
            if (blockLength() != SnapshotFormat.END_PAYLOAD_BYTES) {
                throw corrupt(blockOffset, "END block of " + blockLength() + " bytes");
            }
            long endNodes = r.readLong();
            long endSessions = r.readLong();
            long endZxid = r.readLong();
            int endBlocks = r.readInt();
            if (endNodes != header.nodeCount() || endNodes != nodes || endSessions != header.sessionCount()
                    || endSessions != sessions || endZxid != header.lastZxid() || endBlocks != blocks) {
                throw corrupt(blockOffset, "totals do not match: header " + header + ", trailer nodes=" + endNodes
                        + " sessions=" + endSessions + " zxid=0x" + Long.toHexString(endZxid) + " blocks=" + endBlocks
                        + ", read nodes=" + nodes + " sessions=" + sessions + " blocks=" + blocks);
            }
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                throw corrupt(offset, "truncated end magic");
            }
            if (magic != SnapshotFormat.END_MAGIC || in.read() != -1) {
                throw corrupt(offset, "bad end magic or trailing bytes");
            }
            visitor.end();
        }

        private CorruptFileException corrupt(long at, String what) {
            return new CorruptFileException(file + ": corrupt snapshot at offset " + at + ": " + what);
        }
    }
}
