package io.warden.bench.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run (one server, one cell, one round) measured. Immutable apart from the histogram,
 * which nobody modifies after the run.
 *
 * @param target the server
 * @param cell workload, value size and clients
 * @param round 1-based round
 * @param failure why the run could not be measured, or {@code null}
 * @param measuredOps successful operations sent in the measured window
 * @param measuredErrors failed operations sent in the measured window
 * @param windowNanos length of the measured window
 * @param latencies latency of each measured successful operation (ns); empty on failure
 * @param serverCpuNanos server CPU (user + system, all threads) during the window, -1 if unknown
 * @param clientCpuNanos this JVM's CPU during the window, -1 if unknown
 * @param serverRssBytes server RSS at the end of the window, -1 if unknown
 * @param errorsByCode every non-OK reply over the whole run (warm-up included), by code
 * @param unanswered requests never answered within the drain timeout
 * @param cleanup "ok" or what clean-up could not delete
 */
public record RunResult(Target target, LoadOptions.Cell cell, int round, String failure,
        long measuredOps, long measuredErrors, long windowNanos, Histogram latencies,
        long serverCpuNanos, long clientCpuNanos, long serverRssBytes,
        Map<String, Long> errorsByCode, int unanswered, String cleanup) {

    public RunResult {
        errorsByCode = Map.copyOf(errorsByCode);
    }

    static RunResult failed(Target target, LoadOptions.Cell cell, int round, String failure) {
        return new RunResult(target, cell, round, failure, 0, 0, 0,
                new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3), -1, -1, -1, Map.of(), 0,
                "not run");
    }

    public boolean ok() {
        return failure == null;
    }

    public double opsPerSecond() {
        return windowNanos <= 0 ? 0 : measuredOps * 1e9 / windowNanos;
    }

    /** Server CPU per successful operation in microseconds; NaN if unknown. */
    public double serverCpuMicrosPerOp() {
        return serverCpuNanos < 0 || measuredOps == 0 ? Double.NaN : serverCpuNanos / 1e3 / measuredOps;
    }

    /** Client (this JVM) CPU per successful operation in microseconds; NaN if unknown. */
    public double clientCpuMicrosPerOp() {
        return clientCpuNanos < 0 || measuredOps == 0 ? Double.NaN : clientCpuNanos / 1e3 / measuredOps;
    }

    /** A latency percentile in microseconds; NaN without samples. */
    public double latencyMicros(double percentile) {
        return latencies.getTotalCount() == 0 ? Double.NaN
                : latencies.getValueAtPercentile(percentile) / 1e3;
    }

    public long totalErrors() {
        return errorsByCode.values().stream().mapToLong(Long::longValue).sum();
    }
}
