package io.warden.client;

import io.warden.protocol.ErrorCode;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Retries an operation when, and only when, it failed with an error whose retry is safe at the
 * protocol level (the request was not applied, or its outcome is unknown and the session is
 * intact): CONNECTIONLOSS, OPERATIONTIMEOUT, SESSIONMOVED, and the client's own REQUESTTIMEOUT (same
 * meaning as CONNECTIONLOSS: outcome unknown) and THROTTLEDOP (not sent at all). SESSIONEXPIRED is
 * never retried: the session, its ephemerals and watches are gone and the caller must rebuild.
 *
 * <p>Whether a retry is safe for the <em>application</em> depends on the operation, because an
 * attempt that failed with CONNECTIONLOSS may have been applied:
 * <table>
 *   <caption>Retrying after an unknown outcome</caption>
 *   <tr><th>Operation</th><th>Retry</th></tr>
 *   <tr><td>exists, getData, getChildren(WithStat), getACL, getAllChildrenNumber, getEphemerals,
 *       whoAmI, sync, multiRead</td><td>safe (reads)</td></tr>
 *   <tr><td>addWatch, removeWatches, removeAllWatches, checkWatches, addAuth</td><td>safe
 *       (idempotent)</td></tr>
 *   <tr><td>setData / setACL with version -1</td><td>safe (same end state; the version may grow
 *       twice)</td></tr>
 *   <tr><td>setData / setACL with a version</td><td>a retry may get BADVERSION from the first
 *       attempt's success: re-read to decide</td></tr>
 *   <tr><td>delete</td><td>a retry may get NONODE from the first attempt's success</td></tr>
 *   <tr><td>create (non-sequential)</td><td>a retry may get NODEEXISTS from the first attempt's
 *       success: compare the node's ephemeralOwner or data</td></tr>
 *   <tr><td>create with a SEQUENTIAL mode</td><td><b>not safe</b>: a retry can leave a second
 *       node; use a protected name (a unique prefix) and look for it after the failure</td></tr>
 *   <tr><td>multi</td><td>as its ops: a retry after an applied first attempt usually fails a check
 *       or a create</td></tr>
 * </table>
 *
 * <p>Asynchronous retries wait on the client's timer and run the operation again on the client's
 * event thread; blocking ones sleep on the calling thread. Thread-safe.
 */
public final class Retrier {
    private static final Set<ErrorCode> RETRYABLE = EnumSet.of(ErrorCode.CONNECTIONLOSS,
            ErrorCode.OPERATIONTIMEOUT, ErrorCode.SESSIONMOVED, ErrorCode.REQUESTTIMEOUT, ErrorCode.THROTTLEDOP);

    /** A blocking operation that may throw a KeeperException. */
    @FunctionalInterface
    public interface KeeperCallable<T> {
        T call() throws KeeperException, InterruptedException;
    }

    private final WardenClient client;
    private final RetryPolicy policy;

    private Retrier(WardenClient client, RetryPolicy policy) {
        this.client = Objects.requireNonNull(client, "client");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A retrier using {@code client}'s clock and timer. */
    public static Retrier of(WardenClient client, RetryPolicy policy) {
        return new Retrier(client, policy);
    }

    /** Whether an error is retried (see the class comment). */
    public static boolean isRetryable(ErrorCode code) {
        return RETRYABLE.contains(code);
    }

    /** Whether a failure (possibly wrapped in a CompletionException) is a retryable KeeperException. */
    public static boolean isRetryable(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof KeeperException k && isRetryable(k.code());
    }

    /** Runs {@code operation}, and again after each retryable failure while the policy allows. */
    public <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(operation, result, 0, client.nowNanos());
        return result;
    }

    private <T> void attempt(Supplier<CompletableFuture<T>> operation, CompletableFuture<T> result, int retries,
            long startNanos) {
        CompletableFuture<T> f;
        try {
            f = operation.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        f.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            long delay = isRetryable(failure) ? policy.delayMs(retries + 1, elapsedMs(startNanos)) : RetryPolicy.STOP;
            if (delay < 0) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            client.schedule(() -> attempt(operation, result, retries + 1, startNanos), delay);
        });
    }

    /** Blocking form: calls {@code operation}, sleeping between retries on this thread. */
    public <T> T call(KeeperCallable<T> operation) throws KeeperException, InterruptedException {
        long start = client.nowNanos();
        for (int retry = 1; ; retry++) {
            try {
                return operation.call();
            } catch (KeeperException e) {
                long delay = isRetryable(e.code()) ? policy.delayMs(retry, elapsedMs(start)) : RetryPolicy.STOP;
                if (delay < 0) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(delay);
            }
        }
    }

    private long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(client.nowNanos() - startNanos);
    }
}
