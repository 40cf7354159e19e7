package io.warden.server.persist;

/**
 * What a snapshot file's header says. Immutable.
 *
 * @param formatVersion the file's format version
 * @param lastZxid the zxid of the last transaction the snapshot includes
 * @param lastTerm the Raft term of the log entry holding that transaction (0 when none)
 * @param lastIndex the Raft log index of that entry (-1 when none, and in version 1 files)
 * @param nodeCount znodes in the file (the root once)
 * @param sessionCount sessions in the file
 */
public record SnapshotHeader(int formatVersion, long lastZxid, long lastTerm, long lastIndex, long nodeCount, int sessionCount) {
}
