/**
 * Ensemble configuration compared with real ZooKeeper 3.9.5 run as a quorum peer
 * ({@code QuorumPeerMain} in a child JVM): what {@code /zookeeper/config} holds for the same
 * server lines.
 */
package io.warden.compat.ensemble;
