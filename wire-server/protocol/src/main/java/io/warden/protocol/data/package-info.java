/**
 * Shared jute data records (Stat, Acl, Id, ClientInfo) and {@link io.warden.protocol.data.Bytes}
 * (immutable bytes; null is not empty). May depend on {@code io.warden.protocol.codec} for
 * reading and writing. Every type is immutable.
 */
package io.warden.protocol.data;
