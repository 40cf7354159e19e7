/**
 * The recipes against the reference: the recipe scenarios of the recipes test-jar run against real
 * ZooKeeper 3.9.5 ({@code ZooKeeper*Test}), and our recipes interoperating with Apache Curator
 * 5.9.0's on one path, against both servers ({@code CuratorInterop*Test}): our Mutex and Curator's
 * InterProcessMutex exclude each other, our LeaderLatch and Curator's elect one leader, our
 * registry and curator-x-discovery read each other's instances.
 *
 * <p>May depend on: the recipes and their test-jar, the compat harness, Curator, ZooKeeper, JUnit.
 * Threading: tests are confined to the JUnit thread except where they start their own threads.
 */
package io.warden.compat.recipes;
