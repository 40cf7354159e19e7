package io.warden.server.admin;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide counters, as ZooKeeper's {@code ServerStats} and the few {@code ServerMetrics}
 * counters Warden can compute honestly: packets received (four-letter words included) and sent
 * (notifications included), bytes received, connections refused, AUTHFAILED answers, and request
 * latency from receipt to reply. As in ZooKeeper, each latency is a whole number of milliseconds
 * and min, average and max are all computed from those samples, so min &lt;= avg &lt;= max; the
 * average is rounded half-up to four decimals.
 *
 * <p>Thread-safe: lock-free adders and accumulators; a {@link #reset} racing with updates may
 * keep a few of them, as in ZooKeeper.
 */
public final class ServerStats {
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyTotalMs = new LongAdder();
    private final LongAccumulator latencyMinMs = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator latencyMaxMs = new LongAccumulator(Math::max, 0);

    /** A consistent-enough copy of the counters. Immutable. */
    public record Snapshot(long packetsReceived, long packetsSent, long bytesReceived, long connectionsRejected,
            long authFailures, long requests, long minLatencyMs, double avgLatencyMs, long maxLatencyMs) {
    }

    public void packetReceived() {
        packetsReceived.increment();
    }

    public void packetsSent(int count) {
        packetsSent.add(count);
    }

    /** Raw bytes read from a client connection. */
    public void bytesReceived(long count) {
        bytesReceived.add(count);
    }

    /** A connection refused at accept ({@code maxClientCnxns}, {@code maxCnxns}). */
    public void connectionRejected() {
        connectionsRejected.increment();
    }

    /** An AUTHFAILED answer to an auth packet. */
    public void authFailed() {
        authFailures.increment();
    }

    /** One request's latency, in whole milliseconds (ZooKeeper's unit). */
    public void recordLatencyMs(long latencyMs) {
        long ms = Math.max(0, latencyMs);
        latencyCount.increment();
        latencyTotalMs.add(ms);
        latencyMinMs.accumulate(ms);
        latencyMaxMs.accumulate(ms);
    }

    public void reset() {
        packetsReceived.reset();
        packetsSent.reset();
        bytesReceived.reset();
        connectionsRejected.reset();
        authFailures.reset();
        latencyCount.reset();
        latencyTotalMs.reset();
        latencyMinMs.reset();
        latencyMaxMs.reset();
    }

    public Snapshot snapshot() {
        long count = latencyCount.sum();
        long total = latencyTotalMs.sum();
        long min = latencyMinMs.get();
        long max = latencyMaxMs.get();
        boolean none = count == 0 || min == Long.MAX_VALUE;
        double avg = none ? 0 : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(count), 4, RoundingMode.HALF_UP)
                .doubleValue();
        long lo = none ? 0 : min;
        // Racing updates can leave the parts a sample apart; keep the printed triple ordered.
        avg = Math.min(Math.max(avg, lo), Math.max(max, lo));
        return new Snapshot(packetsReceived.sum(), packetsSent.sum(), bytesReceived.sum(), connectionsRejected.sum(),
                authFailures.sum(), count, lo, avg, Math.max(max, lo));
    }
}
