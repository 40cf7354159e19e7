package io.warden.server.sequencer;

/**
 * The settings the apply thread needs, copied from the server config. Immutable.
 *
 * @param tickTimeMs how often the apply thread checks session expiry when idle
 * @param minSessionTimeoutMs lower clamp of the negotiated session timeout
 * @param maxSessionTimeoutMs upper clamp of the negotiated session timeout
 * @param maxBatchSize submissions taken per batch
 * @param queueCapacity bound of the submission queue
 * @param superDigest the digest id that also grants {@code super:}, or null
 * @param maxSnapshotEntries bound on the sessions, paths... a four-letter-word snapshot lists
 * @param containerCheckIntervalMs how often the container/TTL reaper looks for nodes to delete
 * @param maxReapsPerCheck bound on deleteContainer transactions per reaper run
 * @param maxBatchesInFlight batches planned and handed to the log but not yet applied (planning
 *     batch N+1 while N is being made durable); 1 disables the pipelining
 */
public record SequencerSettings(int tickTimeMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
        int maxBatchSize, int queueCapacity, String superDigest, int maxSnapshotEntries,
        long containerCheckIntervalMs, int maxReapsPerCheck, int maxBatchesInFlight) {
    public SequencerSettings {
        if (tickTimeMs <= 0 || minSessionTimeoutMs <= 0 || maxSessionTimeoutMs < minSessionTimeoutMs
                || maxBatchSize <= 0 || queueCapacity <= 0 || maxSnapshotEntries <= 0
                || containerCheckIntervalMs <= 0 || maxReapsPerCheck <= 0 || maxBatchesInFlight <= 0) {
            throw new IllegalArgumentException("invalid sequencer settings: " + this);
        }
    }

    /** Clamps a requested timeout into [min, max], as ZooKeeper negotiates it. */
    public int negotiate(int requestedMs) {
        return Math.max(minSessionTimeoutMs, Math.min(maxSessionTimeoutMs, requestedMs));
    }
}
