package io.warden.recipe.counter;

import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.KeeperException;
import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.client.Watcher;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.recipe.internal.Failures;
import io.warden.recipe.internal.Parents;
import io.warden.recipe.internal.Serial;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A shared counter, Curator's {@code SharedCount} on the wire: the node at {@code path} holds the
 * value as four big-endian bytes; {@link #trySetCount} is a compare-and-set on the node's version
 * (setData with that version: BADVERSION means someone else changed it first); {@link #add} retries
 * compare-and-set until it wins (bounded). The counter watches its node (getData watch, re-armed on
 * each event) and tells listeners about the values it sees.
 *
 * <p>Connection states: SUSPENDED keeps the last value; RECONNECTED and a new session re-read the
 * node and re-arm the watch (the value may have changed unseen). Writes are always checked by the
 * server, so a stale cached value can only make a compare-and-set fail, never lose an update.
 *
 * <p>Thread-safe.
 */
public final class SharedCounter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SharedCounter.class.getName());
    /** Compare-and-set attempts of one {@link #add}. */
    public static final int MAX_CAS_ATTEMPTS = 1000;

    private final WardenClient client;
    private final String path;
    private final int seed;
    private final Serial serial = new Serial();
    private final CopyOnWriteArrayList<CounterListener> listeners = new CopyOnWriteArrayList<>();
    private final ConnectionStateListener stateListener = (state, sid) -> {
        if (state == ConnectionState.RECONNECTED || state == ConnectionState.CONNECTED) {
            serial.execute(this::read);
        }
    };
    private final Watcher watcher = event -> serial.execute(this::read);
    private final AtomicReference<VersionedValue<Integer>> current = new AtomicReference<>();
    private volatile boolean closed;

    /** A counter at {@code path}, created with {@code seed} if it does not exist. */
    public SharedCounter(WardenClient client, String path, int seed) {
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.seed = seed;
    }

    /** Creates the node if needed, reads it and starts watching. */
    public void start() throws KeeperException, InterruptedException {
        try {
            client.blocking().await(Parents.ensureParentsOf(client, path, CreateMode.CONTAINER, Acl.OPEN_ACL_UNSAFE));
            client.blocking().create(path, encode(seed), Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NODEEXISTS) {
                throw e;
            }
        }
        NodeData d = client.blocking().getData(path, watcher);
        update(new VersionedValue<>(d.stat().version(), decode(d.bytes())));
        client.addConnectionStateListener(stateListener);
    }

    /** The last value seen. */
    public int count() {
        return versioned().value();
    }

    /** The last value seen, with its version. */
    public VersionedValue<Integer> versioned() {
        VersionedValue<Integer> v = current.get();
        if (v == null) {
            throw new IllegalStateException("not started");
        }
        return v;
    }

    /** Sets the value if the node is still at {@code previous}'s version; false if it moved on. */
    public boolean trySetCount(VersionedValue<Integer> previous, int newCount)
            throws KeeperException, InterruptedException {
        try {
            var stat = client.blocking().setData(path, encode(newCount), previous.version());
            update(new VersionedValue<>(stat.version(), newCount));
            return true;
        } catch (KeeperException e) {
            if (e.code() == ErrorCode.BADVERSION) {
                refresh();
                return false;
            }
            throw e;
        }
    }

    /** Sets the value unconditionally. */
    public void setCount(int newCount) throws KeeperException, InterruptedException {
        var stat = client.blocking().setData(path, encode(newCount), -1);
        update(new VersionedValue<>(stat.version(), newCount));
    }

    /** Adds {@code delta} by compare-and-set; returns the new value. */
    public int add(int delta) throws KeeperException, InterruptedException {
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            NodeData d = client.blocking().getData(path);
            VersionedValue<Integer> seen = new VersionedValue<>(d.stat().version(), decode(d.bytes()));
            int next = seen.value() + delta;
            if (trySetCount(seen, next)) {
                return next;
            }
        }
        throw new KeeperException(ErrorCode.BADVERSION, path, java.util.List.of(),
                "lost " + MAX_CAS_ATTEMPTS + " compare-and-set races in a row");
    }

    public void addListener(CounterListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CounterListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
        client.removeConnectionStateListener(stateListener);
    }

    private void refresh() throws KeeperException, InterruptedException {
        NodeData d = client.blocking().getData(path);
        update(new VersionedValue<>(d.stat().version(), decode(d.bytes())));
    }

    /** Re-reads with a watch (in the serial context). */
    private void read() {
        if (closed) {
            return;
        }
        CompletableFuture<NodeData> f = client.getData(path, watcher);
        f.whenComplete((d, e) -> serial.execute(() -> {
            if (e == null) {
                update(new VersionedValue<>(d.stat().version(), decode(d.bytes())));
            } else if (!Failures.isConnectionProblem(e) && !Failures.is(e, ErrorCode.SESSIONEXPIRED)) {
                LOG.log(Level.WARNING, "reading counter {0}: {1}", path, Failures.unwrap(e));
            }
        }));
    }

    /** Keeps the newest value (by version) and tells listeners, in order, about a new one. */
    private void update(VersionedValue<Integer> v) {
        VersionedValue<Integer> before = current.getAndUpdate(old -> old != null && old.version() >= v.version() ? old : v);
        if (before != null && before.version() >= v.version()) {
            return;
        }
        serial.execute(() -> {
            if (closed || current.get().version() != v.version()) {
                return; // a newer value is on its way to the listeners
            }
            for (CounterListener l : listeners) {
                try {
                    l.countChanged(v);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "counter listener threw", e);
                }
            }
        });
    }

    static byte[] encode(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static int decode(byte[] data) {
        if (data == null || data.length != 4) {
            throw new IllegalStateException("a counter node holds 4 bytes, found "
                    + (data == null ? "null" : data.length + " bytes"));
        }
        return ByteBuffer.wrap(data).getInt();
    }
}
