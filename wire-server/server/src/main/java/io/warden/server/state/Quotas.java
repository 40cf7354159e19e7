package io.warden.server.state;

import static io.warden.protocol.ErrorCode.OK;
import static io.warden.protocol.ErrorCode.QUOTAEXCEEDED;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Bytes;
import java.util.ArrayDeque;

/**
 * ZooKeeper's quotas, kept in the ordinary tree so that snapshots and replicas carry them with
 * no extra state. A path P has a quota while {@code /zookeeper/quota}P{@code /zookeeper_limits}
 * exists (zkCli's setquota creates it with the limits, then {@code zookeeper_stats} next to it).
 * The quota of a node is that of its deepest such ancestor-or-self, never {@code /}; ZooKeeper
 * keeps the same set in a path trie that it fills on create and delete of a limits node.
 *
 * <p>Maintenance, as ZooKeeper 3.9.5's DataTree does it (checked differentially by
 * QuotaScenarios): creating a {@code zookeeper_stats} node anywhere under {@code /zookeeper/quota}
 * overwrites its data with the count and bytes of the whole subtree of its path
 * ({@code count=N,bytes=M}, the node itself included); every later create, delete and setData
 * under a quota adds its differences to that stats node. Both rewrites replace only the data:
 * version, mzxid and mtime stay, and no watch fires.
 *
 * <p>Checks, as ZooKeeper 3.9.5's {@code checkQuota} does them: a create (count +1, bytes + data
 * length) or setData (bytes difference) that takes the subtree over a limit is logged as a
 * warning; over a hard limit ({@code countHardLimit}, {@code byteHardLimit}; when set it replaces
 * the soft one) it is refused with QUOTAEXCEEDED when {@code enforceQuota} is set. Inside a multi
 * the check reads the quota nodes as they were before the multi (ZooKeeper checks every op of a
 * multi against the committed tree before applying any), which is why the context keeps their
 * earlier state. One deliberate difference: ZooKeeper logs soft-limit warnings only when it
 * enforces quotas; this logs them always (rate-limited), since a soft quota is only a warning.
 *
 * <p>Thread-confined to the apply thread.
 */
final class Quotas {
    static final String LIMITS = "zookeeper_limits";
    static final String STATS = "zookeeper_stats";
    private static final String QUOTA_CHILDREN = DataTree.QUOTA + "/";
    private static final System.Logger LOG = System.getLogger(Quotas.class.getName());
    /** A repeated warning is logged at most once per this much transaction time (ZooKeeper's RateLogger). */
    private static final long WARNING_INTERVAL_MS = 100;

    /** A quota node as it was before the current multi changed it. */
    record Before(boolean existed, Bytes data) {
        static final Before ABSENT = new Before(false, null);
    }

    private final DataTree tree;
    private final boolean enforce;
    private String lastWarning;
    private long lastWarningMs;
    private long suppressedWarnings;

    Quotas(DataTree tree, boolean enforce) {
        this.tree = tree;
        this.enforce = enforce;
    }

    static String limitsPath(String quotaPath) {
        return DataTree.QUOTA + quotaPath + "/" + LIMITS;
    }

    static String statsPath(String quotaPath) {
        return DataTree.QUOTA + quotaPath + "/" + STATS;
    }

    /**
     * Checks a create ({@code countDiff} 1) or setData ({@code countDiff} 0) of {@code path}
     * against its quota: OK, or QUOTAEXCEEDED over a hard limit when enforcing.
     */
    ErrorCode check(ApplyContext c, String path, int countDiff, long bytesDiff) {
        String prefix = prefixOf(c, path, true);
        if (prefix == null) {
            return OK;
        }
        Before limitsNode = committed(c, limitsPath(prefix));
        if (!limitsNode.existed()) {
            return OK;
        }
        QuotaTrack limits = QuotaTrack.parse(limitsNode.data());
        boolean checkCount = countDiff != 0 && (limits.count() > -1 || limits.countHardLimit() > -1);
        boolean checkBytes = bytesDiff != 0 && (limits.bytes() > -1 || limits.byteHardLimit() > -1);
        if (!checkCount && !checkBytes) {
            return OK;
        }
        Before statsNode = committed(c, statsPath(prefix));
        if (!statsNode.existed()) {
            warn(c.timeMs, System.Logger.Level.ERROR, "Missing node for stat " + statsPath(prefix));
            return OK;
        }
        QuotaTrack usage = QuotaTrack.parse(statsNode.data());
        if (checkCount && exceeded(c, prefix, "count", usage.count() + countDiff, limits.countHardLimit(),
                limits.count())) {
            return QUOTAEXCEEDED;
        }
        if (checkBytes && exceeded(c, prefix, "bytes", usage.bytes() + bytesDiff, limits.byteHardLimit(),
                limits.bytes())) {
            return QUOTAEXCEEDED;
        }
        return OK;
    }

    /** Logs a limit passed; true if the write must be refused. */
    private boolean exceeded(ApplyContext c, String prefix, String what, long next, long hardLimit, long softLimit) {
        boolean hard = hardLimit > -1;
        long limit = hard ? hardLimit : softLimit;
        if (next <= limit) {
            return false;
        }
        String kind = what.equals("count") ? "CountLimit" : "ByteLimit";
        warn(c.timeMs, System.Logger.Level.WARNING, "Quota exceeded: " + prefix + " [current " + what + "=" + next
                + ", " + (hard ? "hard" : "soft") + kind + "=" + limit + "]");
        return hard && enforce;
    }

    /** Before {@code path} is created, deleted or its data replaced: keeps a quota node's state for checks. */
    void beforeChange(ApplyContext c, String path) {
        if (c.undo != null && isQuotaNode(path)) {
            c.quotaBefore.computeIfAbsent(path, this::current);
        }
    }

    /** After {@code node} was created: stats recount for a new stats node, then the usage update. */
    void created(ApplyContext c, DataNode node) {
        if (node.path.startsWith(DataTree.QUOTA)) {
            String parentPath = node.path.substring(0, node.path.lastIndexOf('/'));
            if (parentPath.startsWith(DataTree.QUOTA) && DataTree.nameOf(node.path).equals(STATS)) {
                recount(c, parentPath.substring(DataTree.QUOTA.length()));
            }
        }
        String prefix = prefixOf(c, node.path, false);
        if (prefix != null) {
            addUsage(c, prefix, 1, node.dataLength());
        }
    }

    /** After {@code node} was deleted. */
    void deleted(ApplyContext c, DataNode node) {
        String prefix = prefixOf(c, node.path, false);
        if (prefix != null) {
            addUsage(c, prefix, -1, -node.dataLength());
        }
    }

    /** After {@code node}'s data changed from {@code oldLength} bytes. */
    void dataChanged(ApplyContext c, DataNode node, int oldLength) {
        String prefix = prefixOf(c, node.path, false);
        if (prefix != null) {
            addUsage(c, prefix, 0, node.dataLength() - (long) oldLength);
        }
    }

    /**
     * The deepest ancestor-or-self of {@code path} (not {@code /}) with a limits node, in the live
     * tree or, when {@code committed}, as the tree was before the current multi.
     */
    private String prefixOf(ApplyContext c, String path, boolean committed) {
        DataNode quotaRoot = tree.get(DataTree.QUOTA);
        if (!quotaRoot.hasChildren() && (!committed || c.quotaBefore.isEmpty())) {
            return null;
        }
        String p = path;
        while (p.length() > 1) {
            String limits = limitsPath(p);
            if (committed ? committed(c, limits).existed() : tree.get(limits) != null) {
                return p;
            }
            int slash = p.lastIndexOf('/');
            p = slash <= 0 ? DataTree.ROOT : p.substring(0, slash);
        }
        return null;
    }

    private Before committed(ApplyContext c, String path) {
        Before before = c.quotaBefore.get(path);
        return before != null ? before : current(path);
    }

    private Before current(String path) {
        DataNode node = tree.get(path);
        return node == null ? Before.ABSENT : new Before(true, node.data());
    }

    private static boolean isQuotaNode(String path) {
        return path.startsWith(QUOTA_CHILDREN) && (path.endsWith("/" + LIMITS) || path.endsWith("/" + STATS));
    }

    /** Sets the stats node of {@code quotaPath} to the usage of its whole subtree. */
    private void recount(ApplyContext c, String quotaPath) {
        DataNode stats = tree.get(statsPath(quotaPath));
        if (stats == null) {
            return;
        }
        long count = 0;
        long bytes = 0;
        DataNode top = tree.get(quotaPath);
        if (top != null) {
            ArrayDeque<DataNode> stack = new ArrayDeque<>();
            stack.push(top);
            while (!stack.isEmpty()) {
                DataNode n = stack.pop();
                count++;
                bytes += n.dataLength();
                for (String name : n.children()) {
                    DataNode child = tree.get(DataTree.childPath(n, name));
                    if (child != null) {
                        stack.push(child);
                    }
                }
            }
        }
        replaceStats(c, stats, QuotaTrack.usage(count, bytes).toBytes());
    }

    private void addUsage(ApplyContext c, String prefix, int countDiff, long bytesDiff) {
        String path = statsPath(prefix);
        DataNode stats = tree.get(path);
        if (stats == null) {
            warn(c.timeMs, System.Logger.Level.ERROR, "Missing node for stat " + path);
            return;
        }
        replaceStats(c, stats, QuotaTrack.parse(stats.data()).plus(countDiff, bytesDiff).toBytes());
    }

    private void replaceStats(ApplyContext c, DataNode stats, Bytes data) {
        beforeChange(c, stats.path);
        if (c.undo != null) {
            c.undo.dataReplaced(stats);
        }
        tree.replaceData(stats, data);
    }

    /**
     * Logs {@code message} unless it repeats the previous one within
     * {@value #WARNING_INTERVAL_MS} ms of transaction time (ZooKeeper's RateLogger rule; the
     * transaction time keeps a replayed log logging alike). The next message logged says how many
     * repeats it held back.
     */
    private void warn(long timeMs, System.Logger.Level level, String message) {
        if (message.equals(lastWarning) && timeMs >= lastWarningMs && timeMs - lastWarningMs < WARNING_INTERVAL_MS) {
            suppressedWarnings++;
            return;
        }
        String suffix = suppressedWarnings == 0 ? "" : " (" + suppressedWarnings + " similar messages suppressed)";
        LOG.log(level, message + suffix);
        lastWarning = message;
        lastWarningMs = timeMs;
        suppressedWarnings = 0;
    }
}
