package io.warden.recipe.internal;

import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.Created;
import io.warden.client.KeeperException;
import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.client.WatchedEvent;
import io.warden.client.Watcher;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Stat;
import io.warden.recipe.support.IdSource;
import io.warden.recipe.support.ProtectedNames;
import io.warden.recipe.support.SequentialNames;
import io.warden.recipe.support.ZPaths;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One contender in a queue of ephemeral-sequential znodes under a directory: the state machine
 * under the lock, the semaphore lease and the leader latch.
 *
 * <ol>
 *   <li><b>Create</b> {@code dir/_c_<uuid>-<lockName><seq>} (EPHEMERAL_SEQUENTIAL), creating
 *       missing parents as containers on NONODE.</li>
 *   <li>If the reply is lost (CONNECTIONLOSS and kin), <b>recover</b> after reconnecting: list
 *       the directory and look for our {@code _c_<uuid>-} prefix. A node found there is ours only
 *       if its ephemeralOwner is our current session; one left by an older session is deleted and
 *       we start again with a fresh uuid. Not found: create again. So a lost reply never leaves a
 *       second node behind.</li>
 *   <li><b>Check</b>: list the directory, sort the contenders by sequence and ask the {@link Rule}:
 *       hold, watch one node (getData with a watch: the predecessor, so a release wakes exactly
 *       one waiter), or watch the children (one waiter only, e.g. the semaphore's mutex holder).</li>
 *   <li><b>Grant</b> only if our node's ephemeralOwner is the client's current session; then keep
 *       an exists watch on our own node so that a deletion by anyone is noticed at once.</li>
 * </ol>
 *
 * Connection states: SUSPENDED while holding is reported ({@link Events#suspended}: the hold may
 * be lost, the owner should pause); RECONNECTED while holding re-reads our node and reports
 * {@link Events#reconnected} or {@link Events#lost}; RECONNECTED while waiting checks again (the
 * predecessor may have gone while we were away). LOST while holding is {@link Events#lost} and ends
 * the contender; LOST before holding starts over in the new session with a fresh uuid (the old
 * node, if the server still has it, is deleted). Every retry waits for the connection first, so
 * nothing spins while disconnected; restarts are bounded by {@link #MAX_RESTARTS}.
 *
 * <p>Thread-safety: the state is confined to a {@link Serial} context; public methods only submit
 * tasks to it and may be called from any thread. {@link Events} are called inside that context and
 * must not block.
 *
 * <p>Over 500 lines because the create / recover / check / wait / grant / leave steps and their
 * reactions to every failure and connection state form one state machine that reads best in one
 * place; the pure parts (names, sorting) live in {@code io.warden.recipe.support}.
 */
public final class Contender {
    private static final System.Logger LOG = System.getLogger(Contender.class.getName());
    /** Restarts (new node after a loss) before the contender gives up. */
    public static final int MAX_RESTARTS = 10_000;
    /** Attempts to delete our node when the connection keeps failing. */
    static final int MAX_DELETE_ATTEMPTS = 50;
    /** Attempts to create missing parents before giving up. */
    static final int MAX_PARENT_ATTEMPTS = 10;

    /** What the rule says a contender should do. */
    public sealed interface Verdict {
        /** We hold. */
        record Hold() implements Verdict {
        }

        /** Wait for a change of the named sibling (getData watch on {@code dir/name}). */
        record WatchNode(String name) implements Verdict {
            public WatchNode {
                Objects.requireNonNull(name, "name");
            }
        }

        /** Wait for a change of the directory's children (getChildren watch). */
        record WatchChildren() implements Verdict {
        }

        Verdict HOLD = new Hold();
        Verdict WATCH_CHILDREN = new WatchChildren();
    }

    /** Decides from the sorted contenders and our index in them. Must be pure. */
    @FunctionalInterface
    public interface Rule {
        Verdict decide(List<String> sorted, int ourIndex);

        /** Hold when among the first {@code leases}; else watch the node just before us. */
        static Rule firstN(int leases) {
            return (sorted, i) -> i < leases ? Verdict.HOLD : new Verdict.WatchNode(sorted.get(i - 1));
        }
    }

    /** A granted hold: our node, its czxid (the fencing token), its version, and the owner session. */
    public record Hold(String path, long czxid, int version, long sessionId) {
    }

    /** Told what happens, inside the contender's serial context. Must not block. */
    public interface Events {
        void held(Hold hold);

        /** SUSPENDED while holding: the hold may be lost. */
        void suspended(Hold hold);

        /** RECONNECTED while holding, our node verified. */
        void reconnected(Hold hold);

        /** The hold is gone (session lost, node deleted); the contender has ended. */
        void lost(Hold hold, String reason);

        /** The contender gave up before holding (client closed, an unexpected error). */
        void failed(Throwable error);
    }

    private enum Phase { NEW, CREATING, RECOVERING, CHECKING, WAITING, HELD, ENDED }

    private final WardenClient client;
    private final String dir;
    private final String lockName;
    private final List<String> sortNames;
    private final byte[] data;
    private final List<Acl> acl;
    private final Rule rule;
    private final Events events;
    private final IdSource ids;
    private final Serial serial = new Serial();
    private final ConnectionStateListener stateListener = (state, sid) -> serial.execute(() -> onState(state));
    private final AtomicLong wakeups;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    // Confined to serial.
    private Phase phase = Phase.NEW;
    private boolean leaving;
    private UUID uuid;
    private String ourPath;
    private Stat ourStat;
    private Hold hold;
    private long gen;
    private long checkSeq;
    private int restarts;
    private int parentAttempts;
    private boolean reconnectPending;
    private Watcher ownWatch; // the exists watch on our node while holding, one per grant

    /**
     * @param dir the queue's directory
     * @param lockName our node's name after the protected prefix, e.g. {@code "lock-"}
     * @param sortNames every lock name whose nodes take part in the order (e.g. read and write)
     * @param wakeups incremented each time a watch wakes this contender while it waits
     */
    public Contender(WardenClient client, String dir, String lockName, List<String> sortNames, byte[] data,
            List<Acl> acl, Rule rule, Events events, IdSource ids, AtomicLong wakeups) {
        this.client = Objects.requireNonNull(client, "client");
        String reason = io.warden.protocol.Paths.invalidReason(dir);
        if (reason != null) {
            throw new IllegalArgumentException("invalid path \"" + dir + "\": " + reason);
        }
        this.dir = dir;
        this.lockName = Objects.requireNonNull(lockName, "lockName");
        this.sortNames = List.copyOf(sortNames);
        this.data = data == null ? null : data.clone();
        this.acl = List.copyOf(acl);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.events = Objects.requireNonNull(events, "events");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.wakeups = wakeups;
    }

    /** Starts contending (once). */
    public void start() {
        serial.execute(() -> {
            if (phase != Phase.NEW) {
                return;
            }
            client.addConnectionStateListener(stateListener);
            uuid = ids.nextUuid();
            gen++;
            create(gen);
        });
    }

    /**
     * Stops contending or holding: deletes our node (retrying across connection loss, finding it by
     * its protected name if a create was in flight). Completes when the node is gone or cannot be
     * reached any more (client closed, session gone). Idempotent.
     */
    public CompletableFuture<Void> leave() {
        serial.execute(this::beginLeave);
        return ended;
    }

    /** Completes when the contender has ended and cleaned up after {@link #leave()}. */
    public CompletableFuture<Void> whenEnded() {
        return ended;
    }

    // ---------------------------------------------------------------- create and recover

    private void create(long g) {
        if (g != gen) {
            return;
        }
        if (leaving) {
            finish(); // nothing of this generation exists yet
            return;
        }
        phase = Phase.CREATING;
        String path = ZPaths.join(dir, ProtectedNames.protect(uuid, lockName));
        client.createWithStat(path, data, acl, CreateMode.EPHEMERAL_SEQUENTIAL)
                .whenComplete((c, e) -> serial.execute(() -> onCreated(g, c, e)));
    }

    private void onCreated(long g, Created created, Throwable e) {
        if (g != gen) {
            if (created != null) {
                deleteQuietly(created.path()); // a superseded attempt's node
            }
            return;
        }
        if (e == null) {
            ourPath = created.path();
            ourStat = created.stat();
            parentAttempts = 0;
            if (leaving) {
                deleteOurs(0);
            } else {
                check(g);
            }
            return;
        }
        ErrorCode code = Failures.code(e);
        if (leaving && code != null && !Failures.isConnectionProblem(e)) {
            finish();
        } else if (code == ErrorCode.NONODE && parentAttempts++ < MAX_PARENT_ATTEMPTS) {
            Parents.ensure(client, dir, CreateMode.CONTAINER, acl)
                    .whenComplete((v, pe) -> serial.execute(() -> {
                        if (pe != null && !Failures.isConnectionProblem(pe)) {
                            fail(pe);
                        } else {
                            afterConnected(g, () -> create(g));
                        }
                    }));
        } else if (Failures.isConnectionProblem(e)) {
            phase = Phase.RECOVERING;
            afterConnected(g, () -> recover(g));
        } else if (code == ErrorCode.SESSIONEXPIRED) {
            restart("session expired during create");
        } else {
            fail(e);
        }
    }

    /** After a create whose reply was lost: find our node by its protected prefix. */
    private void recover(long g) {
        if (g != gen) {
            return;
        }
        client.getChildren(dir).whenComplete((children, e) -> serial.execute(() -> {
            if (g != gen) {
                return;
            }
            if (e != null) {
                if (Failures.isConnectionProblem(e)) {
                    afterConnected(g, () -> recover(g));
                } else if (Failures.is(e, ErrorCode.SESSIONEXPIRED)) {
                    restart("session expired during recovery");
                } else if (Failures.is(e, ErrorCode.NONODE)) {
                    notFound(g);
                } else {
                    fail(e);
                }
                return;
            }
            Optional<String> mine = ProtectedNames.find(children, uuid);
            if (mine.isEmpty()) {
                notFound(g);
                return;
            }
            String path = ZPaths.join(dir, mine.get());
            client.exists(path).whenComplete((stat, se) -> serial.execute(() -> onRecoveredStat(g, path, stat, se)));
        }));
    }

    private void notFound(long g) {
        if (leaving) {
            finish();
        } else {
            create(g);
        }
    }

    private void onRecoveredStat(long g, String path, Optional<Stat> stat, Throwable e) {
        if (g != gen) {
            return;
        }
        if (e != null) {
            if (Failures.isConnectionProblem(e)) {
                afterConnected(g, () -> recover(g));
            } else {
                restart("recovery failed: " + Failures.unwrap(e));
            }
            return;
        }
        if (stat.isEmpty()) {
            notFound(g);
        } else if (stat.get().ephemeralOwner() != client.sessionId()) {
            // Made by a session we have lost: not ours to hold, but ours to clean up.
            deleteQuietly(path);
            if (leaving) {
                finish();
            } else {
                restart("recovered node belongs to an old session");
            }
        } else {
            LOG.log(Level.DEBUG, "recovered {0} after a lost create reply", path);
            ourPath = path;
            ourStat = stat.get();
            if (leaving) {
                deleteOurs(0);
            } else {
                check(g);
            }
        }
    }

    // ---------------------------------------------------------------- check, wait, grant

    private void check(long g) {
        if (g != gen || leaving) {
            return;
        }
        phase = Phase.CHECKING;
        long seq = ++checkSeq;
        client.getChildren(dir).whenComplete((children, e) -> serial.execute(() -> onChildren(g, seq, children, e)));
    }

    private void onChildren(long g, long seq, List<String> children, Throwable e) {
        if (g != gen || seq != checkSeq || leaving || phase == Phase.HELD) {
            return;
        }
        if (e != null) {
            handleCheckFailure(g, e);
            return;
        }
        List<String> sorted = SequentialNames.sortContenders(children, sortNames);
        int index = sorted.indexOf(ZPaths.name(ourPath));
        if (index < 0) {
            restart("our node " + ourPath + " is gone");
            return;
        }
        Verdict verdict = rule.decide(sorted, index);
        if (verdict instanceof Verdict.Hold) {
            grant(g);
        } else if (verdict instanceof Verdict.WatchNode w) {
            phase = Phase.WAITING;
            client.getData(ZPaths.join(dir, w.name()), waiter(g, seq))
                    .whenComplete((NodeData d, Throwable we) -> serial.execute(() -> onWatchSet(g, seq, we)));
        } else {
            phase = Phase.WAITING;
            client.getChildren(dir, waiter(g, seq)).whenComplete((List<String> now, Throwable we) -> serial.execute(() -> {
                if (we != null || g != gen || seq != checkSeq || phase != Phase.WAITING || leaving) {
                    onWatchSet(g, seq, we);
                    return;
                }
                // The children may have changed since the first read: decide on the fresh list.
                List<String> fresh = SequentialNames.sortContenders(now, sortNames);
                int i = fresh.indexOf(ZPaths.name(ourPath));
                Verdict again = i < 0 ? null : rule.decide(fresh, i);
                if (again instanceof Verdict.Hold) {
                    grant(g);
                } else if (!(again instanceof Verdict.WatchChildren)) {
                    check(g);
                }
            }));
        }
    }

    private void onWatchSet(long g, long seq, Throwable e) {
        if (g != gen || seq != checkSeq || phase != Phase.WAITING || leaving || e == null) {
            return;
        }
        if (Failures.is(e, ErrorCode.NONODE)) {
            check(g); // the node we wanted to wait for is already gone
        } else {
            handleCheckFailure(g, e);
        }
    }

    private void handleCheckFailure(long g, Throwable e) {
        if (Failures.isConnectionProblem(e)) {
            afterConnected(g, () -> check(g));
        } else if (Failures.is(e, ErrorCode.SESSIONEXPIRED)) {
            restart("session expired while checking");
        } else if (Failures.is(e, ErrorCode.NONODE)) {
            restart("the directory " + dir + " is gone");
        } else {
            fail(e);
        }
    }

    private Watcher waiter(long g, long seq) {
        return event -> serial.execute(() -> {
            if (g == gen && seq == checkSeq && phase == Phase.WAITING && !leaving) {
                if (wakeups != null) {
                    wakeups.incrementAndGet();
                }
                check(g);
            }
        });
    }

    private void grant(long g) {
        long session = client.sessionId();
        if (ourStat.ephemeralOwner() != session) {
            // The node outlived the session that made it (client-side expiry): never grant it.
            restart("our node belongs to session 0x" + Long.toHexString(ourStat.ephemeralOwner())
                    + ", not the current 0x" + Long.toHexString(session));
            return;
        }
        phase = Phase.HELD;
        hold = new Hold(ourPath, ourStat.czxid(), ourStat.version(), session);
        ownWatch = ownWatcher(g);
        watchOwn(g);
        events.held(hold);
    }

    /** exists watch on our own node while holding: a deletion by anyone ends the hold at once. */
    private void watchOwn(long g) {
        Hold h = hold;
        client.exists(h.path(), ownWatch).whenComplete((stat, e) -> serial.execute(() -> {
            if (g != gen || phase != Phase.HELD || hold != h) {
                return;
            }
            if (e == null && stat.isEmpty()) {
                loseHold("our node " + h.path() + " was deleted");
            } else if (e == null && stat.get().ephemeralOwner() != client.sessionId()) {
                loseHold("our node " + h.path() + " belongs to another session");
            } else if (e == null && phase == Phase.HELD && reconnectPending) {
                reconnectPending = false;
                events.reconnected(h);
            }
            // Connection problems: SUSPENDED / RECONNECTED / LOST follow and drive the next step.
        }));
    }

    private Watcher ownWatcher(long g) {
        return (WatchedEvent event) -> serial.execute(() -> {
            if (g == gen && phase == Phase.HELD && event.type() == EventType.NODE_DELETED) {
                loseHold("our node " + event.path() + " was deleted");
            }
        });
    }

    // ---------------------------------------------------------------- connection states

    private void onState(ConnectionState state) {
        if (phase == Phase.ENDED || phase == Phase.NEW) {
            return;
        }
        switch (state) {
            case SUSPENDED -> {
                if (phase == Phase.HELD) {
                    events.suspended(hold);
                }
            }
            case RECONNECTED, READ_ONLY -> {
                if (phase == Phase.HELD) {
                    reconnectPending = true;
                    watchOwn(gen); // verifies the node and re-arms the watch, then reports
                } else if (phase == Phase.WAITING && !leaving) {
                    check(gen);
                }
            }
            case LOST -> {
                if (phase == Phase.HELD) {
                    loseHold("session 0x" + Long.toHexString(hold.sessionId()) + " lost");
                } else if (!leaving) {
                    restart("session lost while contending");
                }
            }
            case CONNECTED -> {
                // A new session after LOST; the waits in afterConnected resume the work.
            }
        }
    }

    private void loseHold(String reason) {
        Hold h = hold;
        gen++;
        phase = Phase.ENDED;
        client.removeConnectionStateListener(stateListener);
        LOG.log(Level.INFO, "lost {0}: {1}", h.path(), reason);
        // If the server still has the node (client-side expiry), remove it so others need not wait.
        deleteQuietly(h.path());
        events.lost(h, reason);
        ended.complete(null);
    }

    // ---------------------------------------------------------------- restart, leave, fail

    private void restart(String reason) {
        if (leaving || phase == Phase.ENDED) {
            return;
        }
        if (++restarts > MAX_RESTARTS) {
            fail(new IllegalStateException("gave up after " + MAX_RESTARTS + " restarts; last: " + reason));
            return;
        }
        LOG.log(Level.DEBUG, "contender in {0} starts over: {1}", dir, reason);
        if (ourPath != null) {
            deleteQuietly(ourPath);
        }
        ourPath = null;
        ourStat = null;
        uuid = ids.nextUuid();
        long g = ++gen;
        phase = Phase.CREATING;
        afterConnected(g, () -> create(g));
    }

    private void beginLeave() {
        if (leaving) {
            return;
        }
        leaving = true;
        client.removeConnectionStateListener(stateListener);
        switch (phase) {
            case NEW -> finish();
            case ENDED -> {
                if (ourPath != null) {
                    deleteQuietly(ourPath);
                }
                ended.complete(null);
            }
            case CREATING, RECOVERING -> {
                // The pending create or recovery sees "leaving" and deletes what it finds.
            }
            case CHECKING, WAITING, HELD -> {
                gen++;
                deleteOurs(0);
            }
        }
    }

    private void deleteOurs(int attempt) {
        String path = ourPath;
        long g = gen;
        client.delete(path, -1).whenComplete((v, e) -> serial.execute(() -> {
            if (e != null && Failures.isConnectionProblem(e) && attempt < MAX_DELETE_ATTEMPTS) {
                afterConnected(g, () -> deleteOurs(attempt + 1));
                return;
            }
            if (e != null && !Failures.is(e, ErrorCode.NONODE) && !Failures.is(e, ErrorCode.SESSIONEXPIRED)) {
                LOG.log(Level.WARNING, "could not delete {0}: {1}", path, Failures.unwrap(e));
            }
            finish();
        }));
    }

    private void finish() {
        phase = Phase.ENDED;
        gen++;
        ended.complete(null);
    }

    private void fail(Throwable e) {
        Throwable cause = Failures.unwrap(e);
        boolean wasLeaving = leaving;
        leaving = true;
        client.removeConnectionStateListener(stateListener);
        if (ourPath != null) {
            deleteQuietly(ourPath);
        }
        finish();
        if (!wasLeaving) {
            LOG.log(Level.WARNING, "contender in {0} failed: {1}", dir, cause.toString());
            events.failed(cause);
        }
    }

    private void deleteQuietly(String path) {
        deleteQuietly(path, 0);
    }

    private void deleteQuietly(String path, int attempt) {
        client.delete(path, -1).whenComplete((v, e) -> {
            if (e != null && Failures.isConnectionProblem(e) && attempt < MAX_DELETE_ATTEMPTS) {
                client.whenConnected().thenRun(() -> deleteQuietly(path, attempt + 1));
            }
        });
    }

    /** Runs {@code step} in the serial context once connected, unless generation {@code g} is over. */
    private void afterConnected(long g, Runnable step) {
        client.whenConnected().whenComplete((v, e) -> serial.execute(() -> {
            if (e != null) {
                if (!ended.isDone()) {
                    fail(e); // the client closed
                }
            } else if (g == gen) {
                step.run();
            }
        }));
    }

    /** Times a waiting contender was woken by a watch (for herd checks). */
    public long wakeups() {
        return wakeups == null ? 0 : wakeups.get();
    }

    /** Thrown where a blocking caller needs a checked form of a contender failure. */
    public static KeeperException asKeeper(Throwable t) {
        Throwable cause = Failures.unwrap(t);
        if (cause instanceof KeeperException k) {
            return k;
        }
        return new KeeperException(ErrorCode.SYSTEMERROR, null, List.of(), String.valueOf(cause));
    }
}
