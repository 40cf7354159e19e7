package io.warden.server.watch;

import io.warden.protocol.WatcherType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's watches (PROTOCOL.md 9.2, 9.3): a data table and a child table, plus an index
 * from each connection to its watched paths so that {@link #drop} is proportional to that
 * connection's watches. Registration is bounded per connection
 * ({@code maxWatchesPerConnection} (path, table) entries); a registration over the bound is
 * refused and counted.
 *
 * <p>Which table and mode each request uses: getData/exists register STANDARD in the data table,
 * getChildren STANDARD in the child table, addWatch PERSISTENT in both and
 * PERSISTENT_RECURSIVE in the data table only. Triggering is done per table by the state
 * machine, in ZooKeeper's order (data table, then child table).
 *
 * <p>Thread-confined to the apply thread.
 */
public final class WatchRegistry {
    /** The two tables. */
    public enum Table { DATA, CHILD }

    private final int maxWatchesPerConnection;
    private final Map<WatchTarget, TargetWatches> byTarget = new LinkedHashMap<>();
    private final WatchTable data;
    private final WatchTable child;
    private long refused;

    /** Paths one connection watches, per table. */
    private static final class TargetWatches {
        final HashSet<String> dataPaths = new HashSet<>(4);
        final HashSet<String> childPaths = new HashSet<>(4);

        int size() {
            return dataPaths.size() + childPaths.size();
        }
    }

    public WatchRegistry(int maxWatchesPerConnection) {
        if (maxWatchesPerConnection <= 0) {
            throw new IllegalArgumentException("maxWatchesPerConnection must be positive: " + maxWatchesPerConnection);
        }
        this.maxWatchesPerConnection = maxWatchesPerConnection;
        WatchTable.Owner index = new WatchTable.Owner() {
            @Override
            public void entryAdded(WatchTable table, WatchTarget target, String path) {
                byTarget.computeIfAbsent(target, t -> new TargetWatches());
                pathsOf(byTarget.get(target), table).add(path);
            }

            @Override
            public void entryRemoved(WatchTable table, WatchTarget target, String path) {
                TargetWatches tw = byTarget.get(target);
                if (tw != null) {
                    pathsOf(tw, table).remove(path);
                    if (tw.size() == 0) {
                        byTarget.remove(target);
                    }
                }
            }
        };
        this.data = new WatchTable(index);
        this.child = new WatchTable(index);
    }

    private HashSet<String> pathsOf(TargetWatches tw, WatchTable table) {
        return table == data ? tw.dataPaths : tw.childPaths;
    }

    private WatchTable table(Table t) {
        return t == Table.DATA ? data : child;
    }

    /** True if no watch at all is registered (lets apply skip change tracking). */
    public boolean isEmpty() {
        return byTarget.isEmpty();
    }

    /**
     * Registers a watch of {@code target} on {@code path}. Returns false (and registers nothing)
     * if the new entries would take the connection over its bound.
     */
    public boolean add(Table table, String path, WatchTarget target, WatchMode mode) {
        WatchTable t = table(table);
        if (!hasRoom(target, t.isNewEntry(path, target) ? 1 : 0)) {
            return false;
        }
        t.add(path, target, mode);
        return true;
    }

    /** addWatch mode PERSISTENT: both tables. False if over the bound. */
    public boolean addPersistent(String path, WatchTarget target) {
        int needed = (data.isNewEntry(path, target) ? 1 : 0) + (child.isNewEntry(path, target) ? 1 : 0);
        if (!hasRoom(target, needed)) {
            return false;
        }
        data.add(path, target, WatchMode.PERSISTENT);
        child.add(path, target, WatchMode.PERSISTENT);
        return true;
    }

    /** addWatch mode PERSISTENT_RECURSIVE: data table only. False if over the bound. */
    public boolean addPersistentRecursive(String path, WatchTarget target) {
        return add(Table.DATA, path, target, WatchMode.PERSISTENT_RECURSIVE);
    }

    private boolean hasRoom(WatchTarget target, int needed) {
        if (needed == 0) {
            return true;
        }
        TargetWatches tw = byTarget.get(target);
        int have = tw == null ? 0 : tw.size();
        if (have + needed > maxWatchesPerConnection) {
            refused++;
            return false;
        }
        return true;
    }

    /**
     * Fires one table for an event on {@code path}: returns every triggered connection once
     * (STANDARD entries at the path are consumed; recursive entries of ancestors fire only in
     * the data table, where they live). The caller filters delivery (ACL, suppression).
     */
    public List<WatchTarget> trigger(Table table, String path) {
        return table(table).trigger(path);
    }

    /**
     * checkWatches: whether {@code target} has a matching watch on exactly {@code path}.
     * CHILDREN and DATA match only STANDARD entries, PERSISTENT and PERSISTENT_RECURSIVE their
     * mode in the data table, ANY anything in either table.
     */
    public boolean contains(String path, WatchTarget target, WatcherType type) {
        return switch (type) {
            case CHILDREN -> child.contains(path, target, WatchMode.STANDARD);
            case DATA -> data.contains(path, target, WatchMode.STANDARD);
            case PERSISTENT -> data.contains(path, target, WatchMode.PERSISTENT);
            case PERSISTENT_RECURSIVE -> data.contains(path, target, WatchMode.PERSISTENT_RECURSIVE);
            case ANY -> child.contains(path, target, null) || data.contains(path, target, null);
        };
    }

    /**
     * removeWatches: removes the matching watches of {@code target} on {@code path}; PERSISTENT
     * removes that mode from both tables, ANY every mode of both. True if anything was removed.
     */
    public boolean remove(String path, WatchTarget target, WatcherType type) {
        return switch (type) {
            case CHILDREN -> child.remove(path, target, WatchMode.STANDARD);
            case DATA -> data.remove(path, target, WatchMode.STANDARD);
            case PERSISTENT -> child.remove(path, target, WatchMode.PERSISTENT)
                    | data.remove(path, target, WatchMode.PERSISTENT);
            case PERSISTENT_RECURSIVE -> data.remove(path, target, WatchMode.PERSISTENT_RECURSIVE);
            case ANY -> child.remove(path, target, null) | data.remove(path, target, null);
        };
    }

    /** Drops every watch of a closed connection. */
    public void drop(WatchTarget target) {
        TargetWatches tw = byTarget.remove(target);
        if (tw == null) {
            return;
        }
        for (String path : tw.dataPaths) {
            data.dropQuietly(path, target);
        }
        for (String path : tw.childPaths) {
            child.dropQuietly(path, target);
        }
    }

    /** Watches (path, table entries) held by one connection. */
    public int watchCount(WatchTarget target) {
        TargetWatches tw = byTarget.get(target);
        return tw == null ? 0 : tw.size();
    }

    /** Registrations refused because a connection was at its bound. */
    public long refusedCount() {
        return refused;
    }

    /** Distinct paths in the data table (wchs). */
    public long dataPathCount() {
        return data.pathCount();
    }

    /** (path, connection) entries in the data table (wchs "Total watches"). */
    public long dataWatchCount() {
        return data.entryCount();
    }

    /** (path, connection) entries in the child table. */
    public long childWatchCount() {
        return child.entryCount();
    }

    /** Connections with at least one data-table entry (wchs). */
    public long dataWatchingConnections() {
        long n = 0;
        for (TargetWatches tw : byTarget.values()) {
            if (!tw.dataPaths.isEmpty()) {
                n++;
            }
        }
        return n;
    }

    /** Data-table paths per connection (wchc), as a fresh copy. */
    public Map<WatchTarget, List<String>> dataWatchesByTarget() {
        Map<WatchTarget, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<WatchTarget, TargetWatches> e : byTarget.entrySet()) {
            if (!e.getValue().dataPaths.isEmpty()) {
                out.put(e.getKey(), List.copyOf(e.getValue().dataPaths));
            }
        }
        return out;
    }

    /** Connections per data-table path (wchp), as a fresh copy. */
    public Map<String, List<WatchTarget>> dataWatchesByPath() {
        Map<String, List<WatchTarget>> out = new HashMap<>();
        for (String path : data.paths()) {
            out.put(path, new ArrayList<>(data.targetsAt(path)));
        }
        return out;
    }

    /** The connections that hold any watch. */
    public Set<WatchTarget> targets() {
        return java.util.Collections.unmodifiableSet(byTarget.keySet());
    }
}
