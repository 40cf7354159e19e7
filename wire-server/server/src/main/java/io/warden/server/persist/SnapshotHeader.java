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
 * @param flags {@link #SEED}, {@link #ENSEMBLE} (the header's former reserved word: 0 in files
 *     written before these flags existed, and ignored by the readers of those builds)
 */
public record SnapshotHeader(int formatVersion, long lastZxid, long lastTerm, long lastIndex, long nodeCount, int sessionCount,
        int flags) {
    /**
     * The file seeds a new ensemble (written by {@code --seal-for-ensemble} from a standalone
     * server's data): an ensemble member starting from it ignores its Raft position, which refers
     * to the standalone's log (a standalone start uses it as usual).
     */
    public static final int SEED = 1;
    /** Written by an ensemble member: its Raft position refers to the ensemble's log. */
    public static final int ENSEMBLE = 2;

    /** A header without flags (every file written before the flags existed). */
    public SnapshotHeader(int formatVersion, long lastZxid, long lastTerm, long lastIndex, long nodeCount, int sessionCount) {
        this(formatVersion, lastZxid, lastTerm, lastIndex, nodeCount, sessionCount, 0);
    }

    /** Whether the file is an ensemble seed ({@link #SEED}). */
    public boolean seed() {
        return (flags & SEED) != 0;
    }

    /** Whether an ensemble member wrote the file ({@link #ENSEMBLE}). */
    public boolean ensemble() {
        return (flags & ENSEMBLE) != 0;
    }
}
