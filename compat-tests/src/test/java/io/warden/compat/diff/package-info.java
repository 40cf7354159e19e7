/**
 * The differential harness: one scenario body runs against real ZooKeeper 3.9.5 and against
 * Warden (or against a second real ZooKeeper, to prove the harness itself is deterministic), and
 * the two transcripts must be equal after normalization.
 *
 * <p>Pieces: {@link io.warden.compat.diff.Endpoint} (where a scenario runs; the servers are
 * {@link io.warden.compat.harness.Target}s), {@link io.warden.compat.diff.ServerPair} (ZooKeeper and Warden
 * with the same settings),
 * {@link io.warden.compat.diff.RawSession} (a raw-frame client built on {@code io.warden.protocol},
 * recording every frame it sends and receives), {@link io.warden.compat.diff.JavaClient} (the
 * official 3.9.5 client, recording results, error codes, Stats and watch events),
 * {@link io.warden.compat.diff.Transcript} and {@link io.warden.compat.diff.Normalizer} (zxids
 * relative to a baseline captured just before each scenario, so every consumed zxid counts; times,
 * session ids and passwords to ordinals or classes), the scenario catalog
 * ({@link io.warden.compat.diff.Scenarios}) and {@link io.warden.compat.diff.DiffRunner}.
 *
 * <p>May depend on: the JDK, JUnit 5, {@code io.warden.protocol} (to build and decode frames), the
 * official {@code org.apache.zookeeper} client, {@code io.warden.compat.harness} (real ZooKeeper)
 * and the in-process Warden server. Nothing depends on this package.
 *
 * <p>Threading: a scenario runs on the test thread; everything it touches (sessions, clients,
 * transcript) is confined to that thread, except that the official client's watchers and
 * callbacks hand events to the scenario thread through a bounded queue.
 */
package io.warden.compat.diff;
