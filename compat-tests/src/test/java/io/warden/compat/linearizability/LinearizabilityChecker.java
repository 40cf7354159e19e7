package io.warden.compat.linearizability;

import io.warden.compat.harness.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides whether a {@link History} of operations on one znode is linearizable with respect to
 * ZooKeeper's register semantics, by the Wing &amp; Gong linear search with Lowe's memoization (the
 * algorithm of Knossos' "linear" checker and of Porcupine): walk the events in time order,
 * tentatively linearize any invoked operation the model accepts, backtrack when an operation's
 * completion is reached before it was linearized, and never explore the same
 * (set of linearized operations, model state) twice.
 *
 * <p>The model, a znode's (data, version):
 * <ul>
 *   <li>OK {@code getData} (plain or after {@code sync}) must observe exactly the current data
 *       and version (or NONODE when absent);
 *   <li>OK {@code setData(v, -1)} requires the znode to exist, sets the data, increments the
 *       version by one and must report that new version;
 *   <li>OK {@code setData(v, e)} additionally requires the current version to be {@code e};
 *   <li>FAIL {@code BADVERSION} is an observation too: at its linearization point the version was
 *       not {@code e} (and the znode existed); FAIL {@code NONODE}: the znode was absent; other
 *       FAILs did nothing and are left out;
 *   <li>INFO writes may be linearized anywhere after their invocation, or never; INFO reads
 *       constrain nothing and are left out.
 * </ul>
 * Pruning that keeps INFO writes from making the search exponential (sound because versions only
 * grow by one per write): an INFO write may not produce a version that an OK write reported, and
 * one whose value (written by no other operation) an OK read saw at version u may only produce u.
 *
 * <p>The linearized set is memoized as two independent 64-bit Zobrist hashes (plus the exact
 * model state), so a cache hit is wrong only on a 128-bit hash collision (probability below
 * 2^-80 at the cache bound): 16 bytes per entry instead of a bit set per entry.
 *
 * <p>Bounded: gives up with {@link Verdict#INCONCLUSIVE} once {@link Bounds#time()} has passed or
 * the cache holds {@link Bounds#maxCacheEntries()} entries; never hangs. Memory is at most about
 * 64 bytes per cache entry plus a few arrays of the history's size.
 *
 * <p>Stateless; {@link #check} confines its search state to the calling thread.
 */
public final class LinearizabilityChecker {
    private static final int DEADLINE_CHECK_EVERY = 4096;
    private static final int CONTEXT_OPS = 8;
    private static final int CONCURRENT_OPS_SHOWN = 12;

    private LinearizabilityChecker() {}

    /** How far the search may go before giving up. */
    public record Bounds(Duration time, int maxCacheEntries) {
        /** 60 s and 4 million memoized configurations (about 250 MB at most). */
        public static final Bounds DEFAULT = new Bounds(Duration.ofSeconds(60), 4_000_000);

        public Bounds {
            if (time.isNegative() || maxCacheEntries < 1) {
                throw new IllegalArgumentException("bad bounds: " + time + ", " + maxCacheEntries);
            }
        }
    }

    /** The answer. */
    public enum Verdict {
        /** A linearization exists. */
        LINEARIZABLE,
        /** No linearization exists (the whole space was searched). */
        NOT_LINEARIZABLE,
        /** A bound was hit first. */
        INCONCLUSIVE
    }

    /**
     * The verdict and what the search cost.
     *
     * @param verdict the answer
     * @param explanation for NOT_LINEARIZABLE the counterexample (where the search got stuck:
     *     the state and the last operations linearized on the deepest path, the operation that
     *     could not be placed and the operations concurrent with it); for INCONCLUSIVE which
     *     bound was hit; else a one-line summary
     * @param opsChecked operations that take part in the search (after leaving out INFO reads and
     *     FAILs that prove nothing)
     * @param steps operations tentatively linearized, backtracking included
     * @param cacheEntries memoized configurations at the end
     * @param elapsed search time
     */
    public record Result(Verdict verdict, String explanation, int opsChecked, long steps,
            int cacheEntries, Duration elapsed) {
        /** Whether the verdict is LINEARIZABLE. */
        public boolean linearizable() {
            return verdict == Verdict.LINEARIZABLE;
        }

        @Override
        public String toString() {
            return verdict + " (" + opsChecked + " ops, " + steps + " steps, " + cacheEntries
                    + " cached, " + elapsed.toMillis() + " ms): " + explanation;
        }
    }

    /** Checks with {@link Bounds#DEFAULT}. */
    public static Result check(History history) {
        return check(history, Bounds.DEFAULT);
    }

    /** Checks {@code history} within {@code bounds}. */
    public static Result check(History history, Bounds bounds) {
        return new Search(history, bounds).run();
    }

    // Operation kinds after translation to the model.
    private static final int READ = 0;        // must observe (arg value, arg version)
    private static final int WRITE = 1;       // exists; -> (value, version + 1); OK: reported == version + 1
    private static final int CAS = 2;         // version == expected; -> (value, expected + 1)
    private static final int NOT_EXPECTED = 3; // BADVERSION: exists and version != expected
    private static final int ABSENT = 4;      // NONODE: absent

    /** The search over one history; confined to the thread that calls {@link #run}. */
    private static final class Search {
        private final History history;
        private final Bounds bounds;
        private final Deadline deadline;
        private final List<Op> ops = new ArrayList<>();
        private final Map<String, Integer> valueIds = new HashMap<>();
        private final List<String> values = new ArrayList<>();
        private int[] kind;
        private int[] argValue;
        private int[] argVersion;
        private int[] reported; // OK write: version the server reported; else -1 (unknown)
        private int[] onlyVersion; // INFO write: the version it must produce if it takes effect; else -1
        private final BitSet claimed = new BitSet(); // versions reported by OK writes
        private long[] zobrist1;
        private long[] zobrist2;

        // Entries: 2 per op (call, return), sorted by time; a doubly linked list through them.
        private int[] entryOp;
        private boolean[] entryIsCall;
        private int[] match; // call entry -> return entry
        private int[] next;
        private int[] prev;
        private int head; // sentinel index
        private boolean[] infiniteReturn;

        private long steps;
        private int bestDepth = -1;
        private String bestContext = "";

        Search(History history, Bounds bounds) {
            this.history = history;
            this.bounds = bounds;
            this.deadline = Deadline.after(bounds.time());
            valueIds.put(null, 0);
            values.add(null);
        }

        private int valueId(String value) {
            Integer id = valueIds.get(value);
            if (id == null) {
                id = values.size();
                valueIds.put(value, id);
                values.add(value);
            }
            return id;
        }

        private static long state(int valueId, int version) {
            return ((long) valueId << 32) | (version & 0xffffffffL);
        }

        private static int valueOf(long state) {
            return (int) (state >>> 32);
        }

        private static int versionOf(long state) {
            return (int) state;
        }

        private String describe(long state) {
            String value = values.get(valueOf(state));
            return value == null ? "absent" : "\"" + value + "\"@v" + versionOf(state);
        }

        /** Translates the history into model operations, leaving out those that constrain nothing. */
        private void translate() {
            List<int[]> rows = new ArrayList<>();
            for (Op op : history.ops()) {
                int[] row = translate(op);
                if (row != null) {
                    ops.add(op);
                    rows.add(row);
                }
            }
            int n = ops.size();
            kind = new int[n];
            argValue = new int[n];
            argVersion = new int[n];
            reported = new int[n];
            zobrist1 = new long[n];
            zobrist2 = new long[n];
            SplittableRandom random = new SplittableRandom(0x5eed_11ea_2b1eL);
            for (int i = 0; i < n; i++) {
                int[] row = rows.get(i);
                kind[i] = row[0];
                argValue[i] = row[1];
                argVersion[i] = row[2];
                reported[i] = row[3];
                zobrist1[i] = random.nextLong();
                zobrist2[i] = random.nextLong();
            }
            pruneInfoWrites();
        }

        /**
         * Where an INFO write may take effect. Versions only grow and each write produces the next
         * one, so a version reported by an OK write is produced by that write and no other: an
         * INFO write may not produce it ({@link #claimed}). And if exactly one write in the
         * history writes a value and an OK read saw that value at version u, that write, if it is
         * an INFO write, can only produce u. Without this every INFO write is a candidate at every
         * step and the search is exponential in their number.
         */
        private void pruneInfoWrites() {
            int n = ops.size();
            Map<Integer, Integer> writers = new HashMap<>();
            Map<Integer, Integer> seenAt = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if ((kind[i] == WRITE || kind[i] == CAS) && reported[i] >= 0) {
                    claimed.set(reported[i]);
                } else if (kind[i] == READ) {
                    seenAt.putIfAbsent(argValue[i], argVersion[i]);
                }
            }
            // Every write of the history counts, FAILed ones too: uniqueness is about the history.
            for (Op op : history.ops()) {
                if (op.call() instanceof Op.Call.Cas cas) {
                    writers.merge(valueId(cas.value()), 1, Integer::sum);
                } else if (op.call() instanceof Op.Call.Write write) {
                    writers.merge(valueId(write.value()), 1, Integer::sum);
                }
            }
            // The initial value was written before the history, by someone else.
            writers.merge(valueId(history.initial().value()), 1, Integer::sum);
            onlyVersion = new int[n];
            for (int i = 0; i < n; i++) {
                onlyVersion[i] = -1;
                if ((kind[i] == WRITE || kind[i] == CAS) && reported[i] < 0
                        && writers.get(argValue[i]) == 1 && seenAt.containsKey(argValue[i])) {
                    onlyVersion[i] = seenAt.get(argValue[i]);
                }
            }
        }

        private int[] translate(Op op) {
            boolean read = op.call() instanceof Op.Call.Read || op.call() instanceof Op.Call.SyncRead;
            switch (op.outcome()) {
                case INFO -> {
                    if (read) {
                        return null;
                    }
                    return write(op, -1);
                }
                case OK -> {
                    if (read) {
                        Op.Result.Observed seen = (Op.Result.Observed) op.result();
                        return new int[] {READ, valueId(seen.value()), seen.version(), -1};
                    }
                    return write(op, ((Op.Result.Written) op.result()).newVersion());
                }
                case FAIL -> {
                    String code = ((Op.Result.Failed) op.result()).code();
                    if ("NONODE".equals(code)) {
                        return new int[] {ABSENT, 0, -1, -1};
                    }
                    if ("BADVERSION".equals(code) && op.call() instanceof Op.Call.Cas cas) {
                        return new int[] {NOT_EXPECTED, 0, cas.expectedVersion(), -1};
                    }
                    return null;
                }
                default -> throw new IllegalStateException(op.outcome().toString());
            }
        }

        private int[] write(Op op, int reportedVersion) {
            if (op.call() instanceof Op.Call.Cas cas) {
                return new int[] {CAS, valueId(cas.value()), cas.expectedVersion(), reportedVersion};
            }
            Op.Call.Write write = (Op.Call.Write) op.call();
            return new int[] {WRITE, valueId(write.value()), -1, reportedVersion};
        }

        /** The state after op {@code i} from {@code state}, or -1 if the model refuses it. */
        private long step(long state, int i) {
            int version = versionOf(state);
            boolean exists = valueOf(state) != 0;
            switch (kind[i]) {
                case READ:
                    return state == state(argValue[i], argVersion[i]) ? state : -1;
                case WRITE:
                    if (!exists || !mayProduce(i, version + 1)) {
                        return -1;
                    }
                    return state(argValue[i], version + 1);
                case CAS:
                    if (!exists || version != argVersion[i] || !mayProduce(i, version + 1)) {
                        return -1;
                    }
                    return state(argValue[i], version + 1);
                case NOT_EXPECTED:
                    return exists && version != argVersion[i] ? state : -1;
                case ABSENT:
                    return exists ? -1 : state;
                default:
                    throw new IllegalStateException("kind " + kind[i]);
            }
        }

        private boolean mayProduce(int i, int newVersion) {
            if (reported[i] >= 0) {
                return reported[i] == newVersion;
            }
            return !claimed.get(newVersion) && (onlyVersion[i] < 0 || onlyVersion[i] == newVersion);
        }

        private void buildEntries() {
            int n = ops.size();
            Integer[] order = new Integer[2 * n];
            for (int e = 0; e < 2 * n; e++) {
                order[e] = e;
            }
            // Entry e: op e / 2, call if even. Sort by time; calls before returns at equal times
            // (touching intervals count as concurrent); then by op index.
            Arrays.sort(order, (a, b) -> {
                int c = Long.compare(time(a), time(b));
                if (c != 0) {
                    return c;
                }
                c = Integer.compare(a & 1, b & 1);
                return c != 0 ? c : Integer.compare(a >> 1, b >> 1);
            });
            entryOp = new int[2 * n];
            entryIsCall = new boolean[2 * n];
            infiniteReturn = new boolean[2 * n];
            match = new int[2 * n];
            next = new int[2 * n + 1];
            prev = new int[2 * n + 1];
            int[] callEntryOf = new int[n];
            int[] returnEntryOf = new int[n];
            for (int pos = 0; pos < 2 * n; pos++) {
                int e = order[pos];
                entryOp[pos] = e >> 1;
                entryIsCall[pos] = (e & 1) == 0;
                if (entryIsCall[pos]) {
                    callEntryOf[e >> 1] = pos;
                } else {
                    returnEntryOf[e >> 1] = pos;
                    infiniteReturn[pos] = ops.get(e >> 1).completeNanos() == Op.NEVER;
                }
            }
            for (int i = 0; i < n; i++) {
                match[callEntryOf[i]] = returnEntryOf[i];
            }
            head = 2 * n;
            next[head] = 2 * n == 0 ? -1 : 0;
            prev[head] = -1;
            for (int pos = 0; pos < 2 * n; pos++) {
                prev[pos] = pos == 0 ? head : pos - 1;
                next[pos] = pos + 1 < 2 * n ? pos + 1 : -1;
            }
        }

        private long time(int e) {
            Op op = ops.get(e >> 1);
            return (e & 1) == 0 ? op.invokeNanos() : op.completeNanos();
        }

        private void lift(int call) {
            next[prev[call]] = next[call];
            if (next[call] >= 0) {
                prev[next[call]] = prev[call];
            }
            int ret = match[call];
            next[prev[ret]] = next[ret];
            if (next[ret] >= 0) {
                prev[next[ret]] = prev[ret];
            }
        }

        private void unlift(int call) {
            int ret = match[call];
            next[prev[ret]] = ret;
            if (next[ret] >= 0) {
                prev[next[ret]] = ret;
            }
            next[prev[call]] = call;
            if (next[call] >= 0) {
                prev[next[call]] = call;
            }
        }

        Result run() {
            translate();
            buildEntries();
            int n = ops.size();
            TripleSet cache = new TripleSet();
            int[] stackCall = new int[n];
            long[] stackState = new long[n];
            int depth = 0;
            long state = state(valueId(history.initial().value()), history.initial().version());
            long h1 = 0;
            long h2 = 0;
            int entry = next[head];
            long iterations = 0;
            while (entry >= 0) {
                if ((++iterations & (DEADLINE_CHECK_EVERY - 1)) == 0 && deadline.expired()) {
                    return result(Verdict.INCONCLUSIVE, "gave up after the time bound of " + bounds.time()
                            + " with " + depth + " of " + n + " ops linearized on the current path", cache);
                }
                if (entryIsCall[entry]) {
                    int op = entryOp[entry];
                    long after = step(state, op);
                    if (after >= 0) {
                        steps++;
                        long n1 = h1 ^ zobrist1[op];
                        long n2 = h2 ^ zobrist2[op];
                        if (cache.add(after, n1, n2)) {
                            if (cache.size() >= bounds.maxCacheEntries()) {
                                return result(Verdict.INCONCLUSIVE, "gave up at the cache bound of "
                                        + bounds.maxCacheEntries() + " configurations", cache);
                            }
                            stackCall[depth] = entry;
                            stackState[depth] = state;
                            depth++;
                            state = after;
                            h1 = n1;
                            h2 = n2;
                            lift(entry);
                            entry = next[head];
                            continue;
                        }
                    }
                    entry = next[entry];
                } else {
                    if (infiniteReturn[entry]) {
                        break; // every op with a finite completion is linearized
                    }
                    if (depth > bestDepth) {
                        remember(depth, stackCall, state, entryOp[entry]);
                    }
                    if (depth == 0) {
                        return result(Verdict.NOT_LINEARIZABLE, bestContext, cache);
                    }
                    depth--;
                    int call = stackCall[depth];
                    state = stackState[depth];
                    int op = entryOp[call];
                    h1 ^= zobrist1[op];
                    h2 ^= zobrist2[op];
                    unlift(call);
                    entry = next[call];
                }
            }
            return result(Verdict.LINEARIZABLE, "linearized every op with a known outcome ("
                    + depth + " ops, INFO writes included)", cache);
        }

        private void remember(int depth, int[] stackCall, long state, int stuckOp) {
            bestDepth = depth;
            StringBuilder out = new StringBuilder();
            Op stuck = ops.get(stuckOp);
            out.append("no linearization. Deepest path: ").append(depth).append(" of ").append(ops.size())
                    .append(" ops linearized, ending with:\n");
            for (int d = Math.max(0, depth - CONTEXT_OPS); d < depth; d++) {
                out.append("    ").append(ops.get(entryOp[stackCall[d]]).describe()).append('\n');
            }
            out.append("  state there: ").append(describe(state)).append('\n');
            out.append("  stuck: ").append(stuck.describe())
                    .append(" completed before any placement of it (or of the ops it must follow) fit\n");
            out.append("  ops concurrent with it:\n");
            int shown = 0;
            for (Op other : ops) {
                if (other != stuck && other.invokeNanos() <= stuck.completeNanos()
                        && other.completeNanos() >= stuck.invokeNanos()) {
                    if (shown++ == CONCURRENT_OPS_SHOWN) {
                        out.append("    ...\n");
                        break;
                    }
                    out.append("    ").append(other.describe()).append('\n');
                }
            }
            bestContext = out.toString();
        }

        private Result result(Verdict verdict, String explanation, TripleSet cache) {
            Duration elapsed = bounds.time().minus(deadline.remaining());
            return new Result(verdict, explanation, ops.size(), steps, cache.size(), elapsed);
        }
    }

    /**
     * A set of (state, hash1, hash2) triples in open-addressed arrays, doubling at half load.
     * Confined to one search.
     */
    private static final class TripleSet {
        private long[] a = new long[1 << 12];
        private long[] b = new long[1 << 12];
        private long[] c = new long[1 << 12];
        private boolean[] used = new boolean[1 << 12];
        private int size;

        int size() {
            return size;
        }

        /** Adds the triple; false if it was there. */
        boolean add(long x, long y, long z) {
            if (2 * (size + 1) > used.length) {
                grow();
            }
            int mask = used.length - 1;
            int slot = (int) mix(x, y, z) & mask;
            while (used[slot]) {
                if (a[slot] == x && b[slot] == y && c[slot] == z) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            used[slot] = true;
            a[slot] = x;
            b[slot] = y;
            c[slot] = z;
            size++;
            return true;
        }

        private static long mix(long x, long y, long z) {
            long h = x * 0x9E3779B97F4A7C15L ^ y ^ Long.rotateLeft(z, 29);
            h ^= h >>> 31;
            h *= 0xBF58476D1CE4E5B9L;
            return h ^ (h >>> 29);
        }

        private void grow() {
            long[] oa = a;
            long[] ob = b;
            long[] oc = c;
            boolean[] ou = used;
            int capacity = ou.length * 2;
            a = new long[capacity];
            b = new long[capacity];
            c = new long[capacity];
            used = new boolean[capacity];
            size = 0;
            for (int i = 0; i < ou.length; i++) {
                if (ou[i]) {
                    add(oa[i], ob[i], oc[i]);
                }
            }
        }
    }
}
