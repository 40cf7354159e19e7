/**
 * The client benchmark: our client ({@code io.warden.client.WardenClient}) against the official
 * ZooKeeper 3.9.5 Java client, on the same forked server and the same workloads in one run,
 * alternating which client goes first; reports throughput, latency, and the client JVM's
 * allocation and CPU time per operation. Entry point: {@link io.warden.bench.client.ClientBenchMain}.
 *
 * <p>May depend on both clients, the load package's server runner ({@code io.warden.bench.load}),
 * HdrHistogram and the JDK. Threads: one coordinator (the main thread), one driver thread per
 * session, and each client's own I/O and event threads; what each class may be touched by is
 * stated in its javadoc. Every wait is bounded in time and every loop in count or time. The only
 * clock reads go through {@link io.warden.bench.load.MonotonicClock}.
 */
package io.warden.bench.client;
