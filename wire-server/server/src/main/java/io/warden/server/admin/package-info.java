/**
 * Four-letter words ({@link io.warden.server.admin.FourLetterWords}, ZooKeeper's whitelist rules
 * and output formats), the server-wide counters the network layer keeps
 * ({@link io.warden.server.admin.ServerStats}) and the version strings clients parse
 * ({@link io.warden.server.admin.WardenVersion}). Depends on {@code ServerConfig}, the
 * {@code sequencer}'s state snapshot and {@code state} stats; never on netty. Thread-safe.
 */
package io.warden.server.admin;
