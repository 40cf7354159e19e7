package io.warden.server.persist;

/**
 * Layout of a snapshot file, format version 2 (version 1 is still read). Integers are big-endian;
 * buffer, ustring and vector are jute's (length or count first, -1 for null).
 *
 * <pre>
 * file     = header block* end-magic
 * header   = magic:"WSNP" version:int(=3 or 2) lastZxid:long lastTerm:long lastIndex:long
 *            nodeCount:long sessionCount:int flags:int crc32c:int          (52 bytes)
 *          | (version 1) magic version:int(=1) lastZxid lastTerm nodeCount sessionCount
 *            reserved crc32c                                               (44 bytes)
 * block    = type:byte count:int length:int payload{length} crc32c:int
 *            (the CRC covers type, count, length and payload)
 *   type 1 SESSIONS  count x (sessionId:long timeoutMs:int password:buffer ownerId:long)
 *                    (versions 1 and 2: no ownerId; read as 0, no owner)
 *   type 2 NODES     count x node, parents before children
 *   type 3 REAP      count x (kind:byte(1 container, 2 TTL) path:ustring), in reaper order
 *   type 4 END       count 0; nodeCount:long sessionCount:long lastZxid:long blockCount:int
 * node     = path:ustring data:buffer aclIndex:int [acl:vector&lt;ACL&gt;]
 *            czxid:long mzxid:long ctime:long mtime:long pzxid:long
 *            version:int aversion:int childCounter:int kind:byte ephemeralOwner:long
 *            (an aclIndex equal to the number of ACLs defined so far introduces the next ACL,
 *            whose vector follows; a smaller one refers back; kind 0 persistent, 1 ephemeral,
 *            2 container, 3 TTL; ephemeralOwner is ZooKeeper's raw value)
 * end-magic = "WEND"
 * </pre>
 *
 * {@code lastTerm} and {@code lastIndex} are the Raft term and log index of the log entry (a batch)
 * whose last transaction is {@code lastZxid}: the snapshot covers exactly the log up to that
 * entry, and recovery replays the entries after it. 0 and -1 when the state was not taken from a
 * log (version 1 files: lastIndex -1).
 * {@code flags} (a reserved word, 0, before they existed; readers of those builds ignore it):
 * 1 = seed of a new ensemble (its position refers to the standalone log it was sealed from),
 * 2 = written by an ensemble member (its position refers to the ensemble's log); see
 * {@link SnapshotHeader}.
 * Blocks come in the order SESSIONS*, NODES*, REAP*, END; the END block repeats the header's
 * totals and counts the blocks, so a file cut at any point or missing a block is refused.
 * Stateless.
 */
final class SnapshotFormat {
    static final int MAGIC = 0x57534E50; // "WSNP"
    static final int END_MAGIC = 0x57454E44; // "WEND"
    /** Version 3: a session entry ends with its owner (long, 0 none); header as version 2. */
    static final int VERSION = 3;
    /** Version 2: session entries without owner. */
    static final int VERSION_2 = 2;
    static final int VERSION_1 = 1;
    static final int HEADER_BYTES = 52;
    static final int HEADER_BYTES_V1 = 44;
    /** type + count + length. */
    static final int BLOCK_HEADER_BYTES = 9;
    /** Refuse a block length beyond this before allocating it (a corrupt length field). */
    static final int MAX_BLOCK_BYTES = 256 << 20;

    static final byte SESSIONS = 1;
    static final byte NODES = 2;
    static final byte REAP = 3;
    static final byte END = 4;
    static final int END_PAYLOAD_BYTES = 8 + 8 + 8 + 4;

    static final byte REAP_CONTAINER = 1;
    static final byte REAP_TTL = 2;

    private SnapshotFormat() {
    }
}
