package io.warden.server.state;

import io.warden.protocol.data.Acl;
import java.util.HashMap;
import java.util.List;

/**
 * Interns ACL lists with reference counts so that znodes with equal ACLs share one immutable
 * list (ZooKeeper's ReferenceCountedACLCache, without the long indirection). An entry is dropped
 * when its last znode goes, so the cache is bounded by the number of distinct ACLs in use.
 *
 * <p>Thread-confined to the apply thread.
 */
final class AclCache {
    private static final class Entry {
        final List<Acl> acl;
        long refs;

        Entry(List<Acl> acl) {
            this.acl = acl;
        }
    }

    private final HashMap<List<Acl>, Entry> entries = new HashMap<>();
    /**
     * The list last passed to {@link #acquire} and its entry: a snapshot restore passes the same
     * list object for every znode with that ACL, so most acquires skip hashing the list. Stale
     * once the entry's references reach 0 (it has left the map).
     */
    private List<Acl> lastAsked;
    private Entry lastEntry;

    /** The canonical immutable list equal to {@code acl}, with one more reference. */
    List<Acl> acquire(List<Acl> acl) {
        Entry last = lastEntry;
        if (acl == lastAsked && last.refs > 0) {
            last.refs++;
            return last.acl;
        }
        Entry e = entries.get(acl);
        if (e == null) {
            e = new Entry(List.copyOf(acl));
            entries.put(e.acl, e);
        }
        e.refs++;
        lastAsked = acl;
        lastEntry = e;
        return e.acl;
    }

    /** Drops one reference to a canonical list. */
    void release(List<Acl> acl) {
        Entry e = entries.get(acl);
        if (e == null) {
            throw new IllegalStateException("ACL not in cache: " + acl);
        }
        if (--e.refs == 0) {
            entries.remove(acl);
        }
    }

    int size() {
        return entries.size();
    }

    long refs(List<Acl> acl) {
        Entry e = entries.get(acl);
        return e == null ? 0 : e.refs;
    }
}
