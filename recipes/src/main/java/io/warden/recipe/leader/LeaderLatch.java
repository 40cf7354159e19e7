package io.warden.recipe.leader;

import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.recipe.internal.Contender;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.internal.Notifier;
import io.warden.recipe.support.Deadlines;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leader election by latch, node for node Curator's {@code LeaderLatch}: each participant keeps an
 * ephemeral-sequential node {@code path/_c_<uuid>-latch-<seq>} whose data is its id (UTF-8); the
 * lowest sequence leads; every other participant watches only the node just before its own, so a
 * leader's exit wakes exactly one participant. Curator LeaderLatches on the same path take part in
 * the same election.
 *
 * <pre>{@code
 * try (LeaderLatch latch = new LeaderLatch(client, "/election/billing", "node-1")) {
 *     latch.start();
 *     if (latch.await(Duration.ofSeconds(30))) {
 *         ... lead, checking latch.hasLeadership() ...
 *     }
 * }
 * }</pre>
 *
 * <p>Leadership is granted only after checking that our node's ephemeralOwner is the client's
 * current session, and the leader keeps a watch on its own node (a deletion by anyone ends
 * leadership at once). {@link #epoch()} is the leader node's czxid: strictly increasing from one
 * term to the next.
 *
 * <p><b>Connection states</b>, with the default {@link LossPolicy#ON_SUSPENDED}: SUSPENDED ends
 * leadership ({@code notLeader}); RECONNECTED re-reads our node and, if it is still first and ours,
 * leadership returns with the same epoch; LOST ends leadership, and the latch joins again with a
 * new node in the new session (at the back of the line). With {@link LossPolicy#ON_LOST} SUSPENDED
 * changes nothing. A participant that is not leading keeps its place across SUSPENDED and
 * RECONNECTED and re-joins after LOST.
 *
 * <p>Thread-safe; state changes are serialized by the current contender and guarded by this
 * object's monitor (never held across a network wait or a listener call).
 */
public final class LeaderLatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaderLatch.class.getName());
    /** Curator's {@code LeaderLatch} lock name. */
    public static final String LOCK_NAME = "latch-";

    private enum Phase { LATENT, STARTED, CLOSED }

    private final WardenClient client;
    private final String path;
    private final String participantId;
    private final LeaderOptions options;
    private final CopyOnWriteArrayList<LeaderLatchListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong wakeups = new AtomicLong();
    private final Notifier notifier = new Notifier();

    // Guarded by this.
    private Phase phase = Phase.LATENT;
    private Contender current;
    private boolean leader;
    private long epoch = -1;
    private CompletableFuture<Void> leadershipSignal = new CompletableFuture<>();

    public LeaderLatch(WardenClient client, String path, String participantId) {
        this(client, path, participantId, LeaderOptions.defaults());
    }

    public LeaderLatch(WardenClient client, String path, String participantId, LeaderOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.participantId = Objects.requireNonNull(participantId, "participantId");
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Joins the election (once). */
    public void start() {
        synchronized (this) {
            if (phase != Phase.LATENT) {
                throw new IllegalStateException("already started");
            }
            phase = Phase.STARTED;
        }
        join();
    }

    /** Waits until we lead or {@code timeout} passes; false on timeout or if the latch closes. */
    public boolean await(Duration timeout) throws InterruptedException {
        EventThreads.checkNotEventThread(client);
        long deadline = Deadlines.deadline(now(), timeout);
        for (int round = 0; round < 1_000_000; round++) {
            CompletableFuture<Void> signal;
            synchronized (this) {
                if (leader) {
                    return true;
                }
                if (phase == Phase.CLOSED) {
                    return false;
                }
                signal = leadershipSignal;
            }
            long left = Deadlines.remaining(deadline, now());
            if (left <= 0) {
                return false;
            }
            try {
                signal.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return false;
            }
        }
        return false;
    }

    /** Waits until we lead; false if the latch closes first. */
    public boolean await() throws InterruptedException {
        return await(Duration.ofSeconds(Long.MAX_VALUE));
    }

    /** Whether we lead now (see {@link LossPolicy} for how SUSPENDED counts). */
    public synchronized boolean hasLeadership() {
        return leader;
    }

    /** Our node's czxid while we lead; -1 otherwise. */
    public synchronized long epoch() {
        return leader ? epoch : -1;
    }

    public String participantId() {
        return participantId;
    }

    public String path() {
        return path;
    }

    /** Adds a listener; if we lead already it is told at once. */
    public void addListener(LeaderLatchListener listener) {
        synchronized (this) {
            listeners.add(listener);
            if (leader) {
                long e = epoch;
                notifier.post(() -> listener.isLeader(e));
            }
        }
        notifier.drain();
    }

    public void removeListener(LeaderLatchListener listener) {
        listeners.remove(listener);
    }

    /** Every participant in line order (first: the leader), as anyone can read them. */
    public List<Participant> participants() throws KeeperException, InterruptedException {
        return client.blocking().await(participantsAsync());
    }

    public CompletableFuture<List<Participant>> participantsAsync() {
        return Participants.read(client, path);
    }

    /** Reads the participants of the election at {@code path} (no latch needed). */
    public static CompletableFuture<List<Participant>> participants(WardenClient client, String path) {
        return Participants.read(client, path);
    }

    /** The current leader, if any. */
    public Optional<Participant> leader() throws KeeperException, InterruptedException {
        List<Participant> all = participants();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** How many times this latch was woken by a watch while waiting (herd diagnostics). */
    public long wakeups() {
        return wakeups.get();
    }

    /**
     * Gives up leadership (or our place in line) and joins again at the back: deletes our node and
     * creates a new one. Waits for the delete up to the release timeout.
     */
    public void relinquish() throws InterruptedException {
        Contender old;
        synchronized (this) {
            if (phase != Phase.STARTED) {
                return;
            }
            old = current;
            current = null;
        }
        setLeader(false, -1);
        if (old != null) {
            CompletableFuture<Void> left = old.leave();
            if (!client.isEventThread()) {
                awaitQuietly(left);
            }
        }
        join();
    }

    /** Leaves the election: deletes our node and tells listeners {@code notLeader} if we led. */
    @Override
    public void close() {
        Contender old;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            old = current;
            current = null;
            leadershipSignal.complete(null); // wakes awaiters, who see CLOSED
        }
        setLeader(false, -1);
        if (old != null) {
            CompletableFuture<Void> left = old.leave();
            if (!client.isEventThread()) {
                try {
                    awaitQuietly(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // ---------------------------------------------------------------- rounds

    private void join() {
        Contender c;
        synchronized (this) {
            if (phase != Phase.STARTED || current != null) {
                return;
            }
            Contender[] self = new Contender[1];
            c = new Contender(client, path, LOCK_NAME, List.of(LOCK_NAME),
                    participantId.getBytes(StandardCharsets.UTF_8), options.acl(), Contender.Rule.firstN(1),
                    new RoundEvents(self), options.ids(), wakeups);
            self[0] = c;
            current = c;
        }
        c.start();
    }

    /** Events of one round (one node); ignored once that round is not the current one. */
    private final class RoundEvents implements Contender.Events {
        private final Contender[] self;

        RoundEvents(Contender[] self) {
            this.self = self;
        }

        private boolean isCurrent() {
            synchronized (LeaderLatch.this) {
                return current == self[0] && phase == Phase.STARTED;
            }
        }

        @Override
        public void held(Contender.Hold hold) {
            if (isCurrent()) {
                setLeader(true, hold.czxid());
            }
        }

        @Override
        public void suspended(Contender.Hold hold) {
            if (isCurrent() && options.lossPolicy() == LossPolicy.ON_SUSPENDED) {
                setLeader(false, -1);
            }
        }

        @Override
        public void reconnected(Contender.Hold hold) {
            if (isCurrent()) {
                setLeader(true, hold.czxid());
            }
        }

        @Override
        public void lost(Contender.Hold hold, String reason) {
            LOG.log(Level.INFO, "{0} lost leadership of {1}: {2}", participantId, path, reason);
            rejoin();
        }

        @Override
        public void failed(Throwable error) {
            LOG.log(Level.WARNING, "{0} stops contending for {1}: {2}", participantId, path, error.toString());
            synchronized (LeaderLatch.this) {
                if (current == self[0]) {
                    current = null;
                }
            }
            setLeader(false, -1);
        }

        private void rejoin() {
            synchronized (LeaderLatch.this) {
                if (current != self[0]) {
                    return;
                }
                current = null;
            }
            setLeader(false, -1);
            join();
        }
    }

    /** Sets the leader flag and tells the listeners about a change (outside the monitor). */
    private void setLeader(boolean now, long newEpoch) {
        synchronized (this) {
            boolean was = leader;
            leader = now && phase == Phase.STARTED;
            if (leader) {
                epoch = newEpoch;
                leadershipSignal.complete(null);
                if (!was) {
                    for (LeaderLatchListener l : listeners) {
                        notifier.post(() -> l.isLeader(newEpoch));
                    }
                }
            } else {
                epoch = -1;
                if (leadershipSignal.isDone() && phase != Phase.CLOSED) {
                    leadershipSignal = new CompletableFuture<>();
                }
                if (was) {
                    for (LeaderLatchListener l : listeners) {
                        notifier.post(l::notLeader);
                    }
                }
            }
        }
        notifier.drain();
    }

    private long now() {
        return client.config().ticker().read();
    }

    private void awaitQuietly(CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(options.releaseTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The delete carries on in the background.
        }
    }
}
