package io.warden.server.persist;

import com.google.common.base.Ticker;
import io.warden.server.state.FrozenState;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of snapshots named {@code snapshot.<lastZxid as 16 hex digits>}: saving (temp file,
 * fsync, atomic rename, fsync of the directory, then retention of the newest N) and loading the
 * newest one that is valid (a corrupt or truncated newer file is skipped with a warning and an
 * older one is used).
 *
 * <p>Falling back to an older snapshot is only safe if the log still holds every transaction
 * after it: the log must not be purged beyond the oldest retained snapshot.
 *
 * <p>Thread-safe: saves, listings and loads are serialized by the instance's lock, so a save may
 * run on a background thread while the apply thread goes on.
 */
public final class SnapshotStore {
    private static final System.Logger LOG = System.getLogger(SnapshotStore.class.getName());
    private static final String PREFIX = "snapshot.";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern NAME = Pattern.compile("snapshot\\.([0-9a-f]{1,16})");

    private final Path dir;
    private final SnapshotSettings settings;
    private final Ticker ticker;

    /** A loaded snapshot. Immutable holder; the state machine is handed to its apply thread. */
    public record Loaded(Path path, SnapshotHeader header, StateMachine stateMachine) {
    }

    public SnapshotStore(Path dir, SnapshotSettings settings, Ticker ticker) throws IOException {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        Files.createDirectories(dir);
    }

    public Path directory() {
        return dir;
    }

    /** The file name of the snapshot as of {@code lastZxid}. */
    public static String fileName(long lastZxid) {
        return PREFIX + String.format("%016x", lastZxid);
    }

    /**
     * Writes {@code state} as the snapshot of its zxid (replacing one of the same zxid), makes it
     * durable, deletes snapshots beyond the newest {@code retainCount}, and closes
     * {@code state}. Runs on the calling thread; the apply thread only pays the copy-on-write of
     * nodes it changes meanwhile.
     */
    public SnapshotInfo save(FrozenState state) throws IOException {
        return save(state, 0, -1);
    }

    /**
     * {@link #save(FrozenState)} recording {@code lastTerm} and {@code lastIndex}, the Raft term
     * and log index of the log entry holding the state's last transaction: recovery loads the
     * snapshot and replays the log after that entry.
     */
    public SnapshotInfo save(FrozenState state, long lastTerm, long lastIndex) throws IOException {
        return save(state, lastTerm, lastIndex, 0);
    }

    /**
     * {@link #save(FrozenState, long, long)} with header flags ({@link SnapshotHeader#SEED},
     * {@link SnapshotHeader#ENSEMBLE}).
     */
    public synchronized SnapshotInfo save(FrozenState state, long lastTerm, long lastIndex, int flags)
            throws IOException {
        try {
            long startNanos = ticker.read();
            Path target = dir.resolve(fileName(state.lastZxid()));
            Path temp = dir.resolve(target.getFileName() + TEMP_SUFFIX);
            Files.deleteIfExists(temp);
            long bytes;
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SnapshotWriter writer = new SnapshotWriter(ch, settings.blockBytes(), settings.progressEveryNodes());
                bytes = writer.write(state, lastTerm, lastIndex, flags);
                ch.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
            SnapshotInfo info = new SnapshotInfo(target, state.lastZxid(), lastTerm, lastIndex, state.nodeCount(),
                    state.sessions().size(), bytes, state.preservedCount());
            LOG.log(System.Logger.Level.INFO, "snapshot 0x{0}: {1} znodes, {2} sessions, {3} bytes in {4} ms "
                    + "({5} znodes copied on write)", Long.toHexString(info.lastZxid()),
                    String.valueOf(info.nodeCount()), String.valueOf(info.sessionCount()), String.valueOf(bytes),
                    String.valueOf((ticker.read() - startNanos) / 1_000_000), String.valueOf(info.preservedNodes()));
            purge();
            return info;
        } finally {
            state.close();
        }
    }

    /** The snapshot files, newest (highest zxid) first. Temporary files are not listed. */
    public synchronized List<Path> snapshots() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : files) {
                if (zxidOf(p) >= 0 && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(SnapshotStore::zxidOf).reversed());
        return out;
    }

    /**
     * Loads the newest valid snapshot; empty if there is none. Corrupt files are skipped with a
     * warning (and kept for inspection); other I/O errors propagate.
     */
    public synchronized Optional<Loaded> loadNewest(StateConfig config) throws IOException {
        for (Path p : snapshots()) {
            long startNanos = ticker.read();
            try {
                SnapshotHeader header = SnapshotReader.readHeader(p);
                StateMachine sm = SnapshotReader.load(p, config, settings.progressEveryNodes());
                LOG.log(System.Logger.Level.INFO,
                        "loaded snapshot {0}: {1} znodes, {2} sessions, lastZxid 0x{3} in {4} ms",
                        p.getFileName(), String.valueOf(header.nodeCount()), String.valueOf(header.sessionCount()),
                        Long.toHexString(header.lastZxid()), String.valueOf((ticker.read() - startNanos) / 1_000_000));
                return Optional.of(new Loaded(p, header, sm));
            } catch (CorruptFileException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping snapshot {0}: {1}", p.getFileName(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The zxid in a snapshot file name, or -1 if the name is not one. */
    static long zxidOf(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseUnsignedLong(m.group(1), 16) : -1;
    }

    private void purge() throws IOException {
        List<Path> all = snapshots();
        for (int i = settings.retainCount(); i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
            LOG.log(System.Logger.Level.DEBUG, "deleted old snapshot {0}", all.get(i).getFileName());
        }
    }

    private void syncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
