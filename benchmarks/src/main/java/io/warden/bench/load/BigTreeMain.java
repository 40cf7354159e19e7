package io.warden.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * The big-tree measurements, one server at a time (so the other's memory and CPU stay out):
 * load N znodes (default 1M, 100 B each, 1000 per parent) through the official client; memory
 * per znode (live heap after a full GC, via jcmd, and RSS, each against the empty server);
 * write latency while snapshots of that tree are taken (setData from several sessions for a
 * window, a {@link SnapshotWatch} on the data directory marking when a snapshot file is being
 * written; p999 of the writes that overlapped one); and restart time after SIGKILL with the tree
 * (to the first session, and to a check that every znode is back). Writes {@code big-tree.json}
 * and {@code big-tree.md}. The server's data directory is deleted afterwards rather than the
 * znodes one by one.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.warden.bench.load.BigTreeMain [--quick]</pre>
 *
 * <p>Runs on the main thread, which owns the forked servers; the write window uses one thread per
 * session plus the client's callback threads (recording into thread-safe arrays and counters).
 */
public final class BigTreeMain {
    static final String ROOT = "/warden-bench-big";
    static final int PER_PARENT = 1000;
    static final int MAX_SAMPLES = 1 << 22;

    /**
     * Settings. Immutable.
     *
     * @param znodes leaves to load
     * @param valueBytes data per leaf
     * @param writeMs the setData window in which snapshots are watched
     * @param clients sessions writing in that window (8 requests in flight each)
     * @param snapCount zoo.cfg snapCount for both servers
     * @param heapMb -Xms/-Xmx of the servers
     */
    record Options(int znodes, int valueBytes, long writeMs, int clients, int snapCount, int heapMb,
            List<Target> targets, Path wardenJar, Path outDir, boolean quick) {
        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int znodes = quick ? 100_000 : 1_000_000;
            int value = 100;
            long writeMs = quick ? 10_000 : 30_000;
            int clients = 8;
            int snapCount = quick ? 20_000 : 100_000;
            int heap = quick ? 1024 : 3072;
            List<Target> targets = List.of(Target.values());
            Path jar = Path.of("wire-server/server/target/warden-server.jar");
            Path out = Path.of("benchmarks/target/big");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--quick")) {
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--znodes" -> znodes = Integer.parseInt(v.replace("_", ""));
                    case "--value" -> value = Integer.parseInt(v);
                    case "--write-ms" -> writeMs = Long.parseLong(v);
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--snap-count" -> snapCount = Integer.parseInt(v);
                    case "--heap-mb" -> heap = Integer.parseInt(v);
                    case "--targets" -> targets = Arrays.stream(v.split(",")).map(String::trim)
                            .map(BigTreeMain::target).toList();
                    case "--warden-jar" -> jar = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (znodes < 1 || znodes > 10_000_000 || clients < 1 || clients > 256 || writeMs < 100
                    || writeMs > 600_000 || value < 0 || value > 1 << 20 || snapCount < 0) {
                throw new IllegalArgumentException("option out of range");
            }
            return new Options(znodes, value, writeMs, clients, snapCount, heap, targets, jar, out, quick);
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: java -cp benchmarks/target/benchmarks.jar io.warden.bench.load.BigTreeMain [options]",
                "  --quick              100k znodes, 10 s write window, snapCount 20000, 1 GiB heap",
                "  --znodes 1000000     leaves to load (1000 per parent)",
                "  --value 100          bytes of data per leaf",
                "  --write-ms 30000     setData window during which snapshots are watched",
                "  --clients 8          sessions writing in that window",
                "  --snap-count 100000  zoo.cfg snapCount for both servers",
                "  --heap-mb 3072       -Xms/-Xmx of each server",
                "  --targets zookeeper,warden",
                "  --warden-jar PATH    default wire-server/server/target/warden-server.jar",
                "  --out DIR            default benchmarks/target/big");
    }

    private static Target target(String label) {
        for (Target t : Target.values()) {
            if (t.label().equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown target " + label);
    }

    private final Options options;
    private final MonotonicClock clock;
    private final PrintStream out;
    private final ProcStats proc = new ProcStats();

    BigTreeMain(Options options, MonotonicClock clock, PrintStream out) {
        this.options = options;
        this.clock = clock;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(usage());
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        System.setProperty("zookeeper.sasl.client", "false");
        String command = "java -cp benchmarks/target/benchmarks.jar " + BigTreeMain.class.getName()
                + (args.length == 0 ? "" : " " + String.join(" ", args));
        new BigTreeMain(o, MonotonicClock.SYSTEM, System.out).run(command);
    }

    void run(String command) throws IOException, InterruptedException {
        String startedAt = clock.wallTime().toString();
        long t0 = clock.nanos();
        Map<String, Object> machine = LoadMain.Machine.describe();
        Path work = options.outDir().resolve("servers");
        deleteTree(work);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Target t : options.targets()) {
            results.add(measure(t, work.resolve(t.label())));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("startedAt", startedAt);
        root.put("elapsed", Progress.mmss(clock.nanos() - t0));
        root.put("machine", machine);
        Map<String, Object> opts = new LinkedHashMap<>();
        opts.put("znodes", options.znodes());
        opts.put("valueBytes", options.valueBytes());
        opts.put("writeMs", options.writeMs());
        opts.put("clients", options.clients());
        opts.put("snapCount", options.snapCount());
        opts.put("heapMb", options.heapMb());
        root.put("options", opts);
        root.put("servers", results);
        Files.createDirectories(options.outDir());
        Path json = options.outDir().resolve("big-tree.json");
        Path md = options.outDir().resolve("big-tree.md");
        Files.writeString(json, Json.write(root));
        String table = markdown(root, results);
        Files.writeString(md, table);
        out.println();
        out.print(table);
        out.printf("%nwrote %s and %s%n", json, md);
    }

    private Map<String, Object> measure(Target t, Path work) throws InterruptedException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", t.label());
        ServerProcess s = null;
        try {
            out.printf("big %s: starting (heap %d MiB, snapCount %d) ...%n", t.label(),
                    options.heapMb(), options.snapCount());
            s = ServerProcess.start(t, new ServerProcess.Settings(options.heapMb(),
                    options.wardenJar(), options.snapCount(), null), work);
            Durability.Probed probed = Durability.probe(s, clock);
            s = probed.server();
            r.put("durable", probed.durability().durable());
            r.put("durability", probed.durability().label());
            out.printf("big %s: %s%n", t.label(), probed.durability().label());
            long heap0 = JvmProbe.liveHeapBytes(s.pid());
            long rss0 = proc.rssBytes(s.pid());
            ZooKeeper admin = ZkConnect.open(s.port(), ServerProcess.START_TIMEOUT_MS);
            try {
                double loadSeconds = load(t, admin);
                r.put("loadSeconds", loadSeconds);
                r.put("loadZnodesPerSecond", options.znodes() / loadSeconds);
            } finally {
                ZkConnect.closeQuietly(admin);
            }
            r.put("heapTopClasses", JvmProbe.topClasses(s.pid(), 12));
            long heap1 = JvmProbe.liveHeapBytes(s.pid());
            long rss1 = proc.rssBytes(s.pid());
            r.put("liveHeapEmptyBytes", heap0);
            r.put("liveHeapLoadedBytes", heap1);
            r.put("rssEmptyBytes", rss0);
            r.put("rssLoadedBytes", rss1);
            r.put("heapBytesPerZnode", heap0 < 0 || heap1 < 0 ? Double.NaN
                    : (heap1 - heap0) / (double) options.znodes());
            r.put("rssBytesPerZnode", (rss1 - rss0) / (double) options.znodes());
            out.printf("big %s: live heap %d -> %d MiB, RSS %d -> %d MiB (%.0f / %.0f B per znode)%n",
                    t.label(), heap0 >> 20, heap1 >> 20, rss0 >> 20, rss1 >> 20,
                    (double) r.get("heapBytesPerZnode"), (double) r.get("rssBytesPerZnode"));
            r.putAll(writesDuringSnapshots(t, s));
            s = restart(t, s, r);
        } catch (IOException | KeeperException | RuntimeException e) {
            r.put("failure", e.toString());
            out.printf("big %s: FAILED %s%n", t.label(), e);
        } finally {
            if (s != null) {
                s.close();
            }
            // The tree goes with the server's data directory; the server log stays for reading.
            Path data = work.resolve(t.label() + "-data");
            try {
                deleteTree(data);
            } catch (IOException e) {
                out.printf("big %s: could not delete %s: %s%n", t.label(), data, e);
            }
        }
        return r;
    }

    private static String parent(int i) {
        return ROOT + "/p" + (i / PER_PARENT);
    }

    private static String leaf(int i) {
        return parent(i) + "/n" + i;
    }

    /** Creates the tree in chunks, with a progress line per chunk; returns seconds taken. */
    private double load(Target t, ZooKeeper admin) throws IOException, InterruptedException {
        AdminOps ops = new AdminOps(admin);
        byte[] value = new byte[options.valueBytes()];
        Arrays.fill(value, (byte) 'v');
        long start = clock.nanos();
        List<String> parents = new ArrayList<>(List.of(ROOT));
        for (int i = 0; i < options.znodes(); i += PER_PARENT) {
            parents.add(parent(i));
        }
        check(ops.createAll(parents, new byte[0], LoadRun.CLEANUP_TIMEOUT_MS), "create parents");
        int chunk = 50_000;
        for (int from = 0; from < options.znodes(); from += chunk) {
            List<String> paths = new ArrayList<>(chunk);
            for (int i = from; i < Math.min(options.znodes(), from + chunk); i++) {
                paths.add(leaf(i));
            }
            check(ops.createAll(paths, value, LoadRun.CLEANUP_TIMEOUT_MS), "create leaves");
            double secs = (clock.nanos() - start) / 1e9;
            int done = Math.min(options.znodes(), from + chunk);
            out.printf("[big %s %s] loaded %,d/%,d znodes, %,.0f/s%n", t.label(),
                    Progress.mmss(clock.nanos() - start), done, options.znodes(), done / secs);
        }
        return (clock.nanos() - start) / 1e9;
    }

    private static void check(AdminOps.BatchResult r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " failed: " + r.errors() + ", " + r.unanswered() + " unanswered");
        }
    }

    /**
     * setData on random leaves from several sessions for the write window, with the data
     * directory watched for snapshot files; latencies overall and of writes that overlapped an
     * active snapshot.
     */
    private Map<String, Object> writesDuringSnapshots(Target t, ServerProcess s)
            throws IOException, InterruptedException {
        long[] ends = new long[MAX_SAMPLES];
        long[] lats = new long[MAX_SAMPLES];
        AtomicInteger n = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        List<ZooKeeper> sessions = new ArrayList<>();
        SnapshotWatch watch = new SnapshotWatch(s.dataDir(), clock);
        byte[] value = new byte[options.valueBytes()];
        Arrays.fill(value, (byte) 'w');
        long end;
        try {
            for (int i = 0; i < options.clients(); i++) {
                sessions.add(ZkConnect.open(s.port(), LoadRun.CONNECT_TIMEOUT_MS));
            }
            watch.start();
            long start = clock.nanos();
            end = start + TimeUnit.MILLISECONDS.toNanos(options.writeMs());
            List<Thread> threads = new ArrayList<>();
            List<Semaphore> permits = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                ZooKeeper zk = sessions.get(i);
                Semaphore p = new Semaphore(8);
                permits.add(p);
                SplittableRandom rnd = new SplittableRandom(42 + i);
                long stop = end;
                Thread th = new Thread(() -> {
                    try {
                        while (clock.nanos() < stop) {
                            if (!p.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                                continue;
                            }
                            long sent = clock.nanos();
                            zk.setData(leaf(rnd.nextInt(options.znodes())), value, -1,
                                    (rc, path, ctx, stat) -> {
                                        long now = clock.nanos();
                                        if (rc == 0) {
                                            int k = n.getAndIncrement();
                                            if (k < MAX_SAMPLES) {
                                                ends[k] = now;
                                                lats[k] = now - sent;
                                            }
                                        } else {
                                            errors.incrementAndGet();
                                        }
                                        p.release();
                                    }, null);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "big-writer-" + i);
                th.setDaemon(true);
                threads.add(th);
                th.start();
            }
            while (clock.nanos() < end) {
                out.printf("[big %s] writing while watching for snapshots: %,d writes, %d snapshot files "
                        + "seen%n", t.label(), n.get(), watch.intervals().size());
                TimeUnit.MILLISECONDS.sleep(Math.min(5_000, Math.max(1,
                        TimeUnit.NANOSECONDS.toMillis(end - clock.nanos()))));
            }
            for (Thread th : threads) {
                th.join(LoadRun.DRAIN_TIMEOUT_MS);
            }
            for (Semaphore p : permits) {
                if (p.tryAcquire(8, LoadRun.DRAIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    p.release(8);
                }
            }
        } finally {
            watch.stop();
            sessions.forEach(ZkConnect::closeQuietly);
        }
        List<SnapshotWatch.Interval> snaps = watch.intervals();
        int count = Math.min(n.get(), MAX_SAMPLES);
        Histogram all = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
        Histogram during = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
        for (int k = 0; k < count; k++) {
            long lat = Math.min(lats[k], SessionDriver.MAX_LATENCY_NANOS);
            all.recordValue(lat);
            long sent = ends[k] - lats[k];
            for (SnapshotWatch.Interval iv : snaps) {
                if (sent <= iv.endNanos() && ends[k] >= iv.startNanos()) {
                    during.recordValue(lat);
                    break;
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("writes", count);
        r.put("writeErrors", errors.get());
        r.put("writesPerSecond", count / (options.writeMs() / 1e3));
        r.put("writeP50Micros", pct(all, 50));
        r.put("writeP99Micros", pct(all, 99));
        r.put("writeP999Micros", pct(all, 99.9));
        r.put("writeMaxMicros", all.getTotalCount() == 0 ? Double.NaN : all.getMaxValue() / 1e3);
        r.put("snapshotsSeen", snaps.size());
        List<Object> sl = new ArrayList<>();
        for (SnapshotWatch.Interval iv : snaps) {
            sl.add(Map.of("file", iv.file(), "activeMs", iv.millis(), "bytes", iv.bytes()));
        }
        r.put("snapshots", sl);
        r.put("writesDuringSnapshot", during.getTotalCount());
        r.put("duringSnapshotP99Micros", pct(during, 99));
        r.put("duringSnapshotP999Micros", pct(during, 99.9));
        r.put("duringSnapshotMaxMicros", during.getTotalCount() == 0 ? Double.NaN
                : during.getMaxValue() / 1e3);
        out.printf("big %s: %,d writes (%.0f/s), p999 %.1f ms; %d snapshot file(s) seen, %,d writes "
                + "overlapped one, their p999 %.1f ms%n", t.label(), count, (double) r.get("writesPerSecond"),
                pct(all, 99.9) / 1e3, snaps.size(), during.getTotalCount(), pct(during, 99.9) / 1e3);
        return r;
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1e3;
    }

    /** SIGKILL, start again on the same data, time to a session and to every znode verified. */
    private ServerProcess restart(Target t, ServerProcess s, Map<String, Object> r)
            throws IOException, InterruptedException, KeeperException {
        s.kill();
        long t0 = clock.nanos();
        ServerProcess.Restarted restarted = s.restartTimed(clock);
        ServerProcess again = restarted.server();
        double toSession = restarted.nanos() / 1e6;
        ZooKeeper zk = ZkConnect.open(again.port(), ServerProcess.START_TIMEOUT_MS);
        try {
            int expected = options.znodes() + (options.znodes() + PER_PARENT - 1) / PER_PARENT;
            int found = zk.exists(ROOT, false) == null ? 0 : zk.getAllChildrenNumber(ROOT);
            double toVerified = (clock.nanos() - t0) / 1e6;
            r.put("restartToSessionMs", toSession);
            r.put("restartToVerifiedMs", toVerified);
            r.put("znodesAfterRestart", found);
            r.put("znodesExpected", expected);
            r.put("restartRss", proc.rssBytes(again.pid()));
            out.printf("big %s: restart after SIGKILL: session after %.0f ms; %,d of %,d znodes back "
                    + "after %.0f ms%n", t.label(), toSession, found, expected, toVerified);
        } finally {
            ZkConnect.closeQuietly(zk);
        }
        return again;
    }

    private String markdown(Map<String, Object> root, List<Map<String, Object>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Big tree: memory per znode, writes during snapshots, restart\n\n");
        sb.append("Command: `").append(root.get("command")).append("`  \n");
        sb.append("Started ").append(root.get("startedAt")).append(", took ").append(root.get("elapsed"))
                .append(".  \n");
        sb.append("Load average at start ").append(((Map<?, ?>) root.get("machine")).get("loadAverageAtStart"))
                .append(", at end ").append(LoadMain.Machine.loadAverage()).append(" (2 cores, shared).  \n");
        sb.append(String.format("%,d znodes of %d B (1000 per parent); server heap %d MiB; snapCount %d "
                + "for both; %d writer sessions x 8 in flight for %d ms.%n%n", options.znodes(),
                options.valueBytes(), options.heapMb(), options.snapCount(), options.clients(),
                options.writeMs()));
        for (Map<String, Object> r : results) {
            if (Boolean.FALSE.equals(r.get("durable"))) {
                sb.append("> **WARNING:** ").append(r.get("target")).append(" ran ")
                        .append(r.get("durability")).append(". Its snapshot and restart figures do not "
                        + "describe a durable server.\n\n");
            }
        }
        sb.append("| | ").append(String.join(" | ", results.stream().map(r -> (String) r.get("target")).toList()))
                .append(" |\n|---|").append("---:|".repeat(results.size())).append('\n');
        row(sb, results, "durability", "durability", v -> String.valueOf(v));
        row(sb, results, "load rate (znodes/s)", "loadZnodesPerSecond", BigTreeMain::f0);
        row(sb, results, "live heap per znode (B, after full GC)", "heapBytesPerZnode", BigTreeMain::f0);
        row(sb, results, "RSS per znode (B)", "rssBytesPerZnode", BigTreeMain::f0);
        row(sb, results, "live heap with the tree (MiB)", "liveHeapLoadedBytes", BigTreeMain::mib);
        row(sb, results, "RSS with the tree (MiB)", "rssLoadedBytes", BigTreeMain::mib);
        row(sb, results, "setData/s during the window", "writesPerSecond", BigTreeMain::f0);
        row(sb, results, "write p50 / p99 / p999 (ms)", null, null);
        row(sb, results, "snapshot files seen in the window", "snapshotsSeen", String::valueOf);
        row(sb, results, "writes overlapping a snapshot", "writesDuringSnapshot", String::valueOf);
        row(sb, results, "their p99 (ms)", "duringSnapshotP99Micros", BigTreeMain::ms);
        row(sb, results, "their p999 (ms) (target < 100)", "duringSnapshotP999Micros", BigTreeMain::ms);
        row(sb, results, "their max (ms)", "duringSnapshotMaxMicros", BigTreeMain::ms);
        row(sb, results, "restart after SIGKILL to first session (ms) (target < 5000)", "restartToSessionMs",
                BigTreeMain::f0);
        row(sb, results, "restart to every znode verified (ms)", "restartToVerifiedMs", BigTreeMain::f0);
        row(sb, results, "znodes after restart / expected", null, null);
        row(sb, results, "failure", "failure", v -> v == null ? "" : String.valueOf(v));
        for (Map<String, Object> r : results) {
            if (r.get("heapTopClasses") instanceof List<?> top && !top.isEmpty()) {
                sb.append("\nLargest classes in ").append(r.get("target"))
                        .append("'s live heap with the tree (jcmd GC.class_histogram):\n\n");
                top.forEach(line -> sb.append("- ").append(line).append('\n'));
            }
        }
        return sb.toString();
    }

    private interface Fmt {
        String of(Object v);
    }

    private static void row(StringBuilder sb, List<Map<String, Object>> results, String label, String key,
            Fmt fmt) {
        sb.append("| ").append(label);
        for (Map<String, Object> r : results) {
            String cell;
            if (label.startsWith("write p50")) {
                cell = ms(r.get("writeP50Micros")) + " / " + ms(r.get("writeP99Micros")) + " / "
                        + ms(r.get("writeP999Micros"));
            } else if (label.startsWith("znodes after")) {
                cell = r.get("znodesAfterRestart") + " / " + r.get("znodesExpected");
            } else {
                Object v = r.get(key);
                cell = v == null && !key.equals("failure") ? "n/a" : fmt.of(v);
            }
            sb.append(" | ").append(cell.replace("|", "/"));
        }
        sb.append(" |\n");
    }

    private static String f0(Object v) {
        return v instanceof Number n && Double.isFinite(n.doubleValue()) ? String.format("%,.0f", n.doubleValue())
                : "n/a";
    }

    private static String mib(Object v) {
        return v instanceof Number n && n.longValue() >= 0 ? Long.toString(n.longValue() >> 20) : "n/a";
    }

    private static String ms(Object v) {
        return v instanceof Number n && Double.isFinite(n.doubleValue())
                ? String.format("%.1f", n.doubleValue() / 1e3) : "n/a";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
