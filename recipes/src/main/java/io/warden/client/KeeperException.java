package io.warden.client;

import io.warden.protocol.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * A ZooKeeper error: the exact {@link ErrorCode} the server sent (or the client produced: CONNECTIONLOSS,
 * SESSIONEXPIRED after a session loss, REQUESTTIMEOUT, THROTTLEDOP when the client's own pending
 * limit is reached, NOWATCHER from a local removeWatches check), the client path it concerns
 * (chroot removed; {@code null} for operations without a path) and, for a failed multi, every
 * sub-operation's result.
 *
 * <p>Immutable.
 */
public final class KeeperException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String path;
    private final transient List<TxnResult> results;

    public KeeperException(ErrorCode code, String path) {
        this(code, path, List.of(), null);
    }

    public KeeperException(ErrorCode code, String path, List<TxnResult> results) {
        this(code, path, results, null);
    }

    public KeeperException(ErrorCode code, String path, List<TxnResult> results, String detail) {
        super(message(code, path, detail));
        this.code = Objects.requireNonNull(code, "code");
        this.path = path;
        this.results = List.copyOf(results);
    }

    private static String message(ErrorCode code, String path, String detail) {
        StringBuilder s = new StringBuilder("KeeperErrorCode = ").append(code);
        if (path != null) {
            s.append(" for ").append(path);
        }
        if (detail != null) {
            s.append(": ").append(detail);
        }
        return s.toString();
    }

    /** The error code, exactly as on the wire (or as the client produced it). */
    public ErrorCode code() {
        return code;
    }

    /** The client path the failed operation named, or {@code null}. */
    public String path() {
        return path;
    }

    /** For a failed multi: the result of every op (the failing one is the first non-OK error). */
    public List<TxnResult> results() {
        return results == null ? List.of() : results;
    }
}
