package io.warden.server.txn;

import java.util.Objects;

/** One transaction with its stamp: what one log record carries per client write. Immutable. */
public record StampedTxn(TxnHeader header, Txn txn) {
    public StampedTxn {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(txn, "txn");
    }
}
