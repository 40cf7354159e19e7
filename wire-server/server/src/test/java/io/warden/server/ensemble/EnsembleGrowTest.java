package io.warden.server.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.ConfigException;
import io.warden.server.Main;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import io.warden.server.ZooCfg;
import io.warden.server.persist.SnapshotHeader;
import io.warden.server.persist.SnapshotReader;
import io.warden.server.raft.EnsembleLog;
import io.warden.server.raft.EnsembleSeed;
import io.warden.server.testing.FreePorts;
import io.warden.server.testing.InJvmEnsemble;
import io.warden.server.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing a standalone server into a three-server ensemble (README, "Growing a standalone server
 * into an ensemble"; docs/ensemble-design.md section 11): unsealed standalone data is refused,
 * sealed data arrives whole on every member (znodes, stats, sequence counters, a session with its
 * ephemeral, the log tail after the last snapshot), and a member holding another seed is refused
 * at the group's genesis entry.
 */
class EnsembleGrowTest {
    private static final int PERSISTENT_SEQUENTIAL = 2;
    private static final int EPHEMERAL = 1;

    @TempDir
    Path dir;

    @Test
    void standaloneGrowsIntoThreeServersWithoutLosingData() throws Exception {
        Path s1 = dir.resolve("s1");
        ServerConfig standaloneConfig = standaloneConfig(s1, 20);
        Map<String, Stat> stats = new LinkedHashMap<>();
        long sessionId;
        Bytes password;
        long lastZxid;
        WardenServer standalone = WardenServer.start(standaloneConfig);
        try (RawClient a = RawClient.session(standalone.port()); RawClient b = RawClient.session(standalone.port())) {
            ok(InJvmEnsemble.create(a, "/app", "v0", 0));
            for (int i = 0; i < 6; i++) {
                ok(InJvmEnsemble.create(a, "/app/seq-", "s" + i, PERSISTENT_SEQUENTIAL));
            }
            ok(a.call(OpCode.DELETE, new DeleteRequest("/app/seq-0000000002", -1)));
            for (int i = 0; i < 30; i++) {
                ok(a.call(OpCode.SET_DATA, new SetDataRequest("/app", Bytes.utf8("v" + (i + 1)), -1)));
            }
            ok(InJvmEnsemble.create(b, "/app/eph", "mine", EPHEMERAL));
            ok(InJvmEnsemble.create(a, "/tail", "after the last snapshot", 0));
            for (String p : List.of("/app", "/app/seq-0000000000", "/app/seq-0000000005", "/app/eph", "/tail")) {
                stats.put(p, InJvmEnsemble.stat(a, p));
            }
            lastZxid = stats.get("/tail").mzxid();
            sessionId = b.sessionId();
            password = b.password();
            // a snapshot was written, and the log holds writes after it (the tail)
            Path snapshots = s1.resolve(WardenServer.SNAPSHOT_DIR);
            InJvmEnsemble.eventually("a standalone snapshot", 30_000, () -> newestSnapshot(snapshots).isPresent());
            SnapshotHeader h = SnapshotReader.readHeader(newestSnapshot(snapshots).get());
            assertTrue(h.lastZxid() < lastZxid, "the log has a tail after the snapshot");
            assertTrue(h.lastIndex() >= 0 && !h.seed() && !h.ensemble(), "a standalone snapshot: " + h);
            // b leaves without closing its session (its socket only): the session and ephemeral stay
        } finally {
            standalone.close();
        }

        // 1. the standalone data as it is cannot start an ensemble member: refused, nothing started
        ConfigException refused = assertThrows(ConfigException.class,
                () -> InJvmEnsemble.builder(dir).members(3).awaitServing(false).start());
        assertTrue(refused.getMessage().contains("--seal-for-ensemble"), refused.getMessage());

        // 2. seal (the shaded jar's command, through Main)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--seal-for-ensemble", s1.resolve("zoo.cfg").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
        Matcher file = Pattern.compile("seed file  (snapshot\\.[0-9a-f]{16})").matcher(printed);
        assertTrue(file.find(), printed);
        assertTrue(printed.contains("zxid       0x" + Long.toHexString(lastZxid)), printed);
        assertTrue(printed.contains("sessions   2"), printed);
        Path seed = s1.resolve(WardenServer.SNAPSHOT_DIR).resolve(file.group(1));
        assertTrue(printed.contains("sha256     " + EnsembleSeed.sha256(seed)), printed);
        assertTrue(SnapshotReader.readHeader(seed).seed());
        ByteArrayOutputStream inspected = new ByteArrayOutputStream();
        Main.run(new String[] {"inspect", "snapshot", seed.toString()},
                new PrintStream(inspected, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
        assertTrue(inspected.toString(StandardCharsets.UTF_8).contains("Ensemble seed: yes"), inspected.toString());
        assertFalse(Files.exists(s1.resolve(EnsembleSeed.STANDALONE_LOG_DIR)), "the standalone log is moved aside");

        // 3. copy the seed to the other members, start all three with the full server list
        for (String member : List.of("s2", "s3")) {
            Path target = dir.resolve(member).resolve(WardenServer.SNAPSHOT_DIR);
            Files.createDirectories(target);
            Files.copy(seed, target.resolve(seed.getFileName()));
        }
        try (InJvmEnsemble e = InJvmEnsemble.builder(dir).members(3).maxSessionTimeoutMs(60_000)
                .waitMs(60_000).start()) {
            for (Map.Entry<String, Stat> s : stats.entrySet()) {
                e.sameEverywhere(s.getKey(), s.getValue());
            }
            // the session made on the standalone re-attaches (within its timeout) and still owns its ephemeral
            int follower = e.follower(e.leader(), -1);
            try (RawClient back = new RawClient(e.server(follower).port())) {
                ConnectResponse r = back.connect(new ConnectRequest(lastZxid, 30_000, sessionId, password, false));
                assertTrue(r.timeOut() > 0, "re-attached: " + r);
                assertEquals(sessionId, r.sessionId());
                assertEquals(sessionId, InJvmEnsemble.stat(back, "/app/eph").ephemeralOwner());
            }
            // new writes continue the sequence counter and the zxids
            try (RawClient c = e.session(e.leader())) {
                ReplyFrame f = InJvmEnsemble.create(c, "/app/seq-", "new", PERSISTENT_SEQUENTIAL);
                ok(f);
                // seven children were created under /app on the standalone (one deleted since)
                String name = "/app/seq-0000000007";
                assertEquals(name, ((CreateResponse) f.response()).path(), "the parent's sequence counter goes on");
                Stat created = InJvmEnsemble.stat(c, name);
                assertTrue(created.czxid() > lastZxid, "zxids continue after the seed's");
                Stat app = InJvmEnsemble.stat(c, "/app");
                assertEquals(stats.get("/app").cversion() + 1, app.cversion());
                e.sameEverywhere("/app", app);
                e.sameEverywhere(name, created);
            }
        }
    }

    @Test
    void aMemberWithAnotherSeedIsRefusedAtGenesis() throws Exception {
        Path seedA = sealedStandalone(dir.resolve("a"), "/from-a");
        Path seedB = sealedStandalone(dir.resolve("b"), "/from-b");
        Path ensemble = dir.resolve("ensemble");
        for (String member : List.of("s1", "s2", "s3")) {
            Path target = ensemble.resolve(member).resolve(WardenServer.SNAPSHOT_DIR);
            Files.createDirectories(target);
            Path seed = member.equals("s3") ? seedB : seedA;
            Files.copy(seed, target.resolve(seed.getFileName()));
        }
        try (InJvmEnsemble e = InJvmEnsemble.builder(ensemble).members(3).awaitServing(false)
                .waitMs(60_000).start()) {
            // whichever seed the first leader holds is the group's: the members holding the other
            // one refuse (if member 3 led first, members 1 and 2 refuse and nobody can serve)
            e.eventually("a member refuses at genesis", () -> refusal(e, 2).isPresent() || refusal(e, 0).isPresent());
            boolean groupIsA = refusal(e, 2).isPresent();
            if (groupIsA) {
                e.eventually("members 1 and 2 serve", () -> serving(e, 0) && serving(e, 1));
                assertTrue(refusal(e, 2).get().contains("sha256 " + EnsembleSeed.sha256(seedB)), refusal(e, 2).get());
                try (RawClient c = e.session(0)) {
                    assertNotNull(InJvmEnsemble.stat(c, "/from-a"));
                    ok(InJvmEnsemble.create(c, "/after", "x", 0));
                }
            } else {
                e.eventually("members 1 and 2 refuse", () -> refusal(e, 0).isPresent() && refusal(e, 1).isPresent());
            }
            // a refusing member never serves (its data differs from the group's)
            for (int i = 0; i < 3; i++) {
                if (refusal(e, i).isPresent()) {
                    assertFalse(serving(e, i), "member " + (i + 1) + " refused and must not serve");
                }
            }
        }
    }

    private Path sealedStandalone(Path data, String path) throws Exception {
        ServerConfig config = standaloneConfig(data, 100_000);
        WardenServer s = WardenServer.start(config);
        try (RawClient c = RawClient.session(s.port())) {
            ok(InJvmEnsemble.create(c, path, "x", 0));
        } finally {
            s.close();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--seal-for-ensemble", data.resolve("zoo.cfg").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of());
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        return newestSnapshot(data.resolve(WardenServer.SNAPSHOT_DIR)).orElseThrow();
    }

    private static Optional<String> refusal(InJvmEnsemble e, int i) {
        return e.server(i).ensembleStatus() instanceof EnsembleLog log ? log.seedRefusal() : Optional.empty();
    }

    private static boolean serving(InJvmEnsemble e, int i) {
        return e.server(i).ensembleStatus().view().serving();
    }

    private static ServerConfig standaloneConfig(Path data, int snapCount) throws Exception {
        Files.createDirectories(data);
        Path cfg = data.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + data + "\nclientPort=" + FreePorts.pick(1)[0] + "\ntickTime=500\n"
                + "minSessionTimeout=4000\nmaxSessionTimeout=60000\nsnapCount=" + snapCount + "\n");
        return ZooCfg.parseArgs(List.of(cfg.toString()), Map.of()).config();
    }

    private static Optional<Path> newestSnapshot(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot\\.[0-9a-f]{16}"))
                    .max((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        }
    }

    private static void ok(ReplyFrame f) {
        assertEquals(0, f.header().err(), "reply " + f);
    }
}
