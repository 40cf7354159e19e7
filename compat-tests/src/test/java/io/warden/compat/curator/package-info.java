/**
 * Apache Curator 5.9.0 against Warden, proven against real ZooKeeper 3.9.5: every test is one
 * body run on both servers ({@link io.warden.compat.harness.Target.Kind}). Covered: the
 * fluent API (create2 stats, protection mode, parent containers, transactions), TTL and container
 * nodes and their reaping, {@code PersistentNode}, {@code InterProcessMutex} and
 * {@code InterProcessReadWriteLock}, {@code LeaderLatch} and {@code LeaderSelector},
 * {@code CuratorCache} and {@code PersistentWatcher} on persistent (recursive) watches, and
 * curator-x-discovery; each also across a server restart (the session survives) and a forced
 * session expiry through the server ({@link io.warden.compat.curator.SessionKiller}). Also the
 * semaphore, shared count, atomic long, double barrier, queue and group-member recipes.
 *
 * <p>Also home of the small server abstraction the other stock-client suites share:
 * {@link io.warden.compat.harness.Target} (real ZooKeeper or in-process Warden, restartable
 * with sessions kept), {@link io.warden.compat.harness.Targets} (one per kind per test
 * class) and {@link io.warden.compat.curator.Eventually} (bounded polling).
 *
 * <p>May depend on: the JDK, JUnit 5, Curator and the official ZooKeeper 3.9.5 client (test scope),
 * {@code io.warden.compat.harness} and the recipes module's test fixture
 * {@code io.warden.client.testing.WardenTestServer}.
 *
 * <p>Threading: test bodies run on the JUnit thread; recipes call back on Curator's threads and
 * hand results over through thread-safe collections, latches and atomics. Every wait is bounded.
 */
package io.warden.compat.curator;
