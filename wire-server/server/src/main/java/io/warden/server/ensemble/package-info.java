/**
 * The ensemble configuration, read as ZooKeeper reads it: the {@code server.N} lines of zoo.cfg
 * (or of its {@code dynamicConfigFile}), the {@code myid} file in dataDir, {@code peerType},
 * {@code initLimit}/{@code syncLimit}, {@code standaloneEnabled} and {@code reconfigEnabled}
 * ({@link io.warden.server.ensemble.EnsembleParser}), into an immutable
 * {@link io.warden.server.ensemble.EnsembleConfig}; and the content of {@code /zookeeper/config}
 * for it in ZooKeeper's format ({@link io.warden.server.ensemble.ConfigNode}).
 *
 * <p>How ZooKeeper's ports map onto Apache Ratis (peerPort = the Ratis gRPC port, bound on the
 * line's host only; electionPort parsed and reserved, not bound) and what runs: a single server
 * line with {@code standaloneEnabled=false} is a Ratis group of one on the peer address; more
 * server lines are an ensemble ({@code io.warden.server.raft.EnsembleLog}; {@code :observer}
 * members are Ratis listeners, which never vote): see docs/ensemble-design.md.
 *
 * <p>Pure values and stateless functions: no threads, nothing resolved through DNS; the only I/O
 * is the parser reading {@code myid} and the dynamic configuration file.
 */
package io.warden.server.ensemble;
