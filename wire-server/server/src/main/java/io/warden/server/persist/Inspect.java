package io.warden.server.persist;

import io.warden.server.state.NodeImage;
import io.warden.server.state.SessionInfo;
import io.warden.server.txn.CloseSessionTxn;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code warden-server inspect}: prints a snapshot's znodes and sessions (the fields of
 * ZooKeeper's SnapshotFormatter) or a {@link TxnBatchFile}'s transactions (like its
 * LogFormatter). Read-only; verifies checksums as it goes and reports the first corruption.
 *
 * <pre>
 * inspect snapshot [-d] FILE   znodes in file order (parents first), then sessions;
 *                              -d adds each znode's data (base64) and ACL
 * inspect log FILE             one line per transaction of a TxnBatchFile
 * inspect log DIR              the server's Ratis log (dataLogDir): see
 *                              {@code io.warden.server.raft.RaftLogFiles} (dispatched by Main)
 * </pre>
 *
 * Times are printed as UTC ISO-8601 instants (ZooKeeper prints {@code Date.toString()} in the
 * local zone). Exit codes: 0 printed a valid file, 1 unreadable or corrupt (what came before the
 * corruption is printed), 2 bad invocation. Stateless.
 */
public final class Inspect {
    public static final String USAGE = "usage: warden-server inspect snapshot [-d] FILE | inspect log FILE";
    public static final int EXIT_CORRUPT = 1;
    public static final int EXIT_USAGE = 2;

    private Inspect() {
    }

    /** {@code java -cp warden-server.jar io.warden.server.persist.Inspect snapshot FILE}. */
    public static void main(String[] args) {
        int code = run(List.of(args), System.out, System.err);
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command given by {@code args} (the words after {@code inspect}); returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        String what = args.get(0);
        List<String> rest = args.subList(1, args.size());
        boolean data = rest.contains("-d") || rest.contains("--data");
        List<String> files = rest.stream().filter(a -> !a.equals("-d") && !a.equals("--data")).toList();
        if (files.size() != 1 || files.get(0).startsWith("-") || (data && !what.equals("snapshot"))) {
            err.println(USAGE);
            return EXIT_USAGE;
        }
        Path file = Path.of(files.get(0));
        if (!Files.isRegularFile(file)) {
            err.println("warden-server inspect: no such file: " + file);
            return EXIT_CORRUPT;
        }
        try {
            switch (what) {
                case "snapshot" -> snapshot(file, data, out);
                case "log" -> log(file, out);
                default -> {
                    err.println(USAGE);
                    return EXIT_USAGE;
                }
            }
            return 0;
        } catch (IOException e) {
            out.flush();
            err.println("warden-server inspect: " + e.getMessage());
            return EXIT_CORRUPT;
        }
    }

    private static void snapshot(Path file, boolean data, PrintStream out) throws IOException {
        SnapshotHeader header = SnapshotReader.readHeader(file);
        // First pass: children and ephemerals per owner (the file stores neither count).
        Map<String, Integer> children = new HashMap<>();
        Map<Long, Integer> ephemerals = new HashMap<>();
        try {
            SnapshotReader.read(file, Integer.MAX_VALUE, new Counting(children, ephemerals));
        } catch (CorruptFileException e) {
            // the second pass prints up to the same point and reports it
        }
        out.println("Warden snapshot " + file);
        out.println("Format version: " + header.formatVersion());
        out.println("Last zxid: 0x" + Long.toHexString(header.lastZxid()));
        out.println("Last term: " + header.lastTerm());
        out.println("Last log index: " + header.lastIndex());
        if (header.seed()) {
            out.println("Ensemble seed: yes (sealed from a standalone server; the log index is the standalone's)");
        }
        if (header.ensemble()) {
            out.println("Written by an ensemble member: yes");
        }
        out.println("ZNode Details (count=" + header.nodeCount() + "):");
        List<SessionInfo> sessions = new ArrayList<>();
        SnapshotReader.read(file, Integer.MAX_VALUE, new SnapshotVisitor() {
            @Override
            public void header(SnapshotHeader h) {
                // printed above
            }

            @Override
            public void session(SessionInfo session) {
                sessions.add(session);
            }

            @Override
            public void node(NodeImage n) {
                printNode(n, children.getOrDefault(n.path(), 0), data, out);
            }

            @Override
            public void reapOrder(boolean ttl, String path) {
                if (data) {
                    out.println((ttl ? "TTL node " : "Container ") + path);
                }
            }

            @Override
            public void end() {
                out.println("----");
                out.println("Session Details (sid, timeout, ephemeralCount):");
                for (SessionInfo s : sessions) {
                    out.println("0x" + Long.toHexString(s.sessionId()) + ", " + s.timeoutMs() + ", "
                            + ephemerals.getOrDefault(s.sessionId(), 0));
                }
                out.println("----");
                out.println("Last zxid: 0x" + Long.toHexString(header.lastZxid()));
            }
        });
    }

    private static void printNode(NodeImage n, int numChildren, boolean data, PrintStream out) {
        out.println("----");
        out.println(n.path());
        out.println("  cZxid = 0x" + Long.toHexString(n.czxid()));
        out.println("  ctime = " + Instant.ofEpochMilli(n.ctime()));
        out.println("  mZxid = 0x" + Long.toHexString(n.mzxid()));
        out.println("  mtime = " + Instant.ofEpochMilli(n.mtime()));
        out.println("  pZxid = 0x" + Long.toHexString(n.pzxid()));
        out.println("  cversion = " + n.cversion(numChildren));
        out.println("  dataVersion = " + n.version());
        out.println("  aclVersion = " + n.aversion());
        out.println("  ephemeralOwner = 0x" + Long.toHexString(n.ephemeralOwner()));
        out.println("  dataLength = " + n.dataLength());
        if (data) {
            Base64.Encoder base64 = Base64.getEncoder();
            out.println("  data = " + (n.data() == null ? "null" : base64.encodeToString(n.data().unsafeArray())));
            StringBuilder acl = new StringBuilder();
            n.acl().forEach(a -> acl.append(acl.length() == 0 ? "" : ",").append(a.id().scheme()).append(':')
                    .append(a.id().id()).append(':').append(a.perms()));
            out.println("  acl = [" + acl + "]");
        }
    }

    /** First pass of the snapshot printer. Thread-confined. */
    private static final class Counting implements SnapshotVisitor {
        private final Map<String, Integer> children;
        private final Map<Long, Integer> ephemerals;

        Counting(Map<String, Integer> children, Map<Long, Integer> ephemerals) {
            this.children = children;
            this.ephemerals = ephemerals;
        }

        @Override
        public void header(SnapshotHeader header) {
            // nothing to count
        }

        @Override
        public void session(SessionInfo session) {
            // nothing to count
        }

        @Override
        public void node(NodeImage n) {
            String path = n.path();
            int slash = path.lastIndexOf('/');
            if (path.length() > 1 && slash >= 0) {
                children.merge(slash == 0 ? "/" : path.substring(0, slash), 1, Integer::sum);
            }
            if (n.clientEphemeralOwner() != 0) {
                ephemerals.merge(n.ephemeralOwner(), 1, Integer::sum);
            }
        }

        @Override
        public void reapOrder(boolean ttl, String path) {
            // not counted
        }

        @Override
        public void end() {
            // nothing to finish
        }
    }

    private static void log(Path file, PrintStream out) throws IOException {
        out.println("Warden txn batch file " + file + ", format version " + TxnBatchFile.VERSION);
        long[] txns = {0};
        long batches = TxnBatchFile.read(file, (offset, batch) -> {
            out.println("batch at offset " + offset + ": " + batch.size() + " txns");
            for (StampedTxn t : batch.txns()) {
                out.println(describe(t));
                txns[0]++;
            }
        });
        out.println("EOF reached after " + batches + " batches, " + txns[0] + " txns");
    }

    /** One transaction as LogFormatter prints it: time, session, cxid, zxid, type, details. */
    public static String describe(StampedTxn t) {
        TxnHeader h = t.header();
        String prefix = Instant.ofEpochMilli(h.timeMs()) + " session 0x" + Long.toHexString(h.sessionId()) + " cxid 0x"
                + Integer.toHexString(h.cxid()) + " zxid 0x" + Long.toHexString(h.zxid()) + " ";
        Txn txn = t.txn();
        if (txn instanceof CreateSessionTxn c) {
            return prefix + "createSession " + c.timeoutMs();
        }
        if (txn instanceof CloseSessionTxn c) {
            return prefix + (c.isExpiry() ? "closeSession (expired, decided at zxid 0x"
                    + Long.toHexString(c.decidedAtZxid()) + ")" : "closeSession");
        }
        if (txn instanceof io.warden.server.txn.TouchSessionsTxn touch) {
            StringBuilder b = new StringBuilder(prefix).append("touchSessions");
            for (long id : touch.sessionIds()) {
                b.append(" 0x").append(Long.toHexString(id));
            }
            return b.toString();
        }
        RequestTxn r = (RequestTxn) txn;
        return prefix + r.op().zkName() + " " + r.request() + " identities=" + r.identities();
    }
}
