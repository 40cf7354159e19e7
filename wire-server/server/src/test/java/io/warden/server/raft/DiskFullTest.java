package io.warden.server.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.ServerEnv;
import io.warden.server.WardenServer;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real disk-full: the data directory is a small tmpfs that is filled up while the server runs.
 * The write that cannot be made durable is not acknowledged (its connection closes: outcome
 * unknown), later writes get NOTREADONLY, and reads and re-attaches go on. Needs root (mount);
 * skips with the reason otherwise. The same path without a mount is covered by
 * SequencerTest's failing-log case.
 */
class DiskFullTest {
    private static final int VALUE_BYTES = 900 * 1024;

    @TempDir
    Path dir;

    @Test
    void aFullDiskStopsWritesWithNotReadOnlyWhileReadsGoOn() throws Exception {
        Path mount = dir.resolve("small");
        Files.createDirectories(mount);
        String reason = run("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", mount.toString());
        Assumptions.assumeTrue(reason == null, () -> "cannot mount a small tmpfs (needs root): " + reason);
        try {
            check(mount);
        } finally {
            String failed = run("umount", "-l", mount.toString());
            assertEquals(null, failed, "umount");
        }
    }

    private void check(Path mount) throws Exception {
        FakeTicker ticker = new FakeTicker();
        try (WardenServer server = WardenServer.start(TestServers.config(mount.resolve("data")).build(),
                new ServerEnv(ticker, java.time.InstantSource.system(),
                        io.warden.server.sequencer.Entropy.seeded(TestServers.SEED)))) {
            RawClient c = RawClient.session(server.port());
            long sessionId = c.sessionId();
            Bytes password = c.password();
            assertEquals(0, c.call(OpCode.CREATE, new CreateRequest("/a", Bytes.utf8("kept"), Acl.OPEN_ACL_UNSAFE, 0))
                    .header().err());
            fill(mount.resolve("filler"));
            Bytes big = Bytes.wrapOwned(new byte[VALUE_BYTES]);
            boolean lost = false;
            long acknowledged = 0;
            for (int i = 0; i < 40 && !lost; i++) {
                try {
                    ReplyFrame r = c.call(OpCode.CREATE, new CreateRequest("/big" + i, big, Acl.OPEN_ACL_UNSAFE, 0));
                    if (r.header().err() == 0) {
                        acknowledged++;
                    } else {
                        assertEquals(ErrorCode.NOTREADONLY.code(), r.header().err(), "only NOTREADONLY");
                        lost = true;
                    }
                } catch (IOException e) {
                    lost = true; // the connection closed without the reply: outcome unknown
                }
            }
            assertTrue(lost, "the disk filled up after " + acknowledged + " acknowledged writes");
            assertTrue(server.isReadOnly(), "read-only after the log failed");
            assertTrue(server.isRunning(), "still serving");
            c.close();
            try (RawClient again = new RawClient(server.port())) {
                assertEquals(sessionId, again.connect(new ConnectRequest(0, 30_000, sessionId, password, false))
                        .sessionId(), "re-attach works without the log");
                ReplyFrame read = again.call(OpCode.GET_DATA, new GetDataRequest("/a", false));
                assertEquals(0, read.header().err());
                assertEquals(Bytes.utf8("kept"), ((GetDataResponse) read.response()).data());
                ReplyFrame write = again.call(OpCode.SET_DATA, new SetDataRequest("/a", Bytes.utf8("x"), -1));
                assertEquals(ErrorCode.NOTREADONLY.code(), write.header().err(), "writes are refused");
                assertEquals(0, again.call(OpCode.GET_DATA, new GetDataRequest("/a", false)).header().err());
            }
        }
    }

    /** Writes zeros until the file system is full (bounded by its size). */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 1024; i++) {
                out.write(chunk);
            }
        } catch (IOException e) {
            return; // ENOSPC: full
        }
        throw new IOException("the file system did not fill up within 64 MB");
    }

    /** Runs a command; returns null on success, else what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output.trim();
    }
}
