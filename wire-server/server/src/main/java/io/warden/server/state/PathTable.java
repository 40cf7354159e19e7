package io.warden.server.state;

import java.util.function.Consumer;

/**
 * The znodes by full path: an open-addressing hash table (linear probing, backward-shift
 * deletion) of the {@link DataNode} objects themselves, keyed by {@link DataNode#path}. Against
 * a {@code HashMap<String, DataNode>} it saves the 32-byte entry object per znode (a parallel
 * array keeps each slot's path hash, 4 bytes, so probing and growing read no znode or path
 * but the one that matches). The load factor stays at or below 5/8; the table grows by
 * doubling and never shrinks (as a HashMap's).
 *
 * <p>Not thread-safe: confined to the apply thread, like {@link DataTree}.
 */
final class PathTable {
    private static final int MIN_CAPACITY = 16;
    /** Largest table: 2^30 slots. */
    private static final int MAX_CAPACITY = 1 << 30;

    private DataNode[] table;
    /** {@code hashes[i]} is {@code table[i].path.hashCode()} for every occupied slot. */
    private int[] hashes;
    /** 32 - log2(capacity): the index is the top bits of the mixed hash. */
    private int shift;
    private int size;

    PathTable(int expected) {
        allocate(capacityFor(expected));
    }

    private static int capacityFor(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity < MAX_CAPACITY && (long) capacity * 5 / 8 < expected) {
            capacity <<= 1;
        }
        return capacity;
    }

    private void allocate(int capacity) {
        table = new DataNode[capacity];
        hashes = new int[capacity];
        shift = Integer.numberOfLeadingZeros(capacity) + 1;
    }

    /** Fibonacci hashing: spreads the String hash over the top bits. */
    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }



    int size() {
        return size;
    }

    /** The node at exactly {@code path}, or null. */
    DataNode get(String path) {
        DataNode[] t = table;
        int[] h = hashes;
        int mask = t.length - 1;
        int hash = path.hashCode();
        for (int i = home(hash); ; i = (i + 1) & mask) {
            DataNode n = t[i];
            if (n == null) {
                return null;
            }
            if (h[i] == hash && n.path.equals(path)) {
                return n;
            }
        }
    }

    /** Adds {@code node} under its path, replacing a node with an equal path. */
    void put(DataNode node) {
        insert(node, true);
    }

    /**
     * Adds {@code node} unless a node with an equal path is present; returns that node (and adds
     * nothing), or null once added.
     */
    DataNode putIfAbsent(DataNode node) {
        return insert(node, false);
    }

    private DataNode insert(DataNode node, boolean replace) {
        if ((long) (size + 1) * 8 > (long) table.length * 5) {
            grow();
        }
        DataNode[] t = table;
        int[] h = hashes;
        int mask = t.length - 1;
        String path = node.path;
        int hash = path.hashCode();
        for (int i = home(hash); ; i = (i + 1) & mask) {
            DataNode n = t[i];
            if (n == null) {
                t[i] = node;
                h[i] = hash;
                size++;
                return null;
            }
            if (h[i] == hash && n.path.equals(path)) {
                if (replace) {
                    t[i] = node;
                }
                return n;
            }
        }
    }

    /** Removes the node at {@code path}; returns it, or null if there was none. */
    DataNode remove(String path) {
        DataNode[] t = table;
        int[] h = hashes;
        int mask = t.length - 1;
        int hash = path.hashCode();
        int i = home(hash);
        while (true) {
            DataNode n = t[i];
            if (n == null) {
                return null;
            }
            if (h[i] == hash && n.path.equals(path)) {
                break;
            }
            i = (i + 1) & mask;
        }
        DataNode removed = t[i];
        t[i] = null;
        size--;
        // Backward shift: move later members of the probe run into the hole when their home
        // position is not cyclically within (hole, j].
        int hole = i;
        for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int k = home(h[j]);
            boolean homeInRange = hole <= j ? (hole < k && k <= j) : (hole < k || k <= j);
            if (!homeInRange) {
                t[hole] = t[j];
                h[hole] = h[j];
                t[j] = null;
                hole = j;
            }
        }
        return removed;
    }

    /** Every node, in table order. */
    void forEach(Consumer<DataNode> action) {
        for (DataNode n : table) {
            if (n != null) {
                action.accept(n);
            }
        }
    }

    /** Makes room for {@code expected} nodes in total without further growth. */
    void reserve(int expected) {
        int capacity = capacityFor(expected);
        if (capacity > table.length) {
            rehash(capacity);
        }
    }

    private void grow() {
        if (table.length >= MAX_CAPACITY) {
            throw new IllegalStateException("path table full at " + size + " znodes");
        }
        rehash(table.length << 1);
    }

    private void rehash(int capacity) {
        DataNode[] old = table;
        int[] oldHashes = hashes;
        allocate(capacity);
        DataNode[] t = table;
        int[] h = hashes;
        int mask = t.length - 1;
        for (int j = 0; j < old.length; j++) {
            if (old[j] != null) {
                int i = home(oldHashes[j]);
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = old[j];
                h[i] = oldHashes[j];
            }
        }
    }
}
