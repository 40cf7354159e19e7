package io.warden.recipe.lock;

import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.recipe.internal.Contender;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.support.Deadlines;
import io.warden.recipe.support.SequentialNames;
import io.warden.recipe.support.ZPaths;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A counting semaphore: at most {@code maxLeases} leases at a time across all processes, laid out
 * as Curator's {@code InterProcessSemaphoreV2}: {@code path/locks} is a {@link Mutex} that
 * serializes acquirers, {@code path/leases} holds one ephemeral-sequential node
 * {@code _c_<uuid>-lease-<seq>} per lease. An acquirer takes the mutex, creates its lease node, and
 * if more than {@code maxLeases} leases exist waits on the leases' children, still holding the
 * mutex; it releases the mutex once it holds a lease (or gives up). So only the mutex holder ever
 * watches the leases (the others wait in the mutex's queue, each watching its predecessor): a
 * returned lease wakes exactly one process.
 *
 * <p>A lease is a {@link LockHandle}: close it to return the lease; its fencing token is the lease
 * node's czxid, and its guarded writes check the lease node. The connection-state behaviour is the
 * {@link Mutex}'s. All participants must agree on {@code maxLeases} (as in Curator).
 *
 * <p>Thread-safe.
 */
public final class Semaphore {
    /** Curator's lease node name. */
    public static final String LEASE_NAME = "lease-";

    private final WardenClient client;
    private final String path;
    private final int maxLeases;
    private final LockOptions options;
    private final Mutex gate;
    private final AtomicLong wakeups = new AtomicLong();

    public Semaphore(WardenClient client, String path, int maxLeases) {
        this(client, path, maxLeases, LockOptions.defaults());
    }

    public Semaphore(WardenClient client, String path, int maxLeases, LockOptions options) {
        if (maxLeases < 1) {
            throw new IllegalArgumentException("maxLeases must be >= 1: " + maxLeases);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.maxLeases = maxLeases;
        this.options = Objects.requireNonNull(options, "options");
        this.gate = new Mutex(client, ZPaths.join(path, "locks"), options);
    }

    /** Waits as long as it takes for a lease. */
    public LockHandle acquire() throws InterruptedException, KeeperException {
        return acquire(null).orElseThrow();
    }

    /**
     * Waits up to {@code timeout} ({@code null}: forever) for a lease; empty if the time ran out
     * (nothing of ours is left behind).
     */
    public Optional<LockHandle> acquire(Duration timeout) throws InterruptedException, KeeperException {
        EventThreads.checkNotEventThread(client);
        long start = client.config().ticker().read();
        Optional<LockHandle> gateHandle = gate.acquire(timeout);
        if (gateHandle.isEmpty()) {
            return Optional.empty();
        }
        try {
            Holding lease = Holding.start(client, leasesPath(), LEASE_NAME, List.of(LEASE_NAME),
                    (sorted, i) -> i < maxLeases ? Contender.Verdict.HOLD : Contender.Verdict.WATCH_CHILDREN,
                    options, wakeups, h -> { });
            try {
                if (timeout == null) {
                    lease.granted().get();
                } else {
                    long left = Deadlines.remaining(Deadlines.deadline(start, timeout), client.config().ticker().read());
                    lease.granted().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                }
            } catch (TimeoutException | CancellationException e) {
                awaitQuietly(lease.abandon());
                return Optional.empty();
            } catch (InterruptedException e) {
                lease.abandon();
                throw e;
            } catch (ExecutionException e) {
                throw Contender.asKeeper(e.getCause());
            }
            return Optional.of(lease.newHandle());
        } finally {
            gateHandle.get().close(); // the gate only serializes acquirers; the lease outlives it
        }
    }

    /** The lease nodes now held or pending, in order. */
    public CompletableFuture<List<String>> leases() {
        return client.getChildren(leasesPath())
                .thenApply(children -> SequentialNames.sortContenders(children, LEASE_NAME));
    }

    public int maxLeases() {
        return maxLeases;
    }

    /** How many times the waiting acquirer was woken by a change of the leases. */
    public long wakeups() {
        return wakeups.get() + gate.wakeups();
    }

    private String leasesPath() {
        return ZPaths.join(path, "leases");
    }

    private void awaitQuietly(CompletableFuture<Void> f) {
        try {
            f.get(options.releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // cleanup carries on in the background
        }
    }
}
