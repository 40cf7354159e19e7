package io.warden.client;

import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * A znode's data and Stat, as getData returns them. {@code data} is {@code null} when the node was
 * created or set with null data (which is not the same as empty). Immutable.
 */
public record NodeData(Bytes data, Stat stat) {
    public NodeData {
        Objects.requireNonNull(stat, "stat");
    }

    /** A fresh copy of the data, or {@code null}. */
    public byte[] bytes() {
        return data == null ? null : data.toByteArray();
    }

    /** The data as UTF-8 text, or {@code null}. */
    public String utf8() {
        return data == null ? null : data.toUtf8();
    }
}
