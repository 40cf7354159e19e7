package io.warden.server.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One watch table (data or child): path to the connections watching it, each with a bit set of
 * {@link WatchMode}s, in registration order. Keeps a count of recursive entries per path so
 * that a trigger walks ancestors only when a recursive watch exists. The per-connection index
 * lives in {@link WatchRegistry}, which calls back through {@link Owner}.
 *
 * <p>Thread-confined to the apply thread.
 */
final class WatchTable {
    /** Below this many recursive paths a trigger scans them instead of walking ancestors. */
    private static final int SCAN_RECURSIVE_BELOW = 8;

    /** Notified when a (path, target) entry appears or disappears. */
    interface Owner {
        void entryAdded(WatchTable table, WatchTarget target, String path);

        void entryRemoved(WatchTable table, WatchTarget target, String path);
    }

    private final Owner owner;
    private final HashMap<String, LinkedHashMap<WatchTarget, Integer>> byPath = new HashMap<>();
    /** Paths with at least one PERSISTENT_RECURSIVE entry, with the number of such entries. */
    private final HashMap<String, Integer> recursive = new HashMap<>();
    private long entries;

    WatchTable(Owner owner) {
        this.owner = owner;
    }

    long entryCount() {
        return entries;
    }

    int pathCount() {
        return byPath.size();
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    /** True if (path, target) has an entry and it is new. */
    boolean isNewEntry(String path, WatchTarget target) {
        Map<WatchTarget, Integer> m = byPath.get(path);
        return m == null || !m.containsKey(target);
    }

    void add(String path, WatchTarget target, WatchMode mode) {
        LinkedHashMap<WatchTarget, Integer> m = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>(4));
        Integer old = m.get(target);
        int oldBits = old == null ? 0 : old;
        int newBits = oldBits | mode.bit();
        if (newBits == oldBits) {
            return;
        }
        m.put(target, newBits);
        if (old == null) {
            entries++;
            owner.entryAdded(this, target, path);
        }
        if (mode == WatchMode.PERSISTENT_RECURSIVE) {
            recursive.merge(path, 1, Integer::sum);
        }
    }

    /** True if (path, target) exists and, unless {@code mode} is null, has that mode. */
    boolean contains(String path, WatchTarget target, WatchMode mode) {
        Map<WatchTarget, Integer> m = byPath.get(path);
        Integer bits = m == null ? null : m.get(target);
        return bits != null && (mode == null || (bits & mode.bit()) != 0);
    }

    /** Removes {@code mode} (every mode if null) of (path, target); true if anything was removed. */
    boolean remove(String path, WatchTarget target, WatchMode mode) {
        LinkedHashMap<WatchTarget, Integer> m = byPath.get(path);
        Integer bits = m == null ? null : m.get(target);
        if (bits == null) {
            return false;
        }
        int removed = mode == null ? bits : bits & mode.bit();
        if (removed == 0) {
            return false;
        }
        int left = bits & ~removed;
        if ((removed & WatchMode.PERSISTENT_RECURSIVE.bit()) != 0) {
            decrementRecursive(path);
        }
        if (left == 0) {
            m.remove(target);
            entries--;
            if (m.isEmpty()) {
                byPath.remove(path);
            }
            owner.entryRemoved(this, target, path);
        } else {
            m.put(target, left);
        }
        return true;
    }

    /** Drops (path, target) without calling back (the owner is dropping the whole target). */
    void dropQuietly(String path, WatchTarget target) {
        LinkedHashMap<WatchTarget, Integer> m = byPath.get(path);
        Integer bits = m == null ? null : m.remove(target);
        if (bits == null) {
            return;
        }
        entries--;
        if ((bits & WatchMode.PERSISTENT_RECURSIVE.bit()) != 0) {
            decrementRecursive(path);
        }
        if (m.isEmpty()) {
            byPath.remove(path);
        }
    }

    private void decrementRecursive(String path) {
        recursive.computeIfPresent(path, (p, n) -> n == 1 ? null : n - 1);
    }

    /**
     * Triggers the watches an event on {@code path} fires: every entry at the path (its
     * STANDARD mode consumed) and the recursive entries of every ancestor. Returns each
     * triggered target once, exact-path entries first, in registration order.
     */
    List<WatchTarget> trigger(String path) {
        List<WatchTarget> out = null;
        LinkedHashMap<WatchTarget, Integer> exact = byPath.get(path);
        if (exact != null) {
            out = new ArrayList<>(exact.size());
            Iterator<Map.Entry<WatchTarget, Integer>> it = exact.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<WatchTarget, Integer> e = it.next();
                WatchTarget target = e.getKey();
                out.add(target);
                int bits = e.getValue();
                if ((bits & WatchMode.STANDARD.bit()) != 0) {
                    bits &= ~WatchMode.STANDARD.bit();
                    if (bits == 0) {
                        it.remove();
                        entries--;
                        owner.entryRemoved(this, target, path);
                    } else {
                        e.setValue(bits);
                    }
                }
            }
            if (exact.isEmpty()) {
                byPath.remove(path);
            }
        }
        if (!recursive.isEmpty() && path.length() > 1) {
            out = addRecursiveAncestors(path, out);
        }
        return out == null ? List.of() : out;
    }

    private List<WatchTarget> addRecursiveAncestors(String path, List<WatchTarget> out) {
        Set<WatchTarget> seen = null;
        if (recursive.size() < SCAN_RECURSIVE_BELOW) {
            for (String candidate : recursive.keySet()) {
                if (isAncestor(candidate, path)) {
                    if (seen == null) {
                        seen = seenSet(out);
                    }
                    out = addRecursiveAt(candidate, out, seen);
                }
            }
            return out;
        }
        int slash = path.lastIndexOf('/');
        while (slash >= 0) {
            String ancestor = slash == 0 ? "/" : path.substring(0, slash);
            if (recursive.containsKey(ancestor)) {
                if (seen == null) {
                    seen = seenSet(out);
                }
                out = addRecursiveAt(ancestor, out, seen);
            }
            slash = slash == 0 ? -1 : path.lastIndexOf('/', slash - 1);
        }
        return out;
    }

    private List<WatchTarget> addRecursiveAt(String ancestor, List<WatchTarget> out, Set<WatchTarget> seen) {
        LinkedHashMap<WatchTarget, Integer> m = byPath.get(ancestor);
        if (m == null) {
            return out;
        }
        for (Map.Entry<WatchTarget, Integer> e : m.entrySet()) {
            if ((e.getValue() & WatchMode.PERSISTENT_RECURSIVE.bit()) != 0 && seen.add(e.getKey())) {
                if (out == null) {
                    out = new ArrayList<>(4);
                }
                out.add(e.getKey());
            }
        }
        return out;
    }

    private static Set<WatchTarget> seenSet(List<WatchTarget> out) {
        Set<WatchTarget> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (out != null) {
            seen.addAll(out);
        }
        return seen;
    }

    /** True if {@code ancestor} is a proper ancestor of {@code path} ("/" is everyone's). */
    static boolean isAncestor(String ancestor, String path) {
        int n = ancestor.length();
        if (n == 0 || ancestor.charAt(0) != '/') {
            return false;
        }
        if (n == 1) {
            return path.length() > 1 && path.charAt(0) == '/';
        }
        return path.length() > n && path.charAt(n) == '/' && path.startsWith(ancestor);
    }

    /** The targets with an entry at {@code path}, for wchp. */
    Set<WatchTarget> targetsAt(String path) {
        Map<WatchTarget, Integer> m = byPath.get(path);
        return m == null ? Set.of() : Collections.unmodifiableSet(m.keySet());
    }

    Set<String> paths() {
        return Collections.unmodifiableSet(byPath.keySet());
    }
}
