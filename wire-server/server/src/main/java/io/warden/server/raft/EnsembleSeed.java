package io.warden.server.raft;

import com.google.common.base.Ticker;
import io.warden.server.ConfigException;
import io.warden.server.persist.CorruptFileException;
import io.warden.server.persist.SnapshotHeader;
import io.warden.server.persist.SnapshotInfo;
import io.warden.server.persist.SnapshotReader;
import io.warden.server.persist.SnapshotStore;
import io.warden.server.state.FrozenState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/**
 * Growing a standalone server into an ensemble without losing data (docs/ensemble-design.md
 * section 11, README "Growing a standalone server into an ensemble").
 *
 * <p><b>Sealing</b> ({@link #seal}, the {@code --seal-for-ensemble} command): the standalone's
 * data (newest snapshot plus its Ratis log tail, recovered by {@link RaftTxnLog#open} exactly as a
 * standalone start does) is written as one snapshot flagged {@link SnapshotHeader#SEED}, and the
 * standalone log directory is renamed aside ({@code raft.sealed-<zxid>}), so that the seed covers
 * everything there is. The seed keeps the standalone log position (a standalone start from it
 * works as from any snapshot); an ensemble member ignores it.
 *
 * <p><b>At a member's start</b> ({@link #open}): a member whose Ratis storage does not exist yet
 * refuses to start on standalone data that is not a seed (a snapshot neither
 * {@link SnapshotHeader#SEED} nor {@link SnapshotHeader#ENSEMBLE}, or a standalone {@code raft}
 * log directory), which would otherwise be loaded with a position in the wrong log while the other
 * members start empty. Its <i>identity</i> is what it starts from: the seed (zxid and SHA-256 of
 * the file), empty data, or none to check (an ensemble snapshot with a position in the group's
 * log: the member is established).
 *
 * <p><b>Genesis</b>: the first leader of a group whose log holds no state-machine entry appends a
 * genesis entry naming its identity ({@link #genesisPayload}); no other entry is accepted before
 * it. Every member compares it with its own identity before applying anything after it
 * ({@link #onGenesis}): a member holding different data refuses (it never applies on top of it;
 * {@link EnsembleStateMachine} then stops its Ratis peer) and logs why. A member that is not yet
 * verified does not serve clients. A data entry before any genesis (a group started before
 * genesis entries existed) is accepted by a member that started empty, refused by one holding a
 * seed. A snapshot installed from the leader replaces the data, so it verifies the member.
 *
 * <pre>
 * genesis payload = version:byte(=3) seedZxid:i64 digestLength:byte digest{digestLength}
 *                   (digestLength 0: the group started from empty data)
 * </pre>
 *
 * <p>Thread-safe: the verdict is published through volatile fields; Ratis's updater thread decides
 * it, other threads read it.
 */
public final class EnsembleSeed {
    private static final System.Logger LOG = System.getLogger(EnsembleSeed.class.getName());
    /** The standalone server's Ratis log directory under dataLogDir (as WardenServer.RAFT_DIR). */
    public static final String STANDALONE_LOG_DIR = "raft";
    /** Where {@link #seal} moves the standalone log: {@code raft.sealed-<zxid hex>}. */
    public static final String SEALED_LOG_PREFIX = "raft.sealed-";
    /** The README section an operator is pointed to. */
    public static final String PROCEDURE = "README, 'Growing a standalone server into an ensemble'";
    /** The log payload version of a genesis entry (LogPayload: 1 standalone, 2 ensemble batch). */
    static final int GENESIS_VERSION = 3;
    private static final int MAX_DIGEST_BYTES = 64;

    /**
     * The data a member started from. Immutable.
     *
     * @param zxid the seed's last zxid (0 when empty)
     * @param sha256 the seed file's SHA-256 in hex, empty when the member started from empty data
     */
    public record Identity(long zxid, String sha256) {
        /** No data: a fresh ensemble. */
        public static final Identity EMPTY = new Identity(0, "");

        @Override
        public String toString() {
            return sha256.isEmpty() ? "empty data" : "seed zxid 0x" + Long.toHexString(zxid) + " sha256 " + sha256;
        }
    }

    /**
     * A seal's result. Immutable.
     *
     * @param file the seed snapshot written
     * @param zxid its last zxid
     * @param nodeCount its znodes (the root once)
     * @param sessionCount its sessions
     * @param sha256 the file's SHA-256 in hex (compare copies with {@code sha256sum})
     * @param movedLog where the standalone log was moved, if there was one
     */
    public record Sealed(Path file, long zxid, long nodeCount, int sessionCount, String sha256,
            Optional<Path> movedLog) {
    }

    /** This member's identity; null when established (nothing to check). */
    private final Identity identity;
    private volatile boolean verified;
    private volatile String refusal;

    private EnsembleSeed(Identity identity) {
        this.identity = identity;
        this.verified = identity == null;
    }

    /**
     * Writes the standalone server's whole state as one seed snapshot in its snapshot directory
     * and moves its log aside. The server must be stopped (its log storage is locked otherwise).
     *
     * @param standalone the standalone log's settings (its logDir is dataLogDir/raft); host and
     *     port are those the recovery briefly binds (use 127.0.0.1 and 0)
     * @throws ConfigException if the directories belong to an ensemble member already
     * @throws IOException if the data cannot be recovered or the seed not written
     */
    public static Sealed seal(RaftTxnLog.Settings standalone, Ticker ticker) throws IOException {
        Path ensembleStorage = standalone.logDir().resolveSibling(EnsembleLog.STORAGE_DIR);
        if (hasGroup(ensembleStorage)) {
            throw new ConfigException(ensembleStorage + " holds an ensemble member's log: this is not a standalone "
                    + "server's data (nothing to seal)");
        }
        SnapshotStore store = new SnapshotStore(standalone.snapshotDir(), standalone.snapshotSettings(), ticker);
        if (!Files.isDirectory(standalone.logDir())) {
            Optional<Newest> newest = newest(store);
            if (newest.isPresent() && newest.get().header().seed()) {
                // sealed before and not run as standalone since: the same seed again
                Newest n = newest.get();
                return new Sealed(n.file(), n.header().lastZxid(), n.header().nodeCount(), n.header().sessionCount(),
                        sha256(n.file()), Optional.empty());
            }
        }
        RaftTxnLog log = RaftTxnLog.open(standalone, ticker);
        SnapshotInfo info;
        try {
            FrozenState frozen = log.state().freeze();
            TermIndex position = log.lastAppliedPosition();
            info = store.save(frozen, position == null ? 0 : position.getTerm(),
                    position == null ? -1 : position.getIndex(), SnapshotHeader.SEED);
        } finally {
            log.close();
        }
        Path moved = null;
        for (int i = 1; i < 1000 && moved == null; i++) {
            Path target = standalone.logDir().resolveSibling(SEALED_LOG_PREFIX + Long.toHexString(info.lastZxid())
                    + (i == 1 ? "" : "-" + i));
            if (!Files.exists(target)) {
                Files.move(standalone.logDir(), target, StandardCopyOption.ATOMIC_MOVE);
                moved = target;
            }
        }
        if (moved == null) {
            throw new IOException("cannot move " + standalone.logDir() + " aside: too many sealed logs next to it");
        }
        LOG.log(System.Logger.Level.INFO, "sealed for an ensemble: {0} (zxid 0x{1}, {2} znodes); standalone log "
                + "moved to {3}", info.path(), Long.toHexString(info.lastZxid()), String.valueOf(info.nodeCount()),
                moved);
        return new Sealed(info.path(), info.lastZxid(), info.nodeCount(), info.sessionCount(), sha256(info.path()),
                Optional.of(moved));
    }

    /**
     * Checks what a member is about to start from and returns its identity (see the class
     * comment). Call before loading the snapshot.
     *
     * @param storageDir the member's Ratis storage (dataLogDir/raft-ensemble)
     * @param snapshots the member's snapshot directory
     * @throws ConfigException if a fresh member holds unsealed standalone data
     */
    public static EnsembleSeed open(Path storageDir, SnapshotStore snapshots) throws IOException {
        boolean fresh = !hasGroup(storageDir);
        Optional<Newest> newest = newest(snapshots);
        if (fresh) {
            Path standaloneLog = storageDir.resolveSibling(STANDALONE_LOG_DIR);
            if (Files.isDirectory(standaloneLog) && !isEmpty(standaloneLog)) {
                throw new ConfigException(standaloneLog + " holds a standalone server's log: an ensemble member "
                        + "started on it would lose the writes after its last snapshot and diverge from the other "
                        + "members. Stop the server and run 'java -jar warden-server.jar --seal-for-ensemble "
                        + "zoo.cfg' first, then copy the seed file to every member (" + PROCEDURE + ")");
            }
            if (newest.isPresent() && !newest.get().header().seed() && !newest.get().header().ensemble()) {
                throw new ConfigException(newest.get().file() + " is a standalone server's snapshot, not an ensemble "
                        + "seed: seal the standalone data with 'java -jar warden-server.jar --seal-for-ensemble "
                        + "zoo.cfg' and give every member that one seed file (" + PROCEDURE + ")");
            }
        }
        Identity identity;
        if (newest.isEmpty()) {
            identity = Identity.EMPTY;
        } else if (!newest.get().header().seed() && newest.get().header().lastIndex() >= 0) {
            identity = null;
        } else {
            identity = new Identity(newest.get().header().lastZxid(), sha256(newest.get().file()));
        }
        EnsembleSeed seed = new EnsembleSeed(identity);
        LOG.log(System.Logger.Level.INFO, "ensemble member starts from {0}", seed.describe());
        return seed;
    }

    /** What this member started from, for log lines. */
    String describe() {
        return identity == null ? "an ensemble snapshot (established member)" : identity.toString();
    }

    /** This member's identity; null when established. */
    Identity identity() {
        return identity;
    }

    /**
     * Whether the member may serve and (as leader) accept entries: established, or the group's
     * seed matched, or a snapshot was installed.
     */
    boolean verified() {
        return verified && refusal == null;
    }

    /** Why this member refused its group's data, or null. */
    String refusal() {
        return refusal;
    }

    /**
     * A genesis entry was committed: compares it with this member's identity. Returns false if
     * the member must not apply anything after it (it refused). Ratis's updater thread.
     */
    boolean onGenesis(Identity groupSeed) {
        if (refusal != null) {
            return false;
        }
        if (identity == null || identity.equals(groupSeed)) {
            if (!verified) {
                LOG.log(System.Logger.Level.INFO, "the ensemble started from {0}, as this member: serving", groupSeed);
            }
            verified = true;
            return true;
        }
        refuse("the ensemble was started from " + groupSeed + " but this member holds " + identity);
        return false;
    }

    /**
     * A data entry was committed: before any genesis (a group older than genesis entries) it is
     * accepted only by a member that started empty. Returns false if the member refused.
     */
    boolean onData() {
        if (refusal != null) {
            return false;
        }
        if (verified) {
            return true;
        }
        if (Identity.EMPTY.equals(identity)) {
            verified = true;
            return true;
        }
        refuse("the ensemble's log holds data written without a seed entry but this member holds " + identity);
        return false;
    }

    /** A snapshot from the leader replaced this member's data: nothing of its own is left. */
    void onInstalled() {
        if (refusal == null) {
            verified = true;
        }
    }

    private void refuse(String why) {
        refusal = why;
        LOG.log(System.Logger.Level.ERROR, "ensemble seed mismatch: " + why + ". This member stops (it never "
                + "applies the ensemble's log on top of different data) and leaves the group. Give every member "
                + "the same seed file (or none, for an empty ensemble), delete dataLogDir/" + EnsembleLog.STORAGE_DIR
                + " on every member and start them again (" + PROCEDURE + ")");
    }

    /** The genesis entry this member appends as the first leader of a fresh group. */
    ByteString genesisPayload() {
        Identity id = identity == null ? Identity.EMPTY : identity;
        byte[] digest = HexFormat.of().parseHex(id.sha256());
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 1 + digest.length);
        b.put((byte) GENESIS_VERSION).putLong(id.zxid()).put((byte) digest.length).put(digest);
        return UnsafeByteOperations.unsafeWrap(b.array());
    }

    /** Whether a log payload is a genesis entry. */
    static boolean isGenesis(ByteString payload) {
        return !payload.isEmpty() && (payload.byteAt(0) & 0xff) == GENESIS_VERSION;
    }

    /** The identity a genesis payload names. */
    static Identity decodeGenesis(ByteString payload) {
        ByteBuffer b = payload.asReadOnlyByteBuffer();
        if (b.remaining() < 10 || (b.get() & 0xff) != GENESIS_VERSION) {
            throw new IllegalArgumentException("not a genesis entry");
        }
        long zxid = b.getLong();
        int length = b.get() & 0xff;
        if (length > MAX_DIGEST_BYTES || b.remaining() != length) {
            throw new IllegalArgumentException("malformed genesis entry");
        }
        byte[] digest = new byte[length];
        b.get(digest);
        return new Identity(zxid, HexFormat.of().formatHex(digest));
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private record Newest(Path file, SnapshotHeader header) {
    }

    /** The newest snapshot whose header reads (as loading skips a corrupt one). */
    private static Optional<Newest> newest(SnapshotStore snapshots) throws IOException {
        for (Path p : snapshots.snapshots()) {
            try {
                return Optional.of(new Newest(p, SnapshotReader.readHeader(p)));
            } catch (CorruptFileException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping snapshot {0}: {1}", p.getFileName(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static boolean hasGroup(Path storageDir) {
        return Files.isDirectory(storageDir.resolve(RaftTxnLog.GROUP_ID.getUuid().toString()));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Override
    public String toString() {
        return describe() + (refusal != null ? " (refused)" : verified ? " (verified)" : " (not yet verified)");
    }
}
