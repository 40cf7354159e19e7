/**
 * ACL evaluation as ZooKeeper does it (PROTOCOL.md section 14): the permission check against a
 * caller's identities (world, digest, ip with IPv4/IPv6 CIDR, sasl/x509 exact match, super), the
 * ACL fix-up of create and setACL (duplicate removal, {@code auth} expansion, id validation), and
 * digest id generation for auth packets. Depends only on {@code io.warden.protocol}. Every type is
 * immutable or stateless, so safe from any thread; the state machine calls it on its apply thread.
 */
package io.warden.server.acl;
