/**
 * Session liveness ({@link io.warden.server.session.SessionTracker}: expiry buckets in tickTime
 * units on an injected Guava {@code Ticker}) and connection identities
 * ({@link io.warden.server.session.Auth}: the ip and digest schemes of auth packets, whoAmI).
 * Depends on the protocol module, Guava and {@code acl} (digest ids); no netty, no clock of its
 * own. The tracker is thread-safe by its monitor; {@code Auth} is stateless.
 */
package io.warden.server.session;
