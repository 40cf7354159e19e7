/**
 * The deterministic ZooKeeper state machine: {@link io.warden.server.state.StateMachine} (the
 * facade the server calls), the {@code DataTree} of znodes with Stat maintenance exactly as
 * ZooKeeper keeps it, the replicated session table, one handler per operation group (writes,
 * multi, reads) and the translation of changes into ACL-filtered watch notifications.
 *
 * <p>Depends on {@code io.warden.protocol}, {@code io.warden.server.txn},
 * {@code io.warden.server.watch} and {@code io.warden.server.acl}; never on netty channels,
 * sessions' timers or the network layer. Never reads a clock or a random source: time and zxid
 * come in the {@link io.warden.server.txn.TxnHeader}. Everything here is thread-confined to the
 * one apply thread, except the records (immutable) and {@link io.warden.server.state.FrozenState}
 * (a copy-on-write capture for snapshots, read by one other thread);
 * {@link io.warden.server.state.StateRestorer} rebuilds a state machine from a snapshot.
 */
package io.warden.server.state;
