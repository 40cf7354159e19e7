package io.warden.recipe.lock;

import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.recipe.internal.Contender;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.internal.Failures;
import io.warden.recipe.support.Deadlines;
import io.warden.recipe.support.SequentialNames;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A distributed, reentrant mutex on ephemeral-sequential znodes under {@code path}, node for node
 * the layout of Curator's {@code InterProcessMutex}: each contender creates
 * {@code path/_c_<uuid>-lock-<seq>}; the lowest sequence holds the lock; every other contender
 * watches only the node just before its own (getData with a watch), so a release wakes exactly one
 * waiter (no herd). Curator clients on the same path take part in the same queue.
 *
 * <pre>{@code
 * Mutex mutex = new Mutex(client, "/locks/orders");
 * try (LockHandle lock = mutex.acquire()) {
 *     lock.guardedWrite(List.of(new TxnOp.SetData("/orders/next", data, -1))).join();
 * }
 * }</pre>
 *
 * <p><b>Reentrancy</b> is per thread, as in Curator: a thread that holds the lock and acquires it
 * again gets another handle on the same node at once. Handles can be closed from any thread; the
 * node goes when the last one is closed. {@link #acquireAsync()} is not reentrant.
 *
 * <p><b>Waiting</b> with a timeout or until interrupted; in both cases the node we may have created
 * is deleted before the call returns (up to the release timeout), including when the create's reply
 * was lost: the protected name finds it.
 *
 * <p><b>Connection states.</b> SUSPENDED: a waiter keeps its place (its watch is restored on
 * reconnect); a holder's handle turns {@link LockState#SUSPENDED}. RECONNECTED: a waiter checks the
 * queue again; a holder's node is re-read and the handle returns to HELD (or becomes LOST if the
 * node is gone). LOST: a waiter starts over in the new session; a holder's handle becomes LOST for
 * good. The lock is granted only after checking that our node's ephemeralOwner is the client's
 * current session.
 *
 * <p>Thread-safe.
 */
public final class Mutex {
    /** Curator's lock name for {@code InterProcessMutex}. */
    public static final String LOCK_NAME = "lock-";

    private final WardenClient client;
    private final String path;
    private final LockOptions options;
    private final String lockName;
    private final List<String> sortNames;
    private final Supplier<Contender.Rule> rules;
    private final ConcurrentHashMap<Thread, Holding> owners = new ConcurrentHashMap<>();
    private final AtomicLong wakeups = new AtomicLong();

    public Mutex(WardenClient client, String path) {
        this(client, path, LockOptions.defaults());
    }

    public Mutex(WardenClient client, String path, LockOptions options) {
        this(client, path, options, LOCK_NAME, List.of(LOCK_NAME), () -> Contender.Rule.firstN(1));
    }

    /** For {@link ReadWriteLock} and {@link Semaphore}: other lock names and rules. */
    Mutex(WardenClient client, String path, LockOptions options, String lockName, List<String> sortNames,
            Supplier<Contender.Rule> rules) {
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.options = Objects.requireNonNull(options, "options");
        this.lockName = lockName;
        this.sortNames = List.copyOf(sortNames);
        this.rules = rules;
    }

    /** Waits as long as it takes. */
    public LockHandle acquire() throws InterruptedException, KeeperException {
        return acquire(null).orElseThrow();
    }

    /**
     * Waits up to {@code timeout} ({@code null}: forever). Empty if the time ran out; our node, if
     * any, is deleted first.
     *
     * @throws InterruptedException if interrupted while waiting (our node is deleted)
     * @throws KeeperException if the client closed or the server refused (e.g. NOAUTH)
     * @throws IllegalStateException on the client's event thread, or if this thread's earlier hold
     *     is not HELD any more (close that handle first)
     */
    public Optional<LockHandle> acquire(Duration timeout) throws InterruptedException, KeeperException {
        EventThreads.checkNotEventThread(client);
        Thread me = Thread.currentThread();
        Holding mine = owners.get(me);
        if (mine != null) {
            if (mine.state() != LockState.HELD) {
                throw new IllegalStateException("this thread's hold on " + path + " is " + mine.state()
                        + "; close its handle before acquiring again");
            }
            return Optional.of(mine.newHandle());
        }
        Holding h = start(me);
        try {
            if (timeout == null) {
                h.granted().get();
            } else {
                h.granted().get(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException | CancellationException e) {
            awaitQuietly(h.abandon());
            return Optional.empty();
        } catch (InterruptedException e) {
            h.abandon();
            throw e;
        } catch (ExecutionException e) {
            throw Contender.asKeeper(e.getCause());
        }
        owners.put(me, h);
        return Optional.of(h.newHandle());
    }

    /**
     * Acquires without blocking a thread; not reentrant. Cancelling the returned future stops
     * waiting and deletes our node. Completes on the client's event thread: dependent stages must
     * not block.
     */
    public CompletableFuture<LockHandle> acquireAsync() {
        Holding h = start(null);
        CompletableFuture<LockHandle> result = new CompletableFuture<>();
        h.granted().whenComplete((hold, e) -> {
            if (e != null) {
                result.completeExceptionally(Failures.unwrap(e));
            } else if (!result.complete(h.newHandle())) {
                h.abandon();
            }
        });
        result.whenComplete((handle, e) -> {
            if (result.isCancelled()) {
                h.abandon();
            }
        });
        return result;
    }

    /** Whether the calling thread holds this lock (through a blocking acquire). */
    public boolean isHeldByCurrentThread() {
        Holding h = owners.get(Thread.currentThread());
        return h != null && h.state() == LockState.HELD;
    }

    /** How many times a waiter of this mutex was woken by a watch event (a herd shows up here). */
    public long wakeups() {
        return wakeups.get();
    }

    /** The lock's directory. */
    public String path() {
        return path;
    }

    /** The contender nodes now in the queue, in order (first: the holder). */
    public CompletableFuture<List<String>> queue() {
        return client.getChildren(path).thenApply(children -> SequentialNames.sortContenders(children, sortNames));
    }

    private Holding start(Thread owner) {
        return Holding.start(client, path, lockName, sortNames, rules.get(), options, wakeups, h -> {
            if (owner != null) {
                owners.remove(owner, h);
            }
        });
    }

    private void awaitQuietly(CompletableFuture<Void> f) {
        try {
            f.get(options.releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Cleanup carries on in the background.
        }
    }
}
