package io.warden.server.txn;

import java.util.List;

/**
 * The stamped transactions of one log entry, in apply order. A group commit puts many client
 * writes into one entry so that the log's per-entry cost (a Raft entry, its header, its share of
 * an fsync) is paid once per batch; {@link TxnCodec} encodes it with one version byte and one
 * checksum. Immutable.
 */
public record TxnBatch(List<StampedTxn> txns) {
    public TxnBatch {
        txns = List.copyOf(txns);
    }

    public int size() {
        return txns.size();
    }
}
