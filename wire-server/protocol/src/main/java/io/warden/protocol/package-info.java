/**
 * ZooKeeper protocol vocabulary shared by client and server: opcodes, error codes, special xids,\n * create modes, permissions, event types, path rules and limits. Depends on nothing but the JDK.\n * Every type here is immutable or stateless.
 */
package io.warden.protocol;
