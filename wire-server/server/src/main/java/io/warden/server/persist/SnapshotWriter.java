package io.warden.server.persist;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Acl;
import io.warden.server.state.FrozenState;
import io.warden.server.state.NodeKind;
import io.warden.server.state.SessionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes a {@link FrozenState} to a channel in {@link SnapshotFormat} version 2, block by block
 * (about {@code blockBytes} each), logging a progress line every {@code progressEveryNodes}
 * nodes. Runs on the caller's thread, normally not the apply thread. Does not fsync: that is
 * {@link SnapshotStore}'s job.
 *
 * <p>Thread-confined: one instance writes one snapshot.
 */
final class SnapshotWriter {
    private static final System.Logger LOG = System.getLogger(SnapshotWriter.class.getName());

    private final FileChannel channel;
    private final int blockBytes;
    private final int progressEveryNodes;
    private final ByteBuf payload;
    private final WireWriter out;
    private final IdentityHashMap<List<Acl>, Integer> aclIndexes = new IdentityHashMap<>();
    private final CRC32C crc = new CRC32C();
    private byte blockType;
    private int entries;
    private int blocksWritten;
    private long bytesWritten;

    SnapshotWriter(FileChannel channel, int blockBytes, int progressEveryNodes) {
        this.channel = channel;
        this.blockBytes = blockBytes;
        this.progressEveryNodes = progressEveryNodes;
        this.payload = Unpooled.buffer(blockBytes + (blockBytes >> 2));
        this.out = new WireWriter(payload);
    }

    /**
     * Writes the whole snapshot ({@code lastTerm}, {@code lastIndex}: the Raft term and index of
     * the log entry holding its last txn); returns the bytes written.
     */
    long write(FrozenState state, long lastTerm, long lastIndex, int flags) throws IOException {
        List<SessionInfo> sessions = state.sessions();
        writeHeader(state.lastZxid(), lastTerm, lastIndex, state.nodeCount(), sessions.size(), flags);
        begin(SnapshotFormat.SESSIONS);
        for (SessionInfo s : sessions) {
            out.writeLong(s.sessionId()).writeInt(s.timeoutMs()).writeBuffer(s.password()).writeLong(s.ownerId());
            entryDone();
        }
        finishBlock();
        begin(SnapshotFormat.NODES);
        long[] written = {0};
        try {
            state.forEachNodeFields((path, data, acl, czxid, mzxid, ctime, mtime, pzxid, version,
                    aversion, childCounter, kind, owner) -> {
                writeNode(path, data, acl, czxid, mzxid, ctime, mtime, pzxid, version, aversion, childCounter, kind,
                        owner);
                entryDone();
                if (++written[0] % progressEveryNodes == 0) {
                    LOG.log(System.Logger.Level.INFO, "snapshot 0x{0}: {1}/{2} znodes written",
                            Long.toHexString(state.lastZxid()), String.valueOf(written[0]),
                            String.valueOf(state.nodeCount()));
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        finishBlock();
        if (written[0] != state.nodeCount()) {
            throw new IllegalStateException("wrote " + written[0] + " of " + state.nodeCount() + " znodes");
        }
        begin(SnapshotFormat.REAP);
        for (String path : state.containerOrder()) {
            payload.writeByte(SnapshotFormat.REAP_CONTAINER);
            out.writeString(path);
            entryDone();
        }
        for (String path : state.ttlOrder()) {
            payload.writeByte(SnapshotFormat.REAP_TTL);
            out.writeString(path);
            entryDone();
        }
        finishBlock();
        begin(SnapshotFormat.END);
        out.writeLong(state.nodeCount()).writeLong(sessions.size()).writeLong(state.lastZxid())
                .writeInt(blocksWritten + 1);
        finishBlock();
        writeFully(ByteBuffer.allocate(4).putInt(0, SnapshotFormat.END_MAGIC));
        return bytesWritten;
    }

    private void writeHeader(long lastZxid, long lastTerm, long lastIndex, long nodeCount, int sessionCount,
            int flags) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(SnapshotFormat.HEADER_BYTES);
        h.putInt(SnapshotFormat.MAGIC).putInt(SnapshotFormat.VERSION).putLong(lastZxid).putLong(lastTerm)
                .putLong(lastIndex).putLong(nodeCount).putInt(sessionCount).putInt(flags);
        crc.reset();
        crc.update(h.array(), 0, h.position());
        h.putInt((int) crc.getValue());
        h.flip();
        writeFully(h);
    }

    private void writeNode(String path, byte[] data, List<Acl> acl, long czxid, long mzxid, long ctime, long mtime,
            long pzxid, int version, int aversion, int childCounter, NodeKind kind, long owner) {
        out.writeString(path);
        if (data == null) {
            payload.writeInt(-1);
        } else {
            payload.writeInt(data.length);
            payload.writeBytes(data);
        }
        Integer index = aclIndexes.get(acl);
        if (index == null) {
            int next = aclIndexes.size();
            aclIndexes.put(acl, next);
            out.writeInt(next).writeAcls(acl);
        } else {
            out.writeInt(index);
        }
        out.writeLong(czxid).writeLong(mzxid).writeLong(ctime).writeLong(mtime).writeLong(pzxid)
                .writeInt(version).writeInt(aversion).writeInt(childCounter);
        payload.writeByte(kindCode(kind));
        out.writeLong(owner);
    }

    static byte kindCode(NodeKind kind) {
        return switch (kind) {
            case PERSISTENT -> 0;
            case EPHEMERAL -> 1;
            case CONTAINER -> 2;
            case TTL -> 3;
        };
    }

    private void begin(byte type) {
        blockType = type;
        entries = 0;
        payload.clear();
        payload.writeByte(type).writeInt(0).writeInt(0);
    }

    /** After each entry: flush the block once it has grown past the target size. */
    private void entryDone() {
        entries++;
        if (payload.readableBytes() >= blockBytes) {
            try {
                flushBlock();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte type = blockType;
            begin(type);
        }
    }

    /** Ends the current block; an empty block is written only for END. */
    private void finishBlock() throws IOException {
        if (entries > 0 || blockType == SnapshotFormat.END) {
            flushBlock();
        }
        payload.clear();
        entries = 0;
    }

    private void flushBlock() throws IOException {
        int length = payload.readableBytes() - SnapshotFormat.BLOCK_HEADER_BYTES;
        payload.setInt(1, entries);
        payload.setInt(5, length);
        crc.reset();
        crc.update(payload.nioBuffer());
        payload.writeInt((int) crc.getValue());
        writeFully(payload.nioBuffer());
        blocksWritten++;
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            bytesWritten += channel.write(b);
        }
    }
}
