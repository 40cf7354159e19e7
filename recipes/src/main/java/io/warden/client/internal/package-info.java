/**
 * Internals of {@code io.warden.client}: the session and connection state machine
 * ({@link io.warden.client.internal.ClientCore}), the pending-request bookkeeping
 * ({@link io.warden.client.internal.Call}), the client-side watch tables
 * ({@link io.warden.client.internal.WatchRegistry}), the ordered event thread
 * ({@link io.warden.client.internal.EventDispatcher}), connect-string parsing, host order and
 * chroot mapping. Not an API: may change without notice.
 *
 * <p>May depend on: {@code io.warden.client} value types, {@code io.warden.protocol}, netty, Guava.
 *
 * <p>Threading: {@code ClientCore}, {@code WatchRegistry}, {@code HostList} and {@code Call}'s
 * mutable fields are confined to the client's netty event loop; {@code EventDispatcher} is
 * thread-safe; the rest is immutable or stateless. The I/O thread never runs user code.
 */
package io.warden.client.internal;
