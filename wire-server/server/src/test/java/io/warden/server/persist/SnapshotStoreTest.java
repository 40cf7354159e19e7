package io.warden.server.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.testing.Seeds;
import io.warden.server.state.StateDump;
import io.warden.server.state.StateMachine;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RandomHistory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot directory and file format: naming, retention, temp files, and that a damaged file
 * never loads as something else: every flipped byte and every truncation of a small snapshot is
 * refused, and loading then falls back to the next older valid snapshot.
 */
class SnapshotStoreTest {
    @TempDir
    Path dir;

    private static StateMachine history(long seed, int steps) {
        StateMachine sm = new StateMachine(RandomHistory.config());
        RandomHistory h = new RandomHistory(seed, sm);
        for (int i = 0; i < steps; i++) {
            h.step();
        }
        return sm;
    }

    private static StateMachine load(Path name, byte[] content) throws IOException {
        return SnapshotReader.load(name, new ByteArrayInputStream(content), RandomHistory.config(), 1000);
    }

    private SnapshotStore store(int retain) throws IOException {
        return new SnapshotStore(dir, new SnapshotSettings(retain, 1000, 4096), new FakeTicker());
    }

    private static void assertSameState(StateMachine expected, StateMachine actual) {
        assertNull(StateDump.firstDifference(StateDump.lines(expected), StateDump.lines(actual)));
    }

    @Test
    void keepsTheNewestNAndIgnoresTempFiles() throws IOException {
        SnapshotStore store = store(3);
        StateMachine sm = new StateMachine(RandomHistory.config());
        RandomHistory h = new RandomHistory(5, sm);
        long[] zxids = new long[5];
        for (int i = 0; i < 5; i++) {
            for (int s = 0; s < 100; s++) {
                h.step();
            }
            zxids[i] = store.save(sm.freeze()).lastZxid();
        }
        Files.writeString(dir.resolve("snapshot.ffff.tmp"), "partial");
        Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals(List.of(dir.resolve(SnapshotStore.fileName(zxids[4])), dir.resolve(SnapshotStore.fileName(zxids[3])),
                dir.resolve(SnapshotStore.fileName(zxids[2]))), store.snapshots());
        SnapshotStore.Loaded loaded = store.loadNewest(RandomHistory.config()).orElseThrow();
        assertEquals(zxids[4], loaded.header().lastZxid());
        assertSameState(sm, loaded.stateMachine());
        assertEquals(String.format("snapshot.%016x", zxids[4]), loaded.path().getFileName().toString());
    }

    @Test
    void emptyDirectoryLoadsNothing() throws IOException {
        assertEquals(Optional.empty(), store(2).loadNewest(RandomHistory.config()));
    }

    @Test
    void aCorruptNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        SnapshotStore store = store(3);
        StateMachine older = history(11, 400);
        store.save(older.freeze());
        StateMachine newer = history(11, 800);
        Path newest = store.save(newer.freeze()).path();

        byte[] good = Files.readAllBytes(newest);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x40;
        Files.write(newest, bad);
        SnapshotStore.Loaded loaded = store.loadNewest(RandomHistory.config()).orElseThrow();
        assertEquals(older.lastZxid(), loaded.header().lastZxid());
        assertSameState(older, loaded.stateMachine());

        Files.write(newest, Arrays.copyOf(good, good.length - 5));
        assertEquals(older.lastZxid(), store.loadNewest(RandomHistory.config()).orElseThrow().header().lastZxid());

        Files.write(newest, good);
        assertSameState(newer, store.loadNewest(RandomHistory.config()).orElseThrow().stateMachine());
        assertTrue(Files.exists(newest), "a corrupt file is kept for inspection");
    }

    @Test
    void everyFlippedByteAndEveryTruncationIsRefused() throws IOException {
        long seed = Seeds.seed("SnapshotStoreTest.everyFlippedByteAndEveryTruncationIsRefused");
        SplittableRandom rnd = new SplittableRandom(seed);
        StateMachine sm = history(7, 40);
        SnapshotInfo info = store(1).save(sm.freeze());
        Path file = info.path();
        byte[] good = Files.readAllBytes(file);
        assertTrue(good.length > 1000 && good.length < 4000 && info.sessionCount() > 0, info.toString());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 + rnd.nextInt(255));
            int at = i;
            assertThrows(CorruptFileException.class, () -> load(file, bad), () -> Seeds.describe(seed) + " flipped byte " + at);
        }
        for (int length = 0; length < good.length; length++) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThrows(CorruptFileException.class, () -> load(file, cut), "truncated to " + length);
        }
        assertThrows(CorruptFileException.class, () -> load(file, Arrays.copyOf(good, good.length + 1)));
        assertSameState(sm, load(file, good));
        assertSameState(sm, SnapshotReader.load(file, RandomHistory.config(), 1000));
    }

    @Test
    void anUnknownFormatVersionIsRefusedByName() throws IOException {
        Path file = store(1).save(history(3, 50).freeze()).path();
        byte[] b = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(4, 4);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, SnapshotFormat.HEADER_BYTES - 4);
        buf.putInt(SnapshotFormat.HEADER_BYTES - 4, (int) crc.getValue());
        Files.write(file, b);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> SnapshotReader.readHeader(file));
        assertTrue(e.getMessage().endsWith("unsupported snapshot format version 4 (this build reads versions 1 to 3)"),
                e.getMessage());
        Files.writeString(file, "not a snapshot at all, but long enough for a header");
        e = assertThrows(CorruptFileException.class, () -> SnapshotReader.readHeader(file));
        assertTrue(e.getMessage().contains("not a Warden snapshot"), e.getMessage());
    }

    @Test
    void aFreshTreeRoundTrips() throws IOException {
        StateMachine fresh = new StateMachine(RandomHistory.config());
        SnapshotInfo info = store(1).save(fresh.freeze());
        assertEquals(4, info.nodeCount());
        assertEquals(0, info.lastZxid());
        assertEquals(0, info.lastTerm());
        SnapshotInfo withTerm = store(1).save(fresh.freeze(), 7, 9);
        assertEquals(new SnapshotHeader(3, 0, 7, 9, 4, 0), SnapshotReader.readHeader(withTerm.path()));
        assertSameState(fresh, SnapshotReader.load(info.path(), RandomHistory.config(), 1000));
        // a version-2 file (no session owners; this one has no sessions, so only its header differs) loads
        byte[] b = Files.readAllBytes(withTerm.path());
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.putInt(4, SnapshotFormat.VERSION_2);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, SnapshotFormat.HEADER_BYTES - 4);
        buf.putInt(SnapshotFormat.HEADER_BYTES - 4, (int) crc.getValue());
        Files.write(withTerm.path(), b);
        assertEquals(new SnapshotHeader(2, 0, 7, 9, 4, 0), SnapshotReader.readHeader(withTerm.path()));
        assertSameState(fresh, SnapshotReader.load(withTerm.path(), RandomHistory.config(), 1000));
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SnapshotSettings(0, 1, 4096));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotSettings(1, 0, 4096));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotSettings(1, 1, 100));
    }
}
