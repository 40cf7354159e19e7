package io.warden.server.persist;

import com.google.common.base.Ticker;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.server.state.FrozenState;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateDump;
import io.warden.server.state.StateMachine;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Measures snapshots of a large tree: build N znodes of ~100 bytes (1000 per parent); the
 * apply-thread stall of {@code freeze()}; the write time alone and with the apply thread busy
 * with setData meanwhile (its throughput, its slowest txn and the nodes copied on write); the
 * file size; the load time and heap of the loaded tree; and a digest check that the loaded tree
 * equals the live one.
 *
 * <pre>
 * java -Xmx6g -cp ... io.warden.server.persist.SnapshotBench 100000 1000000
 * </pre>
 * Also run by {@code SnapshotScaleTest} under {@code -Dwarden.soak=true}. Uses the system
 * ticker (a measurement, not server logic). Thread-confined: one run at a time.
 */
public final class SnapshotBench {
    private static final Ticker TICKER = Ticker.systemTicker();
    private static final List<Id> IDS = List.of(new Id("ip", "127.0.0.1"));
    private static final long SESSION = 0x0100000000000001L;

    /** The numbers of one run, as report lines, and whether the loaded tree equalled the live one. Immutable. */
    public record Result(List<String> report, boolean digestsEqual) {
        public Result {
            report = List.copyOf(report);
        }

        @Override
        public String toString() {
            return String.join("\n", report);
        }
    }

    private final int nodes;
    private final Path dir;
    private final SplittableRandom rnd = new SplittableRandom(42);
    private long zxid;
    private long timeMs = 1_700_000_000_000L;

    private SnapshotBench(int nodes, Path dir) {
        this.nodes = nodes;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            Path dir = Files.createTempDirectory("warden-snapshot-bench");
            try {
                System.out.println(run(Integer.parseInt(a.replace("_", "")), dir));
            } finally {
                deleteTree(dir);
            }
        }
    }

    /** One full measurement in {@code dir}. */
    public static Result run(int nodes, Path dir) throws IOException {
        return new SnapshotBench(nodes, dir).measure();
    }

    private Bytes data() {
        byte[] b = new byte[100];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return Bytes.wrapOwned(b);
    }

    private void apply(StateMachine sm, long sessionId, Txn txn) {
        ErrorCode err = sm.apply(new TxnHeader(sessionId, 1, ++zxid, ++timeMs), txn).err();
        if (err != ErrorCode.OK) {
            throw new IllegalStateException(txn + " failed: " + err);
        }
    }

    private String path(int i) {
        return "/bench/p" + (i / 1000) + "/n" + i;
    }

    private Result measure() throws IOException {
        List<String> report = new ArrayList<>();
        long heap0 = usedHeap();
        long t0 = TICKER.read();
        StateMachine sm = new StateMachine(StateConfig.defaults());
        apply(sm, SESSION, new CreateSessionTxn(30000, Bytes.copyOf(new byte[16])));
        apply(sm, SESSION, create("/bench", null));
        for (int i = 0; i < nodes; i++) {
            if (i % 1000 == 0) {
                apply(sm, SESSION, create("/bench/p" + (i / 1000), null));
            }
            apply(sm, SESSION, create(path(i), data()));
        }
        long treeHeap = usedHeap() - heap0;
        report.add(String.format("%,d znodes of 100 B data: built in %.1f s; tree heap %,d MB (%,d B/znode)", nodes,
                (TICKER.read() - t0) / 1e9, treeHeap >> 20, treeHeap / nodes));
        SnapshotStore store = new SnapshotStore(dir, new SnapshotSettings(2, 250_000, 1 << 20), TICKER);

        // Quiet: nothing changes while the snapshot is written. Round 1 runs cold code; a server
        // that snapshots periodically runs warm code, so three rounds are reported.
        SnapshotInfo quietInfo = null;
        for (int round = 1; round <= 3; round++) {
            long f0 = TICKER.read();
            FrozenState quiet = sm.freeze();
            double freezeMs = (TICKER.read() - f0) / 1e6;
            long w0 = TICKER.read();
            quietInfo = store.save(quiet);
            double writeMs = (TICKER.read() - w0) / 1e6;
            report.add(String.format("round %d: freeze() stall on the apply thread %.1f ms (%.0f ns/znode); write incl. "
                    + "fsync and rename %.0f ms, %,d bytes (%.0f MB/s)", round, freezeMs, freezeMs * 1e6 / nodes, writeMs,
                    quietInfo.bytes(), quietInfo.bytes() / 1e6 / (writeMs / 1e3)));
        }
        String liveDigest = StateDump.digest(sm);

        // Baseline apply latency, then the same work while a snapshot is written.
        Latencies baseline = setDataFor(sm, 2_000_000_000L, null);
        long b0 = TICKER.read();
        FrozenState busy = sm.freeze();
        double busyFreezeMs = (TICKER.read() - b0) / 1e6;
        CompletableFuture<SnapshotInfo> saving = CompletableFuture.supplyAsync(() -> {
            try {
                return store.save(busy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Latencies during = setDataFor(sm, Long.MAX_VALUE, saving);
        SnapshotInfo busyInfo = saving.join();
        double busyWriteMs = (TICKER.read() - b0) / 1e6;
        report.add(String.format("write while the apply thread runs setData flat out: %.0f ms (freeze %.1f ms); %,d "
                + "znodes copied on write", busyWriteMs, busyFreezeMs, busyInfo.preservedNodes()));
        report.add("  apply without a snapshot: " + baseline);
        report.add("  apply during the write:   " + during);

        // Load the quiet snapshot (three rounds, cold to warm) and compare it with its tree.
        sm = null;
        boolean equal = false;
        for (int round = 1; round <= 3; round++) {
            long heap1 = usedHeap();
            long l0 = TICKER.read();
            StateMachine loaded = SnapshotReader.load(quietInfo.path(), StateConfig.defaults(), 250_000);
            double loadMs = (TICKER.read() - l0) / 1e6;
            long loadedHeap = usedHeap() - heap1;
            equal = StateDump.digest(loaded).equals(liveDigest);
            report.add(String.format("round %d: load %.0f ms (%.2f us/znode); loaded tree heap %,d MB; equal to the live "
                    + "tree: %s", round, loadMs, loadMs * 1e3 / nodes, loadedHeap >> 20, equal));
        }
        return new Result(report, equal);
    }

    /** Apply latencies of one phase. Immutable. */
    private record Latencies(long ops, double opsPerSecond, long[] sortedNanos) {
        private double ms(double quantile) {
            return sortedNanos[Math.min(sortedNanos.length - 1, (int) (quantile * sortedNanos.length))] / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%,d setData at %,.0f ops/s; latency p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.1f ms",
                    ops, opsPerSecond, ms(0.5), ms(0.99), ms(0.999), sortedNanos[sortedNanos.length - 1] / 1e6);
        }
    }

    private static RequestTxn create(String path, Bytes data) {
        return new RequestTxn(OpCode.CREATE, new CreateRequest(path, data, Acl.OPEN_ACL_UNSAFE, 0), IDS);
    }

    /** setData on random znodes until {@code durationNanos} passed or {@code until} completed. */
    private Latencies setDataFor(StateMachine sm, long durationNanos, CompletableFuture<?> until) {
        long start = TICKER.read();
        long[] latencies = new long[1 << 16];
        int ops = 0;
        long now = start;
        while (now - start < durationNanos && (until == null || !until.isDone())) {
            Bytes data = data();
            String path = path(rnd.nextInt(nodes));
            long a = TICKER.read();
            apply(sm, SESSION, new RequestTxn(OpCode.SET_DATA, new SetDataRequest(path, data, -1), IDS));
            now = TICKER.read();
            if (ops == latencies.length) {
                latencies = Arrays.copyOf(latencies, ops * 2);
            }
            latencies[ops++] = now - a;
        }
        long[] sorted = Arrays.copyOf(latencies, Math.max(1, ops));
        Arrays.sort(sorted);
        return new Latencies(ops, ops / ((now - start) / 1e9), sorted);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
