package io.warden.bench.client;

import io.warden.bench.load.Target;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run: one client, one cell, one round, on one server.
 *
 * <p>Immutable by convention: {@code latencies} is this record's own copy and nobody records into
 * it after construction (HdrHistogram has no read-only view).
 *
 * @param server the server measured against
 * @param kind which client
 * @param cell workload and sessions
 * @param round 1-based round
 * @param failure why the run could not be measured, or {@code null}
 * @param measureNanos the measured window
 * @param measuredOk successful operations sent inside the window
 * @param measuredErrors failed operations sent inside the window
 * @param errorsByName failures of the whole run by error name
 * @param latencies latency of each successful measured operation, ns
 * @param allocatedBytes client-JVM allocation over the window
 * @param clientCpuNanos client-process CPU time over the window
 * @param serverCpuNanos server-process CPU time over the window (-1 if unknown)
 * @param gcCount client-JVM collections during the window
 * @param cleanup "ok", or what was left behind
 */
record ClientRunResult(Target server, ClientKind kind, ClientBenchOptions.Cell cell, int round,
        String failure, long measureNanos, long measuredOk, long measuredErrors,
        Map<String, Long> errorsByName, Histogram latencies, long allocatedBytes, long clientCpuNanos,
        long serverCpuNanos, long gcCount, String cleanup) {

    ClientRunResult {
        errorsByName = Map.copyOf(errorsByName);
    }

    static ClientRunResult failed(Target server, ClientKind kind, ClientBenchOptions.Cell cell,
            int round, String failure) {
        return new ClientRunResult(server, kind, cell, round, failure, 0, 0, 0, Map.of(),
                new Histogram(LoadSession.MAX_LATENCY_NANOS, 3), 0, 0, -1, 0, "n/a");
    }

    boolean ok() {
        return failure == null;
    }

    double opsPerSecond() {
        return measureNanos == 0 ? Double.NaN : measuredOk * 1e9 / measureNanos;
    }

    /** Latency percentile in microseconds (NaN without samples). */
    double latencyMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? Double.NaN
                : latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    private long ops() {
        return measuredOk + measuredErrors;
    }

    double allocatedBytesPerOp() {
        return ops() == 0 ? Double.NaN : (double) allocatedBytes / ops();
    }

    double clientCpuMicrosPerOp() {
        return ops() == 0 ? Double.NaN : clientCpuNanos / 1000.0 / ops();
    }

    double serverCpuMicrosPerOp() {
        return ops() == 0 || serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1000.0 / ops();
    }

    long totalErrors() {
        return errorsByName.values().stream().mapToLong(Long::longValue).sum();
    }
}
