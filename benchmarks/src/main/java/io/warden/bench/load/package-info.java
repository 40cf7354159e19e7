/**
 * The load generator: the official ZooKeeper 3.9.5 Java client drives a real ZooKeeper and Warden,
 * each in a JVM forked by {@link io.warden.bench.load.LoadMain}, with the same workloads, in
 * alternating rounds, and reports throughput, latency, server CPU per operation and RSS;
 * {@link io.warden.bench.load.EnsembleMain} does the same for a 3-server ensemble of each
 * ({@link io.warden.bench.load.EnsembleProcesses}), plus the failover time after SIGKILL of the
 * leader.
 *
 * <p>May depend on the ZooKeeper client and server jars, HdrHistogram and the JDK. Threads: one
 * coordinator (the main thread), one driver thread per client session, and the ZooKeeper client's
 * own send and event threads; what each class may be touched by is stated in its javadoc. Every
 * wait is bounded in time and every loop in count or time. The only clock reads are in
 * {@link io.warden.bench.load.MonotonicClock}.
 */
package io.warden.bench.load;
