/**
 * node-zookeeper-client (the npm package, version pinned in {@code src/test/node/package.json}
 * and {@code package-lock.json}, installed by {@code scripts/test.sh} with {@code npm ci}) against
 * real ZooKeeper 3.9.5 and against Warden: {@link io.warden.compat.node.NodeClientTest} runs
 * {@code src/test/node/scenario.js} with {@code node}, once per server.
 *
 * <p>May depend on: the JDK, JUnit 5, {@code io.warden.compat.harness} (external peers and
 * processes), {@code io.warden.compat.harness.Target} (the two servers) and
 * {@code io.warden.compat.matrix.Compat}. Nothing depends on this package.
 *
 * <p>Threading: tests drive the node process from the JUnit thread; the probe results in
 * {@link io.warden.compat.node.NodePeer} are computed once and immutable. A missing {@code node}
 * or module fails the test under {@code CI=true} and skips it otherwise.
 */
package io.warden.compat.node;
