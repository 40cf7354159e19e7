/**
 * Test harness shared by every compatibility test: the real Apache ZooKeeper 3.9.5 server
 * ({@link io.warden.compat.harness.RealZooKeeper}, in-process or in a forked JVM), the server a
 * test runs against, ZooKeeper or Warden, from one set of settings
 * ({@link io.warden.compat.harness.Target}, {@link io.warden.compat.harness.Targets}), four-letter
 * words ({@link io.warden.compat.harness.FourLetterWords}), the official Java client
 * ({@link io.warden.compat.harness.OfficialJavaClient}), replicated ensembles of separate JVMs,
 * ZooKeeper or Warden ({@link io.warden.compat.harness.ForkedEnsemble}: leader via {@code srvr},
 * SIGKILL, SIGSTOP/SIGCONT, restart) and the external peers installed from
 * Debian: zkCli.sh, the C client {@code cli_mt}, Kazoo and pytest
 * ({@link io.warden.compat.harness.ExternalPeers}, {@link io.warden.compat.harness.PeerProcess}).
 *
 * <p>May depend on: the JDK, JUnit 5, the reference {@code org.apache.zookeeper} jars (test
 * scope only), the Warden server and the recipes module's test fixture
 * ({@code io.warden.client.testing.WardenTestServer}). Nothing in the product depends on this package.
 *
 * <p>Rules kept here: every server binds {@code 127.0.0.1} only; every wait and loop is bounded in
 * time and count ({@link io.warden.compat.harness.Deadline} is the one place that reads the clock);
 * every process a test starts is stopped through its own {@link java.lang.Process} handle, never
 * by name. A missing external peer fails the test when {@code CI=true} and skips it otherwise
 * ({@link io.warden.compat.harness.ExternalPeers#requirePeer}).
 *
 * <p>Threading: the lifecycle classes ({@code RealZooKeeper}, {@code Target}, {@code Targets},
 * {@code PeerProcess}, {@code ForkedEnsemble}) are
 * thread-safe (synchronized lifecycle methods); the rest are stateless static helpers or
 * immutable values.
 */
package io.warden.compat.harness;
