package io.warden.client;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import java.util.List;
import java.util.Objects;

/**
 * The result of one op of a multiRead, in op order. Each op runs on its own: a failed one yields an
 * {@link ErrorResult} and the others still succeed. Immutable.
 */
public sealed interface ReadResult {
    /** getData: data (may be null) and Stat. */
    record DataResult(Bytes data, Stat stat) implements ReadResult {
        public DataResult {
            Objects.requireNonNull(stat, "stat");
        }
    }

    /** getChildren: child names, unsorted. */
    record ChildrenResult(List<String> children) implements ReadResult {
        public ChildrenResult {
            children = List.copyOf(children);
        }
    }

    /** A failed read, e.g. NONODE. */
    record ErrorResult(ErrorCode err) implements ReadResult {
        public ErrorResult {
            Objects.requireNonNull(err, "err");
        }
    }
}
