/**
 * Byte-for-byte cross-checks of our wire codec (wire-protocol) against the official jute classes
 * of ZooKeeper 3.9.5: every record in both directions, multi requests against
 * {@code MultiOperationRecord} and multi responses against {@code org.apache.zookeeper.MultiResponse}.
 * Values come from the seeded {@code io.warden.protocol.testing.RandomRecords} of the
 * wire-protocol test-jar ({@code -Dwarden.seed} fixes the seed, {@code -Dwarden.soak=true} runs
 * more iterations).
 *
 * <p>May depend on: wire-protocol and its test-jar, the reference {@code org.apache.zookeeper}
 * jars (test scope only), JUnit 5. Tests only; single-threaded and stateless helpers.
 */
package io.warden.compat.codec;
