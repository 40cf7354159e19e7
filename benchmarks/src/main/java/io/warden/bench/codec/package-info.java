/**
 * JMH benchmarks of our wire codec ({@code io.warden.protocol}) against the official jute classes
 * ({@code org.apache.zookeeper.proto}), the same messages in the same run.
 *
 * <p>May depend on wire-protocol, ZooKeeper's jute and JMH. Each benchmark state is
 * thread-confined to one JMH worker thread.
 */
package io.warden.bench.codec;
