/**
 * Restart keeps sessions (issue #5): the official ZooKeeper 3.9.5 Java client and Curator 5.9.0,
 * connected to a server in a child process ({@link io.warden.compat.durability.RestartableServer}:
 * the shaded Warden jar, durable by default, and real ZooKeeper 3.9.5 with {@code forceSync=yes}
 * as the reference, both started through {@link io.warden.compat.crash.ForkedServers}), keep
 * their session and ephemerals across a restart on the same data directory and port (SIGTERM and
 * SIGKILL), and get, through setWatches, the watch events they missed: changes made just before
 * the kill while the watcher was cut off, and changes a second client made after the restart
 * before the watcher reconnected. The watcher reaches the server through a
 * {@link io.warden.compat.curator.TcpProxy}, so when it reconnects is the test's choice, not a race.
 *
 * <p>May depend on: the JDK, JUnit 5, the official ZooKeeper client and Curator (test scope),
 * {@link io.warden.compat.harness}, {@link io.warden.compat.crash} (forked servers) and
 * {@link io.warden.compat.curator} (proxy, polling). Threads: the test thread; the clients'
 * event threads only add to bounded queues. Every wait is bounded; every child process is
 * killed by its own handle in a {@code finally}.
 */
package io.warden.compat.durability;
