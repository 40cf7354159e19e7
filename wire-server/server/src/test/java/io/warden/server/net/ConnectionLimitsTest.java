package io.warden.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maxClientCnxns, and clients that never read: the server stays up and bounded. */
class ConnectionLimitsTest {
    private static final Bytes ZEROS = Bytes.wrapOwned(new byte[16]);

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

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void connectionsBeyondMaxClientCnxnsPerIpAreClosed() throws Exception {
        server = TestServers.start(dir, ticker, b -> b.maxClientCnxns(3));
        List<RawClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(RawClient.session(server.port()));
            }
            try (RawClient fourth = new RawClient(server.port())) {
                assertTrue(fourth.closedWithoutData(), "the fourth connection from 127.0.0.1 is closed");
            }
            for (RawClient c : open) {
                assertEquals(0, c.ping().header().err(), "the first three are unaffected");
            }
            open.remove(0).close();
            await(() -> server.connectionCount() == 2, "the closed connection to be forgotten");
            try (RawClient again = RawClient.session(server.port())) {
                assertEquals(0, again.ping().header().err());
            }
        } finally {
            for (RawClient c : open) {
                c.close();
            }
        }
    }

    @Test
    void aClientThatNeverReadsIsPausedThenClosedByItsSessionExpiryWhileOthersAreServed() throws Exception {
        server = TestServers.start(dir, ticker, b -> b.writeBufferLowWaterBytes(8 * 1024)
                .writeBufferHighWaterBytes(16 * 1024));
        // A small receive buffer: the replies the slow client never reads pile up in the server's
        // outbound buffer (not only in the kernel's), which is what the close must not wait for.
        try (RawClient slow = new RawClient(server.port(), 4096); RawClient good = new RawClient(server.port())) {
            assertEquals(4000, slow.connect(new ConnectRequest(0, 4000, 0, ZEROS, false)).timeOut());
            assertEquals(40_000, good.connect(new ConnectRequest(0, 40_000, 0, ZEROS, false)).timeOut());
            ByteArrayOutputStream pings = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                pings.write(slow.frame(OpCode.PING, EmptyRequest.INSTANCE));
            }
            byte[] batch = pings.toByteArray();
            AtomicLong progress = new AtomicLong();
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 2000; i++) { // at most 24 MB; the kernel buffers fill long before
                        slow.write(batch);
                        progress.addAndGet(batch.length);
                    }
                } catch (Exception e) {
                    // the server closed it
                }
                return progress.get();
            });
            // The server stops reading from the slow client, so its writes block; others are served.
            // Wait until they do: then the replies it never reads fill the server's outbound buffer
            // too, which the close on expiry must not wait to flush.
            long stalledSince = System.nanoTime();
            long seen = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() - stalledSince < TimeUnit.MILLISECONDS.toNanos(1500)) {
                assertTrue(System.nanoTime() < deadline, "the slow client's writes never blocked");
                assertFalse(writer.isDone(), "the slow client's writes are blocked by backpressure");
                long now = progress.get();
                if (now != seen) {
                    seen = now;
                    stalledSince = System.nanoTime();
                }
                assertEquals(0, good.ping().header().err());
                Thread.sleep(50);
            }
            assertFalse(writer.isDone(), "the slow client's writes are blocked by backpressure");
            assertEquals(2, server.sessionCount());
            ticker.advance(Duration.ofSeconds(10));
            server.checkSessionExpiry();
            long written = writer.get(20, TimeUnit.SECONDS);
            assertTrue(written < 24L * 1000 * 2000, "stopped early: " + written);
            await(() -> server.sessionCount() == 1, "the slow session to expire");
            assertEquals(0, good.ping().header().err(), "the other session is unaffected");
            assertTrue(server.isRunning());
        }
    }

    @Test
    void aWatcherThatNeverReadsIsClosedWhenItsUnsentBytesPassTheBound() throws Exception {
        server = TestServers.start(dir, ticker, b -> b.writeBufferLowWaterBytes(8 * 1024)
                .writeBufferHighWaterBytes(16 * 1024).maxPendingWriteBytes(64 * 1024));
        String hot = "/hot-" + "x".repeat(8000);
        try (RawClient writer = RawClient.session(server.port()); RawClient watcher = RawClient.session(server.port())) {
            watcher.socket().setReceiveBufferSize(4096);
            assertEquals(0, writer.call(OpCode.CREATE, new CreateRequest(hot, null, Acl.OPEN_ACL_UNSAFE, 0))
                    .header().err());
            assertEquals(0, watcher.call(OpCode.ADD_WATCH, new AddWatchRequest(hot, 0)).header().err());
            // Each setData sends the watcher an ~8 KB notification it never reads.
            boolean closed = false;
            for (int i = 0; i < 5000 && !closed; i++) {
                assertEquals(0, writer.call(OpCode.SET_DATA, new SetDataRequest(hot, Bytes.utf8("v" + i), -1))
                        .header().err());
                closed = server.connectionCount() == 1;
            }
            assertTrue(closed, "the watcher's connection was closed");
            assertEquals(0, writer.ping().header().err(), "the writer is unaffected");
        }
    }
}
