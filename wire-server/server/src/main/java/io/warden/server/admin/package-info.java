/**
 * Four-letter words ({@link io.warden.server.admin.FourLetterWords}, ZooKeeper's whitelist rules
 * and output formats, standalone and, from an {@link io.warden.server.ensemble.EnsembleStatus}, as
 * a leader, follower or peer without quorum), the server-wide counters the network layer keeps
 * ({@link io.warden.server.admin.ServerStats}) and the version strings clients parse
 * ({@link io.warden.server.admin.WardenVersion}). Depends on {@code ServerConfig}, the
 * {@code sequencer}'s state snapshot, {@code state} stats and the {@code ensemble} view; never on
 * netty. Thread-safe.
 */
package io.warden.server.admin;
