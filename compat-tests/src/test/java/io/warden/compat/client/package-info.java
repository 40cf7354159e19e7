/**
 * Our client ({@code io.warden.client}) against the real Apache ZooKeeper 3.9.5: the subclass of
 * the shared client scenario that runs it on the reference server.
 *
 * <p>May depend on: the recipes test-jar ({@code AbstractClientTest}), the compat harness and the
 * reference {@code org.apache.zookeeper} jars (test scope). Threading: tests run on the JUnit
 * thread; the server is confined to its test class.
 */
package io.warden.compat.client;
