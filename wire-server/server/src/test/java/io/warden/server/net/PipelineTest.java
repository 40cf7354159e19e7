package io.warden.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelined requests: replies strictly in request order, reads see the session's earlier writes. */
class PipelineTest {
    private static final int COUNT = 10_000;

    @TempDir
    Path dir;
    private final FakeTicker ticker = new FakeTicker();
    private WardenServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Writes {@code frames} from another thread while this one reads the replies. */
    private static CompletableFuture<Void> writeAsync(RawClient c, byte[] frames) {
        return CompletableFuture.runAsync(() -> {
            try {
                c.write(frames);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void tenThousandPipelinedWritesAndReadsAnsweredInOrder() throws Exception {
        // small bounds so that backpressure (autoRead off, parked connections) is exercised
        server = TestServers.start(dir, ticker, b -> b.maxOutstandingPerConnection(64).globalOutstandingLimit(100)
                .maxBatchSize(50));
        try (RawClient c = RawClient.session(server.port())) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < COUNT / 2; i++) {
                all.write(c.frame(OpCode.CREATE, new CreateRequest("/n" + i, null, Acl.OPEN_ACL_UNSAFE, 0)));
                all.write(c.frame(OpCode.EXISTS, new ExistsRequest("/n" + i, false)));
            }
            CompletableFuture<Void> writer = writeAsync(c, all.toByteArray());
            long lastZxid = 1;
            for (int i = 0; i < COUNT; i++) {
                ReplyFrame f = c.readReply();
                assertEquals(i + 1, f.xid(), "reply " + i + " in order");
                assertEquals(0, f.header().err(), "reply " + i);
                if (i % 2 == 0) {
                    assertEquals(lastZxid + 1, f.header().zxid(), "each create consumes the next zxid");
                    lastZxid = f.header().zxid();
                } else {
                    assertEquals(lastZxid, ((ExistsResponse) f.response()).stat().czxid(),
                            "the read sees the session's preceding write");
                }
            }
            writer.get(10, TimeUnit.SECONDS);
            assertEquals(COUNT / 2 + 1, c.ping().header().zxid());
        }
    }

    @Test
    void connectionsShareASmallGlobalLimitWithoutStarving() throws Exception {
        server = TestServers.start(dir, ticker, b -> b.globalOutstandingLimit(10).maxBatchSize(7));
        int connections = 5;
        int each = 2000;
        List<RawClient> clients = new ArrayList<>();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                RawClient client = RawClient.session(server.port());
                clients.add(client);
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int i = 0; i < each; i++) {
                    all.write(client.frame(OpCode.EXISTS, new ExistsRequest("/zookeeper", false)));
                }
                writers.add(writeAsync(client, all.toByteArray()));
            }
            for (int i = 0; i < each; i++) {
                for (RawClient client : clients) {
                    assertEquals(i + 1, client.readReply().xid());
                }
            }
            for (CompletableFuture<Void> w : writers) {
                w.get(10, TimeUnit.SECONDS);
            }
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void tenThousandPipelinedPingsFromTwoConnectionsInterleaved() throws Exception {
        server = TestServers.start(dir, ticker);
        try (RawClient a = RawClient.session(server.port()); RawClient b = RawClient.session(server.port())) {
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < COUNT; i++) {
                pings.write(a.frame(OpCode.PING, EmptyRequest.INSTANCE));
            }
            CompletableFuture<Void> wa = writeAsync(a, pings.toByteArray());
            CompletableFuture<Void> wb = writeAsync(b, pings.toByteArray());
            for (int i = 0; i < COUNT; i++) {
                ReplyFrame fa = a.readReply();
                ReplyFrame fb = b.readReply();
                assertEquals(Xids.PING, fa.xid());
                assertEquals(Xids.PING, fb.xid());
                assertEquals(2, fa.header().zxid(), "ping replies carry the last zxid");
            }
            wa.get(10, TimeUnit.SECONDS);
            wb.get(10, TimeUnit.SECONDS);
            assertTrue(server.isRunning());
        }
    }
}
