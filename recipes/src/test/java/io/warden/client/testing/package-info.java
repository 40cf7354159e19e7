/**
 * Test support shipped in the recipes test-jar, for our tests and users' own:
 * {@link io.warden.client.testing.ChaosProxy} (drop or black-hole connections, record what a
 * client sends), {@link io.warden.client.testing.SessionStandIn} (keeps a session alive on the
 * server from a second connection while its client stays away) and the session tools in
 * {@code io.warden.client.ClientTestSupport}.
 *
 * <p>May depend on: {@code io.warden.client}, {@code io.warden.protocol}, the JDK. Threading: each
 * class documents its own; the proxy is thread-safe.
 */
package io.warden.client.testing;
