/**
 * Test support shipped in the recipes test-jar, for our tests and users' own:
 * {@link io.warden.client.testing.ChaosProxy} (drop or black-hole connections, record what a
 * client sends) and the session tools in {@code io.warden.client.ClientTestSupport}.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol}, the JDK. Threading: each
 * class documents its own; the proxy is thread-safe.
 */
package io.warden.client.testing;
