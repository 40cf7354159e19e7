package io.warden.server.sequencer;

/**
 * Where a batch sits in the durable log: the Raft term and index of its log entry. Immutable.
 *
 * @param term the Raft term of the entry (0 with no log)
 * @param index the Raft log index of the entry (-1 with no log)
 */
public record LogPosition(long term, long index) {
    /** A batch that went to no log ({@link TxnLog#NONE}). */
    public static final LogPosition NONE = new LogPosition(0, -1);
}
