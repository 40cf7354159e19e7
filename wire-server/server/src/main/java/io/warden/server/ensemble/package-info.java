/**
 * The ensemble configuration, read as ZooKeeper reads it: the {@code server.N} lines of zoo.cfg
 * (or of its {@code dynamicConfigFile}), the {@code myid} file in dataDir, {@code peerType},
 * {@code initLimit}/{@code syncLimit}, {@code standaloneEnabled} and {@code reconfigEnabled}
 * ({@link io.warden.server.ensemble.EnsembleParser}), into an immutable
 * {@link io.warden.server.ensemble.EnsembleConfig}; and the content of {@code /zookeeper/config}
 * for it in ZooKeeper's format ({@link io.warden.server.ensemble.ConfigNode}).
 *
 * <p>How ZooKeeper's ports map onto Apache Ratis, and what runs today (a single server line with
 * {@code standaloneEnabled=false} is a Ratis group of one on the peer address; more than one
 * server is refused at start-up until issue #6 lands): see docs/ensemble-design.md.
 *
 * <p>Pure values and stateless functions: no threads, nothing resolved through DNS; the only I/O
 * is the parser reading {@code myid} and the dynamic configuration file.
 */
package io.warden.server.ensemble;
