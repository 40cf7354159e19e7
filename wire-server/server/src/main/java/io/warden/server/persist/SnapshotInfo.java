package io.warden.server.persist;

import java.nio.file.Path;

/**
 * A snapshot written: where, as of which zxid, how much. Immutable.
 *
 * @param path the final file
 * @param lastZxid the zxid of the last transaction included
 * @param lastTerm the Raft term of the log entry holding that transaction (or 0)
 * @param lastIndex the Raft log index of that entry (or -1)
 * @param nodeCount znodes written (the root once)
 * @param sessionCount sessions written
 * @param bytes the file size
 * @param preservedNodes nodes the apply thread copied because it changed them while the snapshot
 *     was being written (see {@link io.warden.server.state.FrozenState})
 */
public record SnapshotInfo(Path path, long lastZxid, long lastTerm, long lastIndex, long nodeCount, int sessionCount, long bytes,
        int preservedNodes) {
}
