package io.warden.server.persist;

/**
 * How snapshots are kept. Immutable; validated on construction.
 *
 * @param retainCount how many of the newest snapshots to keep (ZooKeeper's
 *     {@code autopurge.snapRetainCount}, at least 1)
 * @param progressEveryNodes log a progress line every this many znodes written or read
 * @param blockBytes target size of one checksummed block (4 KiB to 64 MiB)
 */
public record SnapshotSettings(int retainCount, int progressEveryNodes, int blockBytes) {
    public SnapshotSettings {
        if (retainCount < 1) {
            throw new IllegalArgumentException("retainCount must be at least 1: " + retainCount);
        }
        if (progressEveryNodes < 1) {
            throw new IllegalArgumentException("progressEveryNodes must be at least 1: " + progressEveryNodes);
        }
        if (blockBytes < 4096 || blockBytes > 64 << 20) {
            throw new IllegalArgumentException("blockBytes must be within 4 KiB and 64 MiB: " + blockBytes);
        }
    }

    /** Keep 3, a progress line per 250 000 znodes, 1 MiB blocks. */
    public static SnapshotSettings defaults() {
        return new SnapshotSettings(3, 250_000, 1 << 20);
    }
}
