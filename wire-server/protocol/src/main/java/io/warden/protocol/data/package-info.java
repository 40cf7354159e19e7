/**
 * Shared jute data records (Stat, Acl, Id, ClientInfo) and {@link io.warden.protocol.data.Bytes}\n * (immutable bytes; null is not empty). May depend on {@code io.warden.protocol.codec} for\n * reading and writing. Every type is immutable.
 */
package io.warden.protocol.data;
