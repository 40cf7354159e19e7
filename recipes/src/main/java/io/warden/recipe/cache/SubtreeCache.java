package io.warden.recipe.cache;

import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.client.WatchedEvent;
import io.warden.client.Watcher;
import io.warden.protocol.AddWatchMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.WatcherType;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.internal.Failures;
import io.warden.recipe.internal.Serial;
import io.warden.recipe.support.Deadlines;
import io.warden.recipe.support.ZPaths;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local copy of the subtree under {@code root} (the root included), kept current by one
 * persistent recursive watch (ZooKeeper 3.6+ {@code addWatch}).
 *
 * <ol>
 *   <li><b>Start</b>: add the watch, then load: getData and getChildren on every node, top down.
 *       Events that arrive meanwhile are applied as they come; replies and events reach the client
 *       in server order, so the last thing applied to a path is always the newest. When the load
 *       is done, listeners get {@link CacheEvent.Initialized}, and then {@link #start()}'s future
 *       completes: whoever waits for it finds the listeners told already.</li>
 *   <li><b>Events</b>: NodeCreated / NodeDataChanged re-read the node; NodeDeleted removes it and
 *       whatever was cached below it.</li>
 *   <li><b>Resync</b>: after RECONNECTED (the client re-registers the watch, but a persistent watch
 *       gets no catch-up events for what changed while we were away) and after a new session
 *       (LOST then CONNECTED: the watch is gone, so it is added again), the whole subtree is read
 *       again; each difference is reported, nodes that were neither seen by the reload nor touched
 *       by an event since it began are removed, and {@link CacheEvent.Resynced} follows. SUSPENDED
 *       changes nothing: the copy is served as it was until the resync.</li>
 * </ol>
 *
 * A cached node's Stat is as of its last data read: child counts ({@code numChildren},
 * {@code cversion}, {@code pzxid}) are not followed, since the recursive watch reports no child
 * changes; a resync that finds only those fields changed updates them silently. At most
 * {@code maxNodes} nodes are cached: beyond that the cache fails ({@link CacheEvent.Failed}) rather
 * than use unbounded memory.
 *
 * <p>Thread-safe: reads see a concurrent map; updates are confined to the cache's serial context,
 * where listeners run, in order.
 */
public final class SubtreeCache implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SubtreeCache.class.getName());
    /** Default bound on cached nodes. */
    public static final int DEFAULT_MAX_NODES = 100_000;

    private enum Phase { NEW, LIVE, CLOSED }

    private final WardenClient client;
    private final String root;
    private final int maxNodes;
    private final Serial serial = new Serial();
    private final ConcurrentSkipListMap<String, NodeData> nodes = new ConcurrentSkipListMap<>();
    private final CopyOnWriteArrayList<CacheListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> initialized = new CompletableFuture<>();
    private final AtomicLong resyncs = new AtomicLong();
    /** Set (in serial) when the initial load is done, before listeners hear of it; read anywhere. */
    private volatile boolean loaded;
    private final Watcher watcher = event -> serial.execute(() -> onEvent(event));
    private final ConnectionStateListener stateListener = (state, sid) -> serial.execute(() -> onState(state));

    // Confined to serial.
    private Phase phase = Phase.NEW;
    private final Map<String, Long> touched = new HashMap<>();
    private long loadEpoch;
    private int pending;
    private String loadReason;
    private int loadChanges;
    private long watchedSession;

    public SubtreeCache(WardenClient client, String root) {
        this(client, root, DEFAULT_MAX_NODES);
    }

    public SubtreeCache(WardenClient client, String root, int maxNodes) {
        this.client = Objects.requireNonNull(client, "client");
        String reason = io.warden.protocol.Paths.invalidReason(root);
        if (reason != null) {
            throw new IllegalArgumentException("invalid root \"" + root + "\": " + reason);
        }
        if (maxNodes < 1) {
            throw new IllegalArgumentException("maxNodes must be >= 1: " + maxNodes);
        }
        this.root = root;
        this.maxNodes = maxNodes;
    }

    /** Starts watching and loading (once); completes when the initial load is done. */
    public CompletableFuture<Void> start() {
        serial.execute(() -> {
            if (phase != Phase.NEW) {
                return;
            }
            phase = Phase.LIVE;
            client.addConnectionStateListener(stateListener);
            client.whenConnected().whenComplete((v, e) -> serial.execute(() -> {
                if (e != null) {
                    fail(Failures.unwrap(e));
                } else {
                    watchAndLoad("initial");
                }
            }));
        });
        return initialized;
    }

    /** Waits for the initial load; false on timeout. */
    public boolean awaitInitialized(Duration timeout) throws InterruptedException {
        EventThreads.checkNotEventThread(client);
        try {
            initialized.get(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cache failed", e.getCause());
        }
    }

    /** Whether the initial load is done. */
    public boolean isInitialized() {
        return loaded && !initialized.isCompletedExceptionally();
    }

    public String root() {
        return root;
    }

    /** The cached data and Stat of {@code path}. */
    public Optional<NodeData> get(String path) {
        return Optional.ofNullable(nodes.get(path));
    }

    /** A copy of the whole cache, path to data, sorted by path. */
    public SortedMap<String, NodeData> snapshot() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    }

    /** Names of the cached children of {@code path}, sorted. */
    public List<String> childrenOf(String path) {
        String prefix = "/".equals(path) ? "/" : path + "/";
        NavigableMap<String, NodeData> below = nodes.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        List<String> out = new ArrayList<>();
        for (String p : below.keySet()) {
            if (p.indexOf('/', prefix.length()) < 0 && p.length() > prefix.length()) {
                out.add(p.substring(prefix.length()));
            }
        }
        return List.copyOf(out);
    }

    /** Number of cached nodes. */
    public int size() {
        return nodes.size();
    }

    /** Number of full resyncs done since the start. */
    public long resyncs() {
        return resyncs.get();
    }

    public void addListener(CacheListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(CacheListener listener) {
        listeners.remove(listener);
    }

    /** Stops following the subtree and removes the watch; the copy stays readable. */
    @Override
    public void close() {
        serial.execute(() -> {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            loadEpoch++;
            client.removeConnectionStateListener(stateListener);
            client.removeWatches(root, watcher, WatcherType.PERSISTENT_RECURSIVE, true)
                    .exceptionally(e -> null);
            initialized.completeExceptionally(new IllegalStateException("cache closed"));
        });
    }

    // ---------------------------------------------------------------- loading

    private void watchAndLoad(String reason) {
        if (phase != Phase.LIVE) {
            return;
        }
        long session = client.sessionId();
        watchedSession = session;
        client.addWatch(root, AddWatchMode.PERSISTENT_RECURSIVE, watcher).whenComplete((v, e) -> serial.execute(() -> {
            if (phase != Phase.LIVE) {
                return;
            }
            if (e != null) {
                if (Failures.isConnectionProblem(e) || Failures.is(e, ErrorCode.SESSIONEXPIRED)) {
                    return; // RECONNECTED or CONNECTED follows and starts over
                }
                fail(Failures.unwrap(e));
            }
        }));
        load(reason);
    }

    private void load(String reason) {
        long epoch = ++loadEpoch;
        pending = 0;
        loadReason = reason;
        loadChanges = 0;
        readNode(root, epoch);
    }

    private void readNode(String path, long epoch) {
        pending += 2;
        client.getData(path).whenComplete((d, e) -> serial.execute(() -> onLoadedData(path, epoch, d, e)));
        client.getChildren(path).whenComplete((c, e) -> serial.execute(() -> onLoadedChildren(path, epoch, c, e)));
    }

    private void onLoadedData(String path, long epoch, NodeData data, Throwable e) {
        if (epoch != loadEpoch || phase != Phase.LIVE) {
            return;
        }
        if (e == null) {
            loadChanges += apply(path, data) ? 1 : 0;
        } else if (Failures.is(e, ErrorCode.NONODE)) {
            loadChanges += removeSubtree(path);
        } else {
            abandonLoad(e);
            return;
        }
        loadStepDone(epoch);
    }

    private void onLoadedChildren(String path, long epoch, List<String> children, Throwable e) {
        if (epoch != loadEpoch || phase != Phase.LIVE) {
            return;
        }
        if (e == null) {
            for (String child : children) {
                readNode(ZPaths.join(path, child), epoch);
            }
        } else if (!Failures.is(e, ErrorCode.NONODE)) {
            abandonLoad(e);
            return;
        }
        loadStepDone(epoch);
    }

    /** A load that hit connection trouble is abandoned: the next RECONNECTED / CONNECTED reloads. */
    private void abandonLoad(Throwable e) {
        if (Failures.isConnectionProblem(e) || Failures.is(e, ErrorCode.SESSIONEXPIRED)) {
            loadEpoch++;
            LOG.log(Level.DEBUG, "load of {0} interrupted: {1}", root, Failures.unwrap(e));
        } else {
            fail(Failures.unwrap(e));
        }
    }

    private void loadStepDone(long epoch) {
        if (--pending > 0) {
            return;
        }
        // Everything not seen by this load and not touched by an event since it began is gone.
        List<String> stale = new ArrayList<>();
        for (String path : nodes.keySet()) {
            Long t = touched.get(path);
            if (t == null || t < epoch) {
                stale.add(path);
            }
        }
        for (String path : stale) {
            NodeData previous = nodes.remove(path);
            touched.remove(path);
            if (previous != null) {
                loadChanges++;
                emit(new CacheEvent.NodeRemoved(path, previous));
            }
        }
        if (!loaded) {
            LOG.log(Level.DEBUG, "cache of {0} loaded: {1} nodes", root, nodes.size());
            // Listeners first, then the future: whoever waited for start() finds them told already.
            loaded = true;
            emit(new CacheEvent.Initialized(nodes.size()));
            initialized.complete(null);
        } else {
            resyncs.incrementAndGet();
            emit(new CacheEvent.Resynced(loadReason, loadChanges));
        }
        loadEpoch++; // later replies of this load (none expected) are ignored
        touched.clear();
        for (String path : nodes.keySet()) {
            touched.put(path, loadEpoch);
        }
    }

    // ---------------------------------------------------------------- events

    private void onEvent(WatchedEvent event) {
        if (phase != Phase.LIVE || !ZPaths.isWithin(event.path(), root)) {
            return;
        }
        switch (event.type()) {
            case NODE_CREATED, NODE_DATA_CHANGED -> client.getData(event.path())
                    .whenComplete((d, e) -> serial.execute(() -> onEventData(event.path(), d, e)));
            case NODE_DELETED -> removeSubtree(event.path());
            default -> {
                // NODE_CHILDREN_CHANGED never comes to a recursive watch; removal events need nothing.
            }
        }
    }

    private void onEventData(String path, NodeData data, Throwable e) {
        if (phase != Phase.LIVE) {
            return;
        }
        if (e == null) {
            apply(path, data);
        } else if (Failures.is(e, ErrorCode.NONODE)) {
            removeSubtree(path);
        }
        // Connection trouble: the resync after reconnecting covers this node.
    }

    private void onState(ConnectionState state) {
        if (phase != Phase.LIVE || !loaded && watchedSession == 0) {
            return;
        }
        switch (state) {
            case RECONNECTED, READ_ONLY -> load("reconnected");
            case CONNECTED -> {
                if (client.sessionId() != watchedSession) {
                    watchAndLoad("new session");
                }
            }
            case SUSPENDED, LOST -> {
                // Serve the copy as it is; the resync after (re)connecting repairs it.
            }
        }
    }

    // ---------------------------------------------------------------- applying changes

    /** Puts fresh data for {@code path}; returns whether listeners were told of a change. */
    private boolean apply(String path, NodeData data) {
        touched.put(path, loadEpoch);
        NodeData previous = nodes.put(path, data);
        if (previous == null) {
            if (nodes.size() > maxNodes) {
                nodes.remove(path);
                fail(new IllegalStateException("more than " + maxNodes + " nodes under " + root));
                return false;
            }
            emit(new CacheEvent.NodeAdded(path, data));
            return true;
        }
        if (sameData(previous, data)) {
            return false;
        }
        emit(new CacheEvent.NodeUpdated(path, previous, data));
        return true;
    }

    private static boolean sameData(NodeData a, NodeData b) {
        return Objects.equals(a.data(), b.data()) && a.stat().mzxid() == b.stat().mzxid()
                && a.stat().version() == b.stat().version() && a.stat().czxid() == b.stat().czxid();
    }

    /** Removes {@code path} and everything cached below it; returns how many nodes went. */
    private int removeSubtree(String path) {
        List<String> gone = new ArrayList<>();
        gone.add(path);
        String prefix = "/".equals(path) ? "/" : path + "/";
        gone.addAll(nodes.subMap(prefix, true, prefix + Character.MAX_VALUE, false).keySet());
        int n = 0;
        // Children first, as the server deletes them.
        Collections.reverse(gone);
        for (String p : gone) {
            NodeData previous = nodes.remove(p);
            touched.remove(p);
            if (previous != null) {
                n++;
                emit(new CacheEvent.NodeRemoved(p, previous));
            }
        }
        return n;
    }

    private void fail(Throwable error) {
        if (phase == Phase.CLOSED) {
            return;
        }
        LOG.log(Level.WARNING, "cache of {0} failed: {1}", root, error.toString());
        phase = Phase.CLOSED;
        client.removeConnectionStateListener(stateListener);
        client.removeWatches(root, watcher, WatcherType.PERSISTENT_RECURSIVE, true).exceptionally(e -> null);
        initialized.completeExceptionally(error);
        emit(new CacheEvent.Failed(error));
    }

    private void emit(CacheEvent event) {
        for (CacheListener l : listeners) {
            try {
                l.event(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cache listener threw on " + event, e);
            }
        }
    }
}
