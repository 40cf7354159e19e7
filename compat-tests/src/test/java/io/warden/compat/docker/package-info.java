/**
 * The official {@code zookeeper:3.9} Docker image as an extra reference, through Testcontainers,
 * when a Docker engine is present; skipped cleanly otherwise. The scenario it runs also runs
 * against the in-process real ZooKeeper 3.9.5 in every build.
 *
 * <p>May depend on: the JDK, JUnit 5, Testcontainers 1.x, the official ZooKeeper 3.9.5 client,
 * {@code io.warden.compat.harness} and {@code io.warden.compat.curator} (the shared servers).
 *
 * <p>Threading: everything runs on the test thread; the Docker probe runs on the common pool,
 * bounded by a timeout.
 */
package io.warden.compat.docker;
