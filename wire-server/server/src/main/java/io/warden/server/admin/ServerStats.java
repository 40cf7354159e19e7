package io.warden.server.admin;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide packet and latency counters, as ZooKeeper's {@code ServerStats}: packets received
 * and sent (frames, notifications included) and request latency from receipt to reply. Latencies
 * are kept in nanoseconds and reported in milliseconds.
 *
 * <p>Thread-safe: lock-free adders and accumulators; a {@link #reset} racing with updates may
 * keep a few of them, as in ZooKeeper.
 */
public final class ServerStats {
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyTotalNanos = new LongAdder();
    private final LongAccumulator latencyMinNanos = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator latencyMaxNanos = new LongAccumulator(Math::max, 0);

    /** A consistent-enough copy of the counters. Immutable. */
    public record Snapshot(long packetsReceived, long packetsSent, long requests, long minLatencyMs,
            double avgLatencyMs, long maxLatencyMs) {
    }

    public void packetReceived() {
        packetsReceived.increment();
    }

    public void packetsSent(int count) {
        packetsSent.add(count);
    }

    public void recordLatency(long nanos) {
        latencyCount.increment();
        latencyTotalNanos.add(nanos);
        latencyMinNanos.accumulate(nanos);
        latencyMaxNanos.accumulate(nanos);
    }

    public void reset() {
        packetsReceived.reset();
        packetsSent.reset();
        latencyCount.reset();
        latencyTotalNanos.reset();
        latencyMinNanos.reset();
        latencyMaxNanos.reset();
    }

    public Snapshot snapshot() {
        long count = latencyCount.sum();
        long min = latencyMinNanos.get();
        double avgMs = count == 0 ? 0 : latencyTotalNanos.sum() / (double) count / 1_000_000.0;
        return new Snapshot(packetsReceived.sum(), packetsSent.sum(), count,
                count == 0 || min == Long.MAX_VALUE ? 0 : min / 1_000_000, Math.round(avgMs * 10_000) / 10_000.0,
                latencyMaxNanos.get() / 1_000_000);
    }
}
