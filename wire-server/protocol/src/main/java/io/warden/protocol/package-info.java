/**
 * ZooKeeper protocol vocabulary shared by client and server: opcodes, error codes, special xids,
 * create modes, permissions, event types, path rules and limits. Depends on nothing but the JDK.
 * Every type here is immutable or stateless.
 */
package io.warden.protocol;
