package io.warden.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.CreateMode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.ServerConfig;
import io.warden.server.ServerEnv;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product path end to end: a server started with the default durability writes through the
 * Ratis log; a restart on the same dataDir keeps data, versions, zxids, sessions and their
 * ephemerals; snapshots are taken while writes go on; inspect prints the log.
 */
class DurableServerTest {
    private final FakeTicker ticker = new FakeTicker();

    @TempDir
    Path dataDir;

    private WardenServer start(int snapCount) throws Exception {
        ServerConfig config = TestServers.config(dataDir).snapCount(snapCount).build();
        assertEquals(ServerConfig.Durability.RAFT, config.durability(), "durable by default");
        return WardenServer.start(config, new ServerEnv(ticker, java.time.InstantSource.system(),
                io.warden.server.sequencer.Entropy.seeded(TestServers.SEED)));
    }

    @Test
    void aRestartKeepsDataSessionsEphemeralsAndZxids() throws Exception {
        long sessionId;
        Bytes password;
        long zxid;
        long startNanos = System.nanoTime();
        try (WardenServer first = start(100_000)) {
            long startMs = (System.nanoTime() - startNanos) / 1_000_000;
            System.out.println("durable server start (empty dataDir): " + startMs + " ms");
            RawClient c = RawClient.session(first.port());
            assertEquals(0, c.call(OpCode.CREATE, new CreateRequest("/kept", Bytes.utf8("v0"),
                    Acl.OPEN_ACL_UNSAFE, 0)).header().err());
            for (int i = 1; i <= 5; i++) {
                assertEquals(0, c.call(OpCode.SET_DATA, new SetDataRequest("/kept", Bytes.utf8("v" + i), i - 1))
                        .header().err());
            }
            assertEquals(0, c.call(OpCode.CREATE, new CreateRequest("/eph", null, Acl.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL.flag())).header().err());
            sessionId = c.sessionId();
            password = c.password();
            zxid = c.ping().header().zxid();
            // the client does not close its session: the server goes away under it
            first.close();
            c.close();
        }
        startNanos = System.nanoTime();
        try (WardenServer second = start(100_000)) {
            System.out.println("durable server restart: " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
            assertEquals(1, second.sessionCount(), "the session is restored and re-armed");
            try (RawClient c = new RawClient(second.port())) {
                assertEquals(sessionId, c.connect(new ConnectRequest(zxid, 30_000, sessionId, password, false))
                        .sessionId(), "re-attach after the restart");
                assertEquals(zxid, c.ping().header().zxid(), "same zxid");
                ReplyFrame data = c.call(OpCode.GET_DATA, new GetDataRequest("/kept", false));
                assertEquals(Bytes.utf8("v5"), ((GetDataResponse) data.response()).data());
                assertEquals(5, ((GetDataResponse) data.response()).stat().version());
                assertEquals(0, c.call(OpCode.EXISTS, new ExistsRequest("/eph", false)).header().err());
                ReplyFrame next = c.call(OpCode.CREATE, new CreateRequest("/after", null, Acl.OPEN_ACL_UNSAFE, 0));
                assertEquals(zxid + 1, next.header().zxid(), "zxids continue densely");
            }
        }
    }

    @Test
    void snapshotsAreTakenWhileWritesGoOnAndTheLogIsPrintable() throws Exception {
        List<Long> zxids = new ArrayList<>();
        try (WardenServer server = start(50); RawClient c = RawClient.session(server.port())) {
            for (int i = 0; i < 400; i++) {
                ReplyFrame r = c.call(OpCode.CREATE, new CreateRequest("/n" + i, Bytes.utf8("d" + i),
                        Acl.OPEN_ACL_UNSAFE, 0));
                assertEquals(0, r.header().err());
                zxids.add(r.header().zxid());
            }
        }
        Path snapshots = dataDir.resolve(WardenServer.SNAPSHOT_DIR);
        long count;
        try (var files = Files.list(snapshots)) {
            count = files.filter(p -> p.getFileName().toString().matches("snapshot\\.[0-9a-f]+")).count();
        }
        assertEquals(3, count, "autopurge.snapRetainCount keeps 3");
        try (WardenServer server = start(50); RawClient c = new RawClient(server.port())) {
            c.connect(new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false));
            for (int i = 0; i < 400; i += 37) {
                assertEquals(0, c.call(OpCode.EXISTS, new ExistsRequest("/n" + i, false)).header().err());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = io.warden.server.Main.run(new String[] {"inspect", "log",
            dataDir.resolve(WardenServer.RAFT_DIR).toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err, java.util.Map.of());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("create") && text.contains("/n399"), text.length() > 2000
                ? text.substring(text.length() - 2000) : text);
    }
}
