package io.warden.server.txn;

/**
 * A state-changing transaction: what goes into the log and is applied in log order by every
 * replica. Each consumes exactly one zxid, even when its checks fail at apply (as ZooKeeper),
 * except {@link TouchSessionsTxn}, which records session liveness and consumes none.
 */
public sealed interface Txn permits CreateSessionTxn, CloseSessionTxn, RequestTxn, TouchSessionsTxn {
}
