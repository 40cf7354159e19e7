package io.warden.server.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.server.Main;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.testing.FakeTicker;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TxnBatch;
import io.warden.server.txn.TxnCodec;
import io.warden.server.txn.TxnHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code warden-server inspect}: a snapshot printed with the fields of ZooKeeper's
 * SnapshotFormatter (cversion from C and the children in the file, the raw ephemeralOwner), a
 * txn batch file with one line per txn, and the exit codes for corrupt files and bad usage.
 */
class InspectTest {
    private static final long S = 0x0100000000000001L;
    private static final long T0 = 1_700_000_000_000L;
    private static final List<Id> IDS = List.of(new Id("ip", "127.0.0.1"));

    @TempDir
    Path dir;

    private final List<StampedTxn> txns = new java.util.ArrayList<>();
    private Path snapshot;

    private record Run(int code, String out, String err) {
    }

    private static Run inspect(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void add(long zxid, long dt, io.warden.server.txn.Txn txn) {
        txns.add(new StampedTxn(new TxnHeader(S, (int) zxid - 1, zxid, T0 + dt), txn));
    }

    @BeforeEach
    void history() throws IOException {
        add(1, 0, new CreateSessionTxn(30000, Bytes.copyOf(new byte[16])));
        add(2, 1000, new RequestTxn(OpCode.CREATE, new CreateRequest("/app", Bytes.utf8("hello"), Acl.OPEN_ACL_UNSAFE, 0), IDS));
        add(3, 2000, new RequestTxn(OpCode.CREATE, new CreateRequest("/app/e", null, Acl.OPEN_ACL_UNSAFE, 1), IDS));
        add(4, 3000, new RequestTxn(OpCode.SET_DATA, new SetDataRequest("/app", Bytes.utf8("hi!"), -1), IDS));
        add(5, 4000, new RequestTxn(OpCode.CREATE_CONTAINER, new CreateRequest("/app/c", Bytes.EMPTY, Acl.READ_ACL_UNSAFE, 4),
                IDS));
        StateMachine sm = new StateMachine(StateConfig.defaults());
        for (StampedTxn t : txns) {
            assertEquals(ErrorCode.OK, sm.apply(t.header(), t.txn()).err());
        }
        snapshot = new SnapshotStore(dir.resolve("snap"), SnapshotSettings.defaults(), new FakeTicker())
                .save(sm.freeze(), 3, 9).path();
    }

    /** The output split at "----" lines, keyed by the first line of each section. */
    private static Map<String, String> sections(String out) {
        Map<String, String> byFirstLine = new HashMap<>();
        for (String section : out.split("----\n")) {
            byFirstLine.put(section.lines().findFirst().orElse(""), section);
        }
        return byFirstLine;
    }

    @Test
    void snapshotPrintsEveryZnodeAndSession() {
        Run r = inspect("inspect", "snapshot", snapshot.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Warden snapshot " + snapshot + "\nFormat version: 3\nLast zxid: 0x5\nLast term: 3\nLast log index: 9\n"
                + "ZNode Details (count=7):\n"), r.out());
        Map<String, String> s = sections(r.out());
        assertEquals("/\n  cZxid = 0x0\n  ctime = 1970-01-01T00:00:00Z\n  mZxid = 0x0\n  mtime = 1970-01-01T00:00:00Z\n"
                + "  pZxid = 0x2\n  cversion = 0\n  dataVersion = 0\n  aclVersion = 0\n  ephemeralOwner = 0x0\n"
                + "  dataLength = 0\n", s.get("/"));
        assertEquals("/app\n  cZxid = 0x2\n  ctime = 2023-11-14T22:13:21Z\n  mZxid = 0x4\n  mtime = 2023-11-14T22:13:23Z\n"
                + "  pZxid = 0x5\n  cversion = 2\n  dataVersion = 1\n  aclVersion = 0\n  ephemeralOwner = 0x0\n"
                + "  dataLength = 3\n", s.get("/app"));
        assertEquals("/app/e\n  cZxid = 0x3\n  ctime = 2023-11-14T22:13:22Z\n  mZxid = 0x3\n  mtime = 2023-11-14T22:13:22Z\n"
                + "  pZxid = 0x3\n  cversion = 0\n  dataVersion = 0\n  aclVersion = 0\n"
                + "  ephemeralOwner = 0x100000000000001\n  dataLength = 0\n", s.get("/app/e"));
        assertEquals("  ephemeralOwner = 0x8000000000000000", s.get("/app/c").lines().toList().get(9));
        assertEquals("/zookeeper/config\n  cZxid = 0x0\n  ctime = 1970-01-01T00:00:00Z\n  mZxid = 0x0\n"
                + "  mtime = 1970-01-01T00:00:00Z\n  pZxid = 0x0\n  cversion = 0\n  dataVersion = 0\n  aclVersion = -1\n"
                + "  ephemeralOwner = 0x0\n  dataLength = 0\n", s.get("/zookeeper/config"));
        assertEquals("Session Details (sid, timeout, ephemeralCount):\n0x100000000000001, 30000, 1\n",
                s.get("Session Details (sid, timeout, ephemeralCount):"));
        assertTrue(r.out().endsWith("----\nLast zxid: 0x5\n"), r.out());
        int app = r.out().indexOf("\n/app\n");
        assertTrue(r.out().indexOf("\n/\n") < app && app < r.out().indexOf("\n/app/e\n"), "parents first");
    }

    @Test
    void snapshotWithDataAddsDataAndAcl() {
        Run r = inspect("inspect", "snapshot", "-d", snapshot.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, String> s = sections(r.out());
        assertTrue(s.get("/app").endsWith("  dataLength = 3\n  data = aGkh\n  acl = [world:anyone:31]\n"), s.get("/app"));
        assertTrue(s.get("/app/e").contains("  data = null\n"), s.get("/app/e"));
        assertTrue(s.get("/app/c").contains("  data = \n  acl = [world:anyone:1]\n"), s.get("/app/c"));
        assertTrue(r.out().contains("\nContainer /app/c\n----\nSession Details"), r.out());
    }

    @Test
    void aCorruptSnapshotIsReportedAfterWhatCouldBeRead() throws IOException {
        byte[] b = Files.readAllBytes(snapshot);
        b[b.length - 40] ^= 1;
        Path bad = dir.resolve("bad");
        Files.write(bad, b);
        Run r = inspect("inspect", "snapshot", bad.toString());
        assertEquals(Inspect.EXIT_CORRUPT, r.code());
        assertTrue(r.err().contains("corrupt snapshot at offset"), r.err());
        assertFalse(r.out().contains("Session Details"), r.out());
    }

    @Test
    void logPrintsOneLinePerTxn() throws IOException {
        Path log = dir.resolve("txns");
        TxnBatch first = new TxnBatch(txns.subList(0, 3));
        try (TxnBatchFile.Writer w = new TxnBatchFile.Writer(log)) {
            w.append(first);
            w.append(new TxnBatch(txns.subList(3, 5)));
        }
        Run r = inspect("inspect", "log", log.toString());
        assertEquals(0, r.code(), r.err());
        int second = 8 + 4 + TxnCodec.encode(first).length;
        assertEquals(List.of(
                "Warden txn batch file " + log + ", format version 1",
                "batch at offset 8: 3 txns",
                "2023-11-14T22:13:20Z session 0x100000000000001 cxid 0x0 zxid 0x1 createSession 30000",
                "2023-11-14T22:13:21Z session 0x100000000000001 cxid 0x1 zxid 0x2 create " + request(1)
                        + " identities=[Id[scheme=ip, id=127.0.0.1]]",
                "2023-11-14T22:13:22Z session 0x100000000000001 cxid 0x2 zxid 0x3 create " + request(2)
                        + " identities=[Id[scheme=ip, id=127.0.0.1]]",
                "batch at offset " + second + ": 2 txns",
                "2023-11-14T22:13:23Z session 0x100000000000001 cxid 0x3 zxid 0x4 setData " + request(3)
                        + " identities=[Id[scheme=ip, id=127.0.0.1]]",
                "2023-11-14T22:13:24Z session 0x100000000000001 cxid 0x4 zxid 0x5 createContainer " + request(4)
                        + " identities=[Id[scheme=ip, id=127.0.0.1]]",
                "EOF reached after 2 batches, 5 txns"), r.out().lines().toList());

        byte[] b = Files.readAllBytes(log);
        b[second + 10] ^= 1;
        Files.write(log, b);
        r = inspect("inspect", "log", log.toString());
        assertEquals(Inspect.EXIT_CORRUPT, r.code());
        assertTrue(r.err().contains("bad batch at offset " + second + ": txn batch checksum mismatch"), r.err());
        assertTrue(r.out().contains("zxid 0x3") && !r.out().contains("zxid 0x4"), r.out());

        Files.write(log, Arrays.copyOf(b, second + 2));
        r = inspect("inspect", "log", log.toString());
        assertEquals(Inspect.EXIT_CORRUPT, r.code());
        assertTrue(r.err().contains("torn frame length at offset " + second), r.err());
    }

    private String request(int index) {
        return ((RequestTxn) txns.get(index).txn()).request().toString();
    }

    @Test
    void badInvocationsExitWithUsage() {
        for (String[] args : List.of(new String[] {"inspect"}, new String[] {"inspect", "snapshot"},
                new String[] {"inspect", "tree", snapshot.toString()}, new String[] {"inspect", "log", "-d", "x"},
                new String[] {"inspect", "snapshot", "a", "b"})) {
            Run r = inspect(args);
            assertEquals(Inspect.EXIT_USAGE, r.code(), String.join(" ", args));
            assertEquals(Inspect.USAGE + "\n", r.err());
        }
        Run missing = inspect("inspect", "snapshot", dir.resolve("nope").toString());
        assertEquals(Inspect.EXIT_CORRUPT, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Run wrongKind = inspect("inspect", "log", snapshot.toString());
        assertEquals(Inspect.EXIT_CORRUPT, wrongKind.code());
        assertTrue(wrongKind.err().contains("not a Warden txn batch file"), wrongKind.err());
    }
}
