package io.warden.client.internal;

import io.warden.client.Watcher;
import io.warden.protocol.EventType;
import io.warden.protocol.WatcherType;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client side of watches, keyed by client path (chroot removed), in five tables as the
 * ZooKeeper Java client keeps them: data (getData), exist (exists on a missing node), child
 * (getChildren), persistent and persistent-recursive (addWatch). One-shot entries are removed when
 * an event materializes them; persistent ones stay until removed.
 *
 * <p>Which tables an event reaches: NodeCreated and NodeDataChanged take data and exist;
 * NodeChildrenChanged takes child; NodeDeleted takes data, exist and child. Persistent watchers on
 * the path get every type; persistent-recursive watchers on the path or an ancestor get every type
 * but NodeChildrenChanged. A watcher appears once per event even when it sits in several tables.
 *
 * <p>Bounded: at most {@code maxEntries} (path, kind, watcher) entries. Thread-confined to the
 * client's I/O thread.
 */
public final class WatchRegistry {
    /** The five tables. */
    public enum Kind { DATA, EXIST, CHILD, PERSISTENT, PERSISTENT_RECURSIVE }

    /** Bytes of paths per setWatches request, as the Java client batches them. */
    public static final int SET_WATCHES_MAX_BYTES = 128 * 1024;

    private final EnumMap<Kind, Map<String, Set<Watcher>>> tables = new EnumMap<>(Kind.class);
    private final int maxEntries;
    private int entries;

    public WatchRegistry(int maxEntries) {
        this.maxEntries = maxEntries;
        for (Kind kind : Kind.values()) {
            tables.put(kind, new LinkedHashMap<>());
        }
    }

    /** Whether one more entry fits. */
    public boolean hasRoom() {
        return entries < maxEntries;
    }

    public int size() {
        return entries;
    }

    public boolean isEmpty() {
        return entries == 0;
    }

    /** Registers {@code watcher}; a duplicate (same kind, path, equal watcher) is kept once. */
    public void add(Kind kind, String path, Watcher watcher) {
        if (tables.get(kind).computeIfAbsent(path, p -> new LinkedHashSet<>()).add(watcher)) {
            entries++;
        }
    }

    /** The watchers an event of {@code type} on {@code path} reaches; one-shot ones are removed. */
    public Set<Watcher> materialize(EventType type, String path) {
        Set<Watcher> result = new LinkedHashSet<>();
        switch (type) {
            case NODE_CREATED, NODE_DATA_CHANGED -> {
                take(Kind.DATA, path, result);
                take(Kind.EXIST, path, result);
            }
            case NODE_CHILDREN_CHANGED -> take(Kind.CHILD, path, result);
            case NODE_DELETED -> {
                take(Kind.DATA, path, result);
                take(Kind.EXIST, path, result);
                take(Kind.CHILD, path, result);
            }
            case NONE, DATA_WATCH_REMOVED, CHILD_WATCH_REMOVED, PERSISTENT_WATCH_REMOVED -> {
                return result; // not server events; nothing registered for them
            }
        }
        Set<Watcher> persistent = tables.get(Kind.PERSISTENT).get(path);
        if (persistent != null) {
            result.addAll(persistent);
        }
        if (type != EventType.NODE_CHILDREN_CHANGED) {
            Map<String, Set<Watcher>> recursive = tables.get(Kind.PERSISTENT_RECURSIVE);
            if (!recursive.isEmpty()) {
                for (String p = path; ; p = parentOf(p)) {
                    Set<Watcher> ws = recursive.get(p);
                    if (ws != null) {
                        result.addAll(ws);
                    }
                    if (p.equals("/")) {
                        break;
                    }
                }
            }
        }
        return result;
    }

    private void take(Kind kind, String path, Set<Watcher> into) {
        Set<Watcher> ws = tables.get(kind).remove(path);
        if (ws != null) {
            entries -= ws.size();
            into.addAll(ws);
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /**
     * Whether {@code watcher} ({@code null}: any watcher) is registered on {@code path} in a table
     * that {@code type} covers: CHILDREN child; DATA data and exist; PERSISTENT and
     * PERSISTENT_RECURSIVE their table; ANY all five.
     */
    public boolean contains(String path, Watcher watcher, WatcherType type) {
        for (Kind kind : kindsOf(type)) {
            Set<Watcher> ws = tables.get(kind).get(path);
            if (ws != null && (watcher == null ? !ws.isEmpty() : ws.contains(watcher))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes {@code watcher} ({@code null}: every watcher) from the tables {@code type} covers on
     * {@code path}, and returns the removed watchers by the removal event each must get
     * (DATA_WATCH_REMOVED for data and exist, CHILD_WATCH_REMOVED for child,
     * PERSISTENT_WATCH_REMOVED for both persistent tables). Empty if nothing was removed.
     */
    public Map<EventType, Set<Watcher>> remove(String path, Watcher watcher, WatcherType type) {
        Map<EventType, Set<Watcher>> removed = new LinkedHashMap<>();
        for (Kind kind : kindsOf(type)) {
            Map<String, Set<Watcher>> table = tables.get(kind);
            Set<Watcher> ws = table.get(path);
            if (ws == null) {
                continue;
            }
            Set<Watcher> gone = new LinkedHashSet<>();
            if (watcher == null) {
                gone.addAll(ws);
                ws.clear();
            } else if (ws.remove(watcher)) {
                gone.add(watcher);
            }
            if (ws.isEmpty()) {
                table.remove(path);
            }
            entries -= gone.size();
            if (!gone.isEmpty()) {
                removed.computeIfAbsent(removalEvent(kind), e -> new LinkedHashSet<>()).addAll(gone);
            }
        }
        return removed;
    }

    private static EventType removalEvent(Kind kind) {
        return switch (kind) {
            case DATA, EXIST -> EventType.DATA_WATCH_REMOVED;
            case CHILD -> EventType.CHILD_WATCH_REMOVED;
            case PERSISTENT, PERSISTENT_RECURSIVE -> EventType.PERSISTENT_WATCH_REMOVED;
        };
    }

    private static List<Kind> kindsOf(WatcherType type) {
        return switch (type) {
            case CHILDREN -> List.of(Kind.CHILD);
            case DATA -> List.of(Kind.DATA, Kind.EXIST);
            case PERSISTENT -> List.of(Kind.PERSISTENT);
            case PERSISTENT_RECURSIVE -> List.of(Kind.PERSISTENT_RECURSIVE);
            case ANY -> List.of(Kind.values());
        };
    }

    /** Forgets every watch (the session ended). */
    public void clear() {
        tables.values().forEach(Map::clear);
        entries = 0;
    }

    /** The client paths in one table, in registration order. */
    public List<String> paths(Kind kind) {
        return List.copyOf(tables.get(kind).keySet());
    }

    /**
     * The setWatches requests that re-register every watch on a new connection: batches of about
     * {@code maxBatchBytes} of paths (a batch may exceed it by its last path), each a SetWatches
     * (101) unless it carries persistent paths, then a SetWatches2 (105). Paths are server paths.
     */
    public List<Request> setWatchesRequests(long relativeZxid, Chroot chroot, int maxBatchBytes) {
        List<Iterator<String>> sources = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<String> server = new ArrayList<>();
            for (String p : tables.get(kind).keySet()) {
                server.add(chroot.toServer(p));
            }
            sources.add(server.iterator());
        }
        List<Request> requests = new ArrayList<>();
        while (sources.stream().anyMatch(Iterator::hasNext)) {
            List<List<String>> batch = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                batch.add(new ArrayList<>());
            }
            int bytes = 0;
            for (int i = 0; i < sources.size() && bytes < maxBatchBytes; i++) {
                Iterator<String> it = sources.get(i);
                while (it.hasNext() && bytes < maxBatchBytes) {
                    String p = it.next();
                    batch.get(i).add(p);
                    bytes += p.getBytes(StandardCharsets.UTF_8).length;
                }
            }
            List<String> persistent = batch.get(Kind.PERSISTENT.ordinal());
            List<String> recursive = batch.get(Kind.PERSISTENT_RECURSIVE.ordinal());
            List<String> data = batch.get(Kind.DATA.ordinal());
            List<String> exist = batch.get(Kind.EXIST.ordinal());
            List<String> child = batch.get(Kind.CHILD.ordinal());
            if (persistent.isEmpty() && recursive.isEmpty()) {
                requests.add(new SetWatches(relativeZxid, data, exist, child));
            } else {
                requests.add(new SetWatches2(relativeZxid, data, exist, child, persistent, recursive));
            }
        }
        return requests;
    }
}
