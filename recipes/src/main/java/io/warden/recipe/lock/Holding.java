package io.warden.recipe.lock;

import io.warden.recipe.internal.Contender;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One acquisition of a lock node: the contender that queues for it, the grant, the state of the
 * hold shared by every {@link LockHandle} of a reentrant owner, and the release once the last
 * handle is closed.
 *
 * <p>Thread-safe: the contender calls the {@link Contender.Events} methods in its serial context;
 * the state is an atomic reference whose final values (LOST, RELEASED) never change again, and the
 * open-handle count is atomic.
 */
final class Holding implements Contender.Events {
    private static final System.Logger LOG = System.getLogger(Holding.class.getName());

    private final CompletableFuture<Contender.Hold> granted = new CompletableFuture<>();
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private final CopyOnWriteArrayList<LockListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<LockState> state = new AtomicReference<>();
    private final AtomicInteger openHandles = new AtomicInteger();
    private final Runnable onFullyReleased;
    private volatile Contender contender;
    private volatile Contender.Hold hold;
    private volatile LockOptions options;
    private volatile io.warden.client.WardenClient client;

    Holding(Runnable onFullyReleased) {
        this.onFullyReleased = onFullyReleased;
    }

    /** Creates a holding with its contender and starts contending. */
    static Holding start(io.warden.client.WardenClient client, String dir, String lockName, List<String> sortNames,
            Contender.Rule rule, LockOptions options, AtomicLong wakeups, Consumer<Holding> onFullyReleased) {
        Holding[] self = new Holding[1];
        Holding h = new Holding(() -> onFullyReleased.accept(self[0]));
        self[0] = h;
        h.client = client;
        h.options = options;
        h.contender = new Contender(client, dir, lockName, sortNames, options.nodeBytes(), options.acl(), rule, h,
                options.ids(), wakeups);
        h.contender.start();
        return h;
    }

    CompletableFuture<Contender.Hold> granted() {
        return granted;
    }

    Contender contender() {
        return contender;
    }

    io.warden.client.WardenClient client() {
        return client;
    }

    LockOptions options() {
        return options;
    }

    Contender.Hold hold() {
        return hold;
    }

    LockState state() {
        return state.get();
    }

    CompletableFuture<Void> lostFuture() {
        return lost;
    }

    void addListener(LockListener listener) {
        listeners.add(listener);
    }

    LockHandle newHandle() {
        openHandles.incrementAndGet();
        return new LockHandle(this);
    }

    /** Stops waiting (timeout, interrupt, cancelled future): the contender deletes what it made. */
    CompletableFuture<Void> abandon() {
        granted.cancel(false);
        transition(LockState.RELEASED);
        return contender.leave();
    }

    /** One handle closed; the last one deletes the node. */
    CompletableFuture<Void> releaseOne() {
        if (openHandles.decrementAndGet() > 0) {
            return CompletableFuture.completedFuture(null);
        }
        onFullyReleased.run();
        transition(LockState.RELEASED);
        return contender.leave();
    }

    // ---------------------------------------------------------------- contender events

    @Override
    public void held(Contender.Hold h) {
        hold = h;
        if (!state.compareAndSet(null, LockState.HELD) || !granted.complete(h)) {
            contender.leave(); // nobody waits for it any more
        }
    }

    @Override
    public void suspended(Contender.Hold h) {
        transition(LockState.SUSPENDED);
    }

    @Override
    public void reconnected(Contender.Hold h) {
        transition(LockState.HELD);
    }

    @Override
    public void lost(Contender.Hold h, String reason) {
        transition(LockState.LOST);
        lost.complete(null);
    }

    @Override
    public void failed(Throwable error) {
        granted.completeExceptionally(error);
        if (transition(LockState.LOST)) {
            lost.complete(null);
        }
    }

    /** Moves to {@code next} unless in a final state; tells the listeners. */
    private boolean transition(LockState next) {
        while (true) {
            LockState cur = state.get();
            if (cur == LockState.LOST || cur == LockState.RELEASED || cur == next) {
                return false;
            }
            if (state.compareAndSet(cur, next)) {
                for (LockListener l : listeners) {
                    try {
                        l.stateChanged(next);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "lock listener threw on " + next, e);
                    }
                }
                return true;
            }
        }
    }
}
