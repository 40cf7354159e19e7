package io.warden.client;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Stat;
import java.util.Objects;

/**
 * The result of one op of a multi, in op order. In a failed multi every result is an {@link
 * ErrorResult}: OK for ops before the failure (rolled back), the failing code, then
 * RUNTIMEINCONSISTENCY for ops after it (not attempted). Immutable.
 */
public sealed interface TxnResult {
    /** A create; {@code stat} is {@code null} for sub-op 1 (the server sends the path only). */
    record CreateResult(String path, Stat stat) implements TxnResult {
        public CreateResult {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A delete. */
    record DeleteResult() implements TxnResult {
    }

    /** A setData: the node's new Stat. */
    record SetDataResult(Stat stat) implements TxnResult {
        public SetDataResult {
            Objects.requireNonNull(stat, "stat");
        }
    }

    /** A check that passed. */
    record CheckResult() implements TxnResult {
    }

    /** An op of a failed multi; see the interface comment for what each code means. */
    record ErrorResult(ErrorCode err) implements TxnResult {
        public ErrorResult {
            Objects.requireNonNull(err, "err");
        }
    }
}
