/**
 * The stock clients our users run, against real ZooKeeper 3.9.5 and against Warden, with the
 * same scenario body on both so that every assertion is proven on the reference first: Kazoo
 * through pytest scripts ({@code src/test/python}), zkCli.sh in two concurrent interactive
 * sessions (walkthroughs 000 and 003), the C client {@code cli_mt}, and the four-letter words
 * over a raw socket.
 *
 * <p>Pieces: {@link io.warden.compat.harness.Target} (a server: real ZooKeeper or Warden, with
 * restart), {@link io.warden.compat.harness.Targets} (one server per kind per test class),
 * {@link io.warden.compat.peers.ZkCliSession} (an interactive zkCli.sh driven line by line, with
 * barriers), {@link io.warden.compat.peers.CliOutput} (normalizing zxids, times and session ids
 * so two servers' transcripts compare).
 *
 * <p>May depend on: the JDK, JUnit 5, {@code io.warden.compat.harness} (real ZooKeeper, external
 * peers, four-letter words) and the in-process Warden server. Nothing depends on this package.
 *
 * <p>Threading: each test drives its peers from the test thread; servers and peer processes are
 * thread-safe handles. Every wait is bounded, and every process a test starts is stopped through
 * its own handle.
 */
package io.warden.compat.peers;
