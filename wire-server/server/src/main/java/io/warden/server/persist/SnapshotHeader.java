package io.warden.server.persist;

/**
 * What a snapshot file's header says. Immutable.
 *
 * @param formatVersion the file's format version
 * @param lastZxid the zxid of the last transaction the snapshot includes
 * @param lastTerm the log term of that transaction (0 when there is none, e.g. standalone)
 * @param nodeCount znodes in the file (the root once)
 * @param sessionCount sessions in the file
 */
public record SnapshotHeader(int formatVersion, long lastZxid, long lastTerm, long nodeCount, int sessionCount) {
}
