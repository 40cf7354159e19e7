package io.warden.server.ensemble;

import static io.warden.server.testing.InJvmEnsemble.create;
import static io.warden.server.testing.InJvmEnsemble.stat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.raft.EnsembleLog;
import io.warden.server.testing.InJvmEnsemble;
import io.warden.server.testing.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log purge and snapshot install in a three-member ensemble (one JVM, 127.0.0.1, free ports; the
 * harness of {@link EnsembleTest}): with snapshots every 4 transactions the leader purges its log
 * (it stays bounded while much more is written), and a member whose log ends before the leader's
 * first entry catches up through the leader's snapshot, whether it restarts on its old data or on
 * an empty dataDir: same data, zxids and sessions as the others.
 */
class EnsembleSnapshotInstallTest {
    private static final long WAIT_NANOS = 60_000_000_000L;
    private static final int VALUE_BYTES = 40_000;

    @TempDir
    Path dir;

    private InJvmEnsemble ensemble;

    @AfterEach
    void closeAll() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    /** Three members, snapshots every 4 transactions; returns once one leads and all serve. */
    private void startEnsemble() throws Exception {
        ensemble = InJvmEnsemble.builder(dir).members(3).extraCfg("snapCount=4\n").maxSessionTimeoutMs(120_000)
                .waitMs(WAIT_NANOS / 1_000_000).start();
    }

    private static void eventually(String what, Callable<Boolean> condition) throws Exception {
        InJvmEnsemble.eventually(what, WAIT_NANOS / 1_000_000, condition);
    }

    private int leader() throws Exception {
        return ensemble.leader();
    }

    private RawClient session(int server) throws Exception {
        return ensemble.session(server);
    }

    private static String data(RawClient c, String path) throws IOException {
        ReplyFrame f = c.call(OpCode.GET_DATA, new GetDataRequest(path, false));
        return f.header().err() == 0 ? ((GetDataResponse) f.response()).data().toUtf8() : null;
    }

    private Path logDir(int member) {
        return dir.resolve("s" + (member + 1)).resolve(EnsembleLog.STORAGE_DIR);
    }

    /** The Ratis segment files of a member (closed {@code log_a-b} and open {@code log_inprogress_a}). */
    private List<Path> segments(int member) throws IOException {
        if (!Files.isDirectory(logDir(member))) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(logDir(member))) {
            return files.filter(p -> p.getFileName().toString().startsWith("log_")).sorted().toList();
        }
    }

    private long bytes(List<Path> files) throws IOException {
        long sum = 0;
        for (Path p : files) {
            sum += Files.size(p);
        }
        return sum;
    }

    /** The first index still in a member's log (from the segment file names), or -1. */
    private long firstIndex(int member) throws IOException {
        long first = Long.MAX_VALUE;
        for (Path p : segments(member)) {
            first = Math.min(first, startOf(p));
        }
        return first == Long.MAX_VALUE ? -1 : first;
    }

    private static long startOf(Path p) {
        String name = p.getFileName().toString();
        if (name.startsWith("log_inprogress_")) {
            return Long.parseLong(name.substring("log_inprogress_".length()));
        }
        return Long.parseLong(name.substring("log_".length(), name.indexOf('-')));
    }

    private long installs(int member) {
        return ((EnsembleLog) ensemble.server(member).ensembleStatus()).snapshotsInstalled();
    }

    private static String value(int i) {
        return ("v" + i + "-").repeat(VALUE_BYTES / 3 + 1).substring(0, VALUE_BYTES);
    }

    /** Waits until {@code member} has what the leader has at /w{n-1} and the session with its ephemeral. */
    private long caughtUp(int member, int leader, int n, long sessionId, String ephemeral) throws Exception {
        long start = System.nanoTime();
        Stat expected;
        try (RawClient c = session(leader)) {
            expected = stat(c, "/w" + (n - 1));
        }
        eventually("member " + (member + 1) + " caught up", () -> {
            try (RawClient c = session(member)) {
                return expected.equals(stat(c, "/w" + (n - 1)));
            }
        });
        long caughtUpMs = (System.nanoTime() - start) / 1_000_000;
        try (RawClient c = session(member); RawClient l = session(leader)) {
            for (int i = 0; i < n; i += 7) {
                assertEquals(stat(l, "/w" + i), stat(c, "/w" + i), "stat of /w" + i);
                assertEquals(value(i), data(c, "/w" + i), "data of /w" + i);
            }
            assertEquals(sessionId, stat(c, ephemeral).ephemeralOwner(), "the ephemeral and its owner");
        }
        eventually("the session is known on member " + (member + 1), () -> RawClient.fourLetterWord(
                ensemble.server(member).port(), "dump").contains("0x" + Long.toHexString(sessionId)));
        // a write through the member after the install: the same zxid everywhere
        try (RawClient c = session(member)) {
            ReplyFrame f = create(c, "/after" + member, "a", 0);
            assertEquals(0, f.header().err());
            for (int i = 0; i < ensemble.size(); i++) {
                int m = i;
                try (RawClient o = session(m)) {
                    eventually("/after" + member + " on " + (m + 1), () -> {
                        Stat s = stat(o, "/after" + member);
                        return s != null && s.czxid() == f.header().zxid();
                    });
                }
            }
        }
        return caughtUpMs;
    }

    private int writeMany(int leader, int from, int count) throws Exception {
        try (RawClient c = session(leader)) {
            for (int i = from; i < from + count; i++) {
                assertEquals(0, create(c, "/w" + i, value(i), 0).header().err(), "write " + i);
            }
        }
        return from + count;
    }

    @Test
    void aMemberBehindThePurgedLogCatchesUpThroughTheLeadersSnapshotOnOldDataAndOnAnEmptyDataDir()
            throws Exception {
        startEnsemble();
        int leader = leader();
        int lagging = (leader + 1) % 3;
        int wiped = (leader + 2) % 3;
        // a session that outlives everything below (2 min), with an ephemeral
        long sessionId;
        try (RawClient c = new RawClient(ensemble.server(leader).port())) {
            assertTrue(c.connect(new ConnectRequest(0, 120_000, 0, Bytes.wrapOwned(new byte[16]), false))
                    .timeOut() > 0);
            sessionId = c.sessionId();
            assertEquals(0, create(c, "/eph", "e", 1).header().err());
        }
        int n = writeMany(leader, 0, 10);
        eventually("the lagging member has /w9", () -> {
            try (RawClient c = session(lagging)) {
                return stat(c, "/w9") != null;
            }
        });
        ensemble.server(lagging).close();
        // the closed member's log ends at or before the leader's last entry, which lies in the
        // leader's newest segment now: once that one is purged, only a snapshot can help
        long newestStart = -1;
        for (Path p : segments(leader)) {
            newestStart = Math.max(newestStart, startOf(p));
        }
        long leaderNewestAtClose = newestStart;

        // ~6 MB more through the leader: 1 MB segments, purged behind the snapshots
        long written = 0;
        long peakBytes = 0;
        for (int round = 0; round < 5; round++) {
            n = writeMany(leader, n, 30);
            written += 30L * VALUE_BYTES;
            peakBytes = Math.max(peakBytes, bytes(segments(leader)));
        }
        int writes = n;
        eventually("the leader's log purged past the closed member's last entry", () -> {
            try (RawClient c = session(leader)) {
                create(c, "/tick", "t", 0); // keeps snapshots and purges coming
                c.call(OpCode.DELETE, new io.warden.protocol.request.DeleteRequest("/tick", -1));
            }
            return firstIndex(leader) > leaderNewestAtClose;
        });
        long logBytes = bytes(segments(leader));
        System.out.printf("leader log: %d segment files, %d bytes (peak seen %d) after %d bytes of values; "
                + "first index %d, leader's newest segment when the member closed began at %d%n",
                segments(leader).size(), logBytes, peakBytes, written, firstIndex(leader), leaderNewestAtClose);
        assertTrue(logBytes < written / 2, "the leader's log stays bounded: " + logBytes + " bytes for " + written
                + " written; " + segments(leader));
        assertTrue(segments(leader).size() <= 4, "segments purged: " + segments(leader));

        // the member restarts on its old data: its log ends before the leader's first entry
        ensemble.restart(lagging);
        long installMs = caughtUp(lagging, leader, writes, sessionId, "/eph");
        System.out.printf("restarted member caught up through the snapshot in %d ms%n", installMs);
        assertTrue(installs(lagging) >= 1, "caught up through a snapshot install");

        // a member on a wiped dataDir (same myid)
        ensemble.server(wiped).close();
        Path data = dir.resolve("s" + (wiped + 1));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                String name = p.getFileName().toString();
                if (!p.equals(data) && !name.equals("myid") && !name.equals("zoo.cfg")) {
                    Files.delete(p);
                }
            }
        }
        n = writeMany(leader, n, 10);
        ensemble.restart(wiped);
        long wipedMs = caughtUp(wiped, leader, n, sessionId, "/eph");
        System.out.printf("wiped member caught up through the snapshot in %d ms%n", wipedMs);
        assertTrue(installs(wiped) >= 1, "caught up through a snapshot install");
        assertTrue(firstIndex(wiped) > 1, "the wiped member's log starts after the installed snapshot: "
                + segments(wiped));
    }
}
