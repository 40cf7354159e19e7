package io.warden.server.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import io.warden.server.ZooCfg;
import io.warden.server.raft.EnsembleLog;
import io.warden.server.testing.FreePorts;
import io.warden.server.testing.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    private final List<WardenServer> servers = new ArrayList<>();
    private final List<ServerConfig> configs = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (WardenServer s : servers) {
            s.close();
        }
    }

    /** Three members, snapshots every 4 transactions; returns once one leads and all serve. */
    private void startEnsemble() throws Exception {
        int n = 3;
        int[] ports = FreePorts.pick(3 * n);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            lines.append("server.").append(i + 1).append("=127.0.0.1:").append(ports[3 * i]).append(':')
                    .append(ports[3 * i + 1]).append(";127.0.0.1:").append(ports[3 * i + 2]).append('\n');
        }
        for (int i = 0; i < n; i++) {
            Path data = dir.resolve("s" + (i + 1));
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), (i + 1) + "\n");
            Path cfg = data.resolve("zoo.cfg");
            Files.writeString(cfg, "dataDir=" + data + "\ntickTime=500\ninitLimit=10\nsyncLimit=5\n"
                    + "4lw.commands.whitelist=*\nsnapCount=4\n"
                    + "minSessionTimeout=4000\nmaxSessionTimeout=120000\n"
                    + "warden.electionTimeoutMinMs=800\nwarden.electionTimeoutMaxMs=1600\n" + lines);
            ServerConfig config = ZooCfg.parseArgs(List.of(cfg.toString()), Map.of()).config();
            configs.add(config);
            servers.add(WardenServer.start(config));
        }
        leader();
        eventually("every member serves", () -> servers.stream().allMatch(s -> s.ensembleStatus().view().serving()));
    }

    private static void eventually(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT_NANOS;
        Exception last = null;
        while (System.nanoTime() - deadline < 0) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not within 60 s: " + what, last);
    }

    private int leader() throws Exception {
        int[] found = {-1};
        eventually("a leader", () -> {
            for (int i = 0; i < servers.size(); i++) {
                if (servers.get(i).isRunning() && servers.get(i).ensembleStatus().view().isLeader()) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private RawClient session(int server) throws Exception {
        RawClient[] c = {null};
        eventually("a session on server " + (server + 1), () -> {
            c[0] = RawClient.session(servers.get(server).port());
            return true;
        });
        return c[0];
    }

    private static ReplyFrame create(RawClient c, String path, String data, int flags) throws IOException {
        return c.call(OpCode.CREATE, new CreateRequest(path, Bytes.utf8(data), Acl.OPEN_ACL_UNSAFE, flags));
    }

    private static Stat stat(RawClient c, String path) throws IOException {
        ReplyFrame f = c.call(OpCode.EXISTS, new ExistsRequest(path, false));
        return f.header().err() == 0 ? ((ExistsResponse) f.response()).stat() : null;
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
        return ((EnsembleLog) servers.get(member).ensembleStatus()).snapshotsInstalled();
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
                servers.get(member).port(), "dump").contains("0x" + Long.toHexString(sessionId)));
        // a write through the member after the install: the same zxid everywhere
        try (RawClient c = session(member)) {
            ReplyFrame f = create(c, "/after" + member, "a", 0);
            assertEquals(0, f.header().err());
            for (int i = 0; i < servers.size(); i++) {
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
        try (RawClient c = new RawClient(servers.get(leader).port())) {
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
        servers.get(lagging).close();
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
        servers.set(lagging, WardenServer.start(configs.get(lagging)));
        long installMs = caughtUp(lagging, leader, writes, sessionId, "/eph");
        System.out.printf("restarted member caught up through the snapshot in %d ms%n", installMs);
        assertTrue(installs(lagging) >= 1, "caught up through a snapshot install");

        // a member on a wiped dataDir (same myid)
        servers.get(wiped).close();
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
        servers.set(wiped, WardenServer.start(configs.get(wiped)));
        long wipedMs = caughtUp(wiped, leader, n, sessionId, "/eph");
        System.out.printf("wiped member caught up through the snapshot in %d ms%n", wipedMs);
        assertTrue(installs(wiped) >= 1, "caught up through a snapshot install");
        assertTrue(firstIndex(wiped) > 1, "the wiped member's log starts after the installed snapshot: "
                + segments(wiped));
    }
}
