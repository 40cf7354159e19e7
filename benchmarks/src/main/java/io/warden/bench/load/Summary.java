package io.warden.bench.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Per cell: each server's figures over its rounds, and Warden/ZooKeeper ratios paired by round
 * (the two runs of a round ran back to back) with their spread. Immutable.
 *
 * @param cell workload, value size, clients
 * @param perTarget each server that has at least one successful run
 * @param opsRatio Warden ops/s over ZooKeeper ops/s, per round
 * @param p99Ratio Warden p99 over ZooKeeper p99, per round
 * @param cpuRatio Warden server CPU per op over ZooKeeper's, per round
 */
public record Summary(LoadOptions.Cell cell, Map<Target, TargetSummary> perTarget,
        Ratio opsRatio, Ratio p99Ratio, Ratio cpuRatio) {

    /**
     * One server's figures in one cell.
     *
     * @param rounds successful runs
     * @param opsPerSecond median over rounds
     * @param p50Micros latency percentiles over all rounds' operations together
     * @param serverCpuMicrosPerOp median over rounds
     * @param clientCpuMicrosPerOp median over rounds (the load generator's own JVM)
     * @param maxRssBytes largest RSS seen at the end of a window
     * @param errors non-OK replies over all rounds
     * @param failedRuns runs that could not be measured
     */
    public record TargetSummary(int rounds, double opsPerSecond, double p50Micros,
            double p99Micros, double p999Micros, double serverCpuMicrosPerOp,
            double clientCpuMicrosPerOp, long maxRssBytes, long errors, int failedRuns) {
    }

    /** Median and range of per-round ratios; n = 0 when there was no pair. */
    public record Ratio(int n, double median, double min, double max) {
        static final Ratio NONE = new Ratio(0, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Summaries of every cell, in the order of {@code cells}. */
    static List<Summary> of(List<LoadOptions.Cell> cells, List<RunResult> results) {
        List<Summary> out = new ArrayList<>();
        for (LoadOptions.Cell cell : cells) {
            List<RunResult> mine = results.stream().filter(r -> r.cell().equals(cell)).toList();
            Map<Target, TargetSummary> per = new EnumMap<>(Target.class);
            for (Target t : Target.values()) {
                List<RunResult> runs = mine.stream().filter(r -> r.target() == t).toList();
                if (!runs.isEmpty()) {
                    per.put(t, target(runs));
                }
            }
            out.add(new Summary(cell, per, ratio(mine, RunResult::opsPerSecond),
                    ratio(mine, r -> r.latencyMicros(99)),
                    ratio(mine, RunResult::serverCpuMicrosPerOp)));
        }
        return out;
    }

    private static TargetSummary target(List<RunResult> runs) {
        List<RunResult> ok = runs.stream().filter(RunResult::ok).toList();
        Histogram all = new Histogram(SessionDriver.MAX_LATENCY_NANOS, 3);
        ok.forEach(r -> all.add(r.latencies()));
        boolean any = all.getTotalCount() > 0;
        return new TargetSummary(ok.size(),
                median(ok.stream().map(RunResult::opsPerSecond).toList()),
                any ? all.getValueAtPercentile(50) / 1e3 : Double.NaN,
                any ? all.getValueAtPercentile(99) / 1e3 : Double.NaN,
                any ? all.getValueAtPercentile(99.9) / 1e3 : Double.NaN,
                median(ok.stream().map(RunResult::serverCpuMicrosPerOp).toList()),
                median(ok.stream().map(RunResult::clientCpuMicrosPerOp).toList()),
                ok.stream().mapToLong(RunResult::serverRssBytes).max().orElse(-1),
                runs.stream().mapToLong(RunResult::totalErrors).sum(),
                runs.size() - ok.size());
    }

    private static Ratio ratio(List<RunResult> runs, java.util.function.ToDoubleFunction<RunResult> f) {
        List<Double> ratios = new ArrayList<>();
        for (RunResult w : runs) {
            if (w.target() != Target.WARDEN || !w.ok()) {
                continue;
            }
            for (RunResult z : runs) {
                if (z.target() == Target.ZOOKEEPER && z.ok() && z.round() == w.round()) {
                    double r = f.applyAsDouble(w) / f.applyAsDouble(z);
                    if (Double.isFinite(r)) {
                        ratios.add(r);
                    }
                }
            }
        }
        if (ratios.isEmpty()) {
            return Ratio.NONE;
        }
        return new Ratio(ratios.size(), median(ratios),
                ratios.stream().min(Comparator.naturalOrder()).orElseThrow(),
                ratios.stream().max(Comparator.naturalOrder()).orElseThrow());
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().filter(Double::isFinite).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }
}
