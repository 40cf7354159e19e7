package io.warden.bench.codec;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof io.warden.bench.codec.ProcessCpuProfiler}) reporting
 * {@code cpu.time.norm}: the benchmark JVM's CPU time (all threads, so garbage collection is
 * charged to the code that allocates) per operation. Unlike wall time it does not grow while the
 * benchmark thread waits for a core, which on a machine shared with other work is what makes
 * ns/op noisy. Resolution is the OS clock tick (10 ms on Linux), so use iterations of 1 s or more.
 *
 * <p>Thread-confined: JMH calls it from one thread per fork.
 */
public final class ProcessCpuProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuAtStartNanos;

    @Override
    public String getDescription() {
        return "process CPU time (user+system, all threads) per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuAtStartNanos = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuAtStartNanos;
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || cpu < 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op",
                AggregationPolicy.AVG));
    }
}
