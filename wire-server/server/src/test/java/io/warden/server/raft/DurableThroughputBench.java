package io.warden.server.raft;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A quick in-process write loop against the durable server (fsync on) and, alternately, the same
 * server without its log ({@code warden.durability=none}, to separate the log's cost from the rest
 * on a machine whose load changes by the minute): setData by 1, 8 and 32 synchronous writers, 2 s
 * each, writes/s and p50/p99; {@code -Dbench.modes=raft} runs only the durable server. Not a test: runs only with
 * {@code -Psoak -Dtest=DurableThroughputBench} (or {@code -Dwarden.soak=true}). The load generator in
 * benchmarks/ is the real comparison with ZooKeeper.
 */
class DurableThroughputBench {
    @Test
    void run() throws Exception {
        Assumptions.assumeTrue("true".equals(System.getProperty("warden.soak")), "benchmark: -Psoak");
        Path dir = Files.createTempDirectory("warden-bench");
        // the same loop without the log first: what the rest of the server costs on this machine now
        for (String mode : System.getProperty("bench.modes", "none,raft,none,raft").split(",")) {
            ServerConfig.Durability durability = ServerConfig.Durability.valueOf(mode.strip().toUpperCase());
            ServerConfig config = TestServers.config(dir.resolve(mode + "-" + System.nanoTime()))
                    .durability(durability).build();
            long t0 = System.nanoTime();
            try (WardenServer server = WardenServer.start(config)) {
                System.out.printf("%s: start %d ms%n", durability, (System.nanoTime() - t0) / 1_000_000);
                for (int writers : new int[] {1, 8, 32}) {
                    measure(server.port(), writers, 2_000);
                }
            }
        }
    }

    private static void measure(int port, int writers, long millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[writers];
        for (int w = 0; w < writers; w++) {
            int id = w;
            long[] lat = new long[2_000_000];
            latencies.add(lat);
            RawClient c = RawClient.session(port);
            c.call(OpCode.CREATE, new CreateRequest("/b" + writers + "-" + id, null, Acl.OPEN_ACL_UNSAFE, 0));
            threads.add(new Thread(() -> {
                try (c) {
                    Bytes data = Bytes.wrapOwned(new byte[100]);
                    while (!stop.get() && counts[id] < lat.length) {
                        long s = System.nanoTime();
                        c.call(OpCode.SET_DATA, new SetDataRequest("/b" + writers + "-" + id, data, -1));
                        lat[counts[id]++] = System.nanoTime() - s;
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        Thread.sleep(millis);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int w = 0; w < writers; w++) {
            System.arraycopy(latencies.get(w), 0, all, k, counts[w]);
            k += counts[w];
        }
        Arrays.sort(all);
        System.out.printf("writers %d: %.0f writes/s, p50 %.2f ms, p99 %.2f ms%n", writers, total / seconds,
                all[total / 2] / 1e6, all[(int) (total * 0.99)] / 1e6);
    }
}
