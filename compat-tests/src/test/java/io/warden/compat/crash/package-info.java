/**
 * The crash test (issue #5): a server in a child process under concurrent write load from the
 * official ZooKeeper 3.9.5 Java client is SIGKILLed at seeded random points and restarted on the
 * same data directory and port (in a quarter of the cycles it is SIGKILLed once more while it
 * recovers); after every restart {@link io.warden.compat.crash.CrashChecker} checks that every
 * acknowledged write is there with its exact data, version and zxid, that requests in flight at
 * the kill were applied all-or-nothing, that sequential suffixes and the zxid never go backwards,
 * that sessions which reconnect within their timeout keep their ephemerals and that ephemerals of
 * closed sessions stay gone.
 *
 * <p>Servers ({@link io.warden.compat.crash.ServerUnderTest}, {@link
 * io.warden.compat.crash.ForkedServers}), all with {@code snapCount=1000} so that kills also hit
 * snapshots: real ZooKeeper 3.9.5 with {@code forceSync=yes}, the reference the checker is
 * validated on ({@link io.warden.compat.crash.ZooKeeperCrashTest}); the shaded Warden jar ({@link
 * io.warden.compat.crash.WardenCrashTest}); and two faulty servers the checker must fail ({@link
 * io.warden.compat.crash.CrashCheckerSelfTest}): one that wipes its data directory on restart and
 * one that loses the newer half of its last transaction log. 10 cycles by default, 50 under
 * {@code -Psoak}; the seed is printed and {@code -Dwarden.crash.seed=SEED} replays a run's choices
 * (kill points, operations, data; thread timing still differs).
 *
 * <p>May depend on: the JDK, JUnit 5, the official ZooKeeper client (test scope) and
 * {@link io.warden.compat.harness}. Threads: the test thread drives cycles and verifies; one
 * thread per writer and one closer thread run the load and are joined before their models are
 * read. Every loop and wait is bounded; every child process is killed by its own handle in a
 * {@code finally}.
 */
package io.warden.compat.crash;
