package io.warden.recipe.internal;

import io.warden.client.KeeperException;
import io.warden.protocol.ErrorCode;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Classifies the failures of client futures for the recipes' state machines. Stateless.
 */
public final class Failures {
    /**
     * Errors after which the session is intact and the outcome of the request is unknown (or it was
     * not sent): wait for the connection and look again. THROTTLEDOP (the client's own pending
     * limit) is not among them: retrying it at once would spin, so it fails the recipe step.
     */
    private static final Set<ErrorCode> CONNECTION = EnumSet.of(ErrorCode.CONNECTIONLOSS,
            ErrorCode.OPERATIONTIMEOUT, ErrorCode.REQUESTTIMEOUT, ErrorCode.SESSIONMOVED);

    private Failures() {
    }

    /** {@code t} without CompletionException / ExecutionException wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 8 && (cur instanceof CompletionException || cur instanceof ExecutionException)
                && cur.getCause() != null; i++) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** The ZooKeeper error code of a failure, or {@code null} if it is not a KeeperException. */
    public static ErrorCode code(Throwable t) {
        return unwrap(t) instanceof KeeperException k ? k.code() : null;
    }

    /** Whether the failure means "connection trouble, session intact, outcome unknown". */
    public static boolean isConnectionProblem(Throwable t) {
        ErrorCode code = code(t);
        return code != null && CONNECTION.contains(code);
    }

    /** Whether the failure has {@code code}. */
    public static boolean is(Throwable t, ErrorCode code) {
        return code(t) == code;
    }
}
