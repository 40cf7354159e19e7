/**
 * The official ZooKeeper Java client of every release line from 3.5 to 3.9, each in a child JVM
 * on that release's own jars (resolved by Maven into {@code target/javaclients/<version>/}),
 * running one scenario ({@link io.warden.compat.javaclients.ClientScenarioMain}) against real
 * ZooKeeper 3.9.5 and against Warden; the two transcripts must be identical
 * ({@link io.warden.compat.javaclients.JavaClientVersionsTest}).
 *
 * <p>May depend on: the JDK, JUnit 5, the official client API common to 3.5 to 3.9 (the scenario
 * is compiled against 3.9.5 and must link against 3.5.0), {@code io.warden.compat.harness} and
 * {@code io.warden.compat.curator} (the shared server abstraction).
 *
 * <p>Threading: the test thread drives one child process at a time; a daemon thread per child
 * reads its stdout into a bounded queue. Every wait is bounded and every child is killed through
 * its own process handle.
 */
package io.warden.compat.javaclients;
