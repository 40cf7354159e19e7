/**
 * Warden's ZooKeeper client: {@link io.warden.client.WardenClient} (asynchronous
 * {@link java.util.concurrent.CompletableFuture} API for every ZooKeeper 3.9 operation) and
 * {@link io.warden.client.BlockingClient} (blocking forms), {@link io.warden.client.ClientConfig},
 * watches ({@link io.warden.client.Watcher}, one-shot or persistent), connection states
 * ({@link io.warden.client.ConnectionState}, {@link io.warden.client.ConnectionStateListener}),
 * {@link io.warden.client.KeeperException} (exact error code and path), multi
 * ({@link io.warden.client.Transaction}) and retries ({@link io.warden.client.Retrier},
 * {@link io.warden.client.RetryPolicies}).
 *
 * <p>May depend on: {@code io.warden.protocol} (wire records and codec), netty, Guava and the JDK;
 * never on the server or on org.apache.zookeeper.
 *
 * <p>Threading: the client is thread-safe; I/O runs on one netty event loop, and all user code
 * (watchers, listeners, future completions) runs on the client's one ordered event thread, in the
 * order the server sent the frames. Value types are immutable records.
 */
package io.warden.client;
