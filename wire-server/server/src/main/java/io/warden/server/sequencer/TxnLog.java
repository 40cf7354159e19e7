package io.warden.server.sequencer;

import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.util.List;

/**
 * Where stamped transactions become durable before they are applied: the group-commit seam. The
 * apply thread calls {@link #append} once per batch with every transaction stamped in it, and
 * applies them only after it returns. The standalone in-memory server uses {@link #NONE}; the
 * durable log (Apache Ratis) plugs in here. Thread-confined to the apply thread.
 */
public interface TxnLog {
    /** One stamped transaction. Immutable. */
    record Entry(TxnHeader header, Txn txn) {
    }

    /** Makes {@code entries} durable, in order. An exception stops the server. */
    void append(List<Entry> entries);

    /** No durability: state lives in memory only. */
    TxnLog NONE = entries -> {
    };
}
