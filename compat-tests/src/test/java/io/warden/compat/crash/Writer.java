package io.warden.compat.crash;

import io.warden.compat.harness.Deadline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One load session of the crash test and the exact model of the subtree only it writes:
 * {@code ROOT/k/k0..k7} (setData with expected versions), {@code ROOT/s/n-NNNNNNNNNN} (persistent
 * sequential creates) and {@code ROOT/m/...} (created by a multi {create + setData + check},
 * deleted with an expected version). Every acknowledged write updates {@link #expected}; the one
 * request that fails with connection loss at the kill is kept as {@link Pending} and resolved
 * from what the restarted server shows: applied completely, or not at all.
 *
 * <p>Thread-confined: the load runs on one thread per cycle, verification on the controller
 * thread after joining it (the join orders the two).
 */
final class Writer {
    static final int KEYS = 8;
    private static final int MAX_FILLER = 48;

    /** A request whose outcome is unknown: it failed with connection loss at the kill. */
    sealed interface Pending {
        /** setData(path, data, before.version). */
        record SetData(String path, Znode before, String data) implements Pending {}

        /** create(ROOT/s/n-, data, PERSISTENT_SEQUENTIAL). */
        record SeqCreate(String data) implements Pending {}

        /** multi(create(createPath, data), setData(setPath, data, before.version), check(..)). */
        record Multi(String createPath, String setPath, Znode before, String data) implements Pending {}

        /** delete(path, before.version). */
        record Delete(String path, Znode before) implements Pending {}
    }

    private final int index;
    private final TrackedClient client;
    private final String root;
    private final SplittableRandom random;
    private final TreeMap<String, Znode> expected = new TreeMap<>();
    private final List<String> liveMultiNodes = new ArrayList<>();
    private final Set<String> deleted = new HashSet<>();
    private final List<Violation> violations = new ArrayList<>();
    private long maxSequenceSuffix = -1;
    private long maxAckedZxid;
    private long opCount;
    private long ackedThisCycle;
    private Pending pending;
    private boolean lastPendingApplied;

    Writer(int index, TrackedClient client, String root, SplittableRandom random) {
        this.index = index;
        this.client = client;
        this.root = root;
        this.random = random;
    }

    /** Creates the subtree (before the first cycle); every create is acknowledged and modelled. */
    void setUp() throws KeeperException, InterruptedException {
        ZooKeeper zk = client.zk();
        for (String dir : List.of(root, root + "/k", root + "/s", root + "/m")) {
            zk.create(dir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        for (int k = 0; k < KEYS; k++) {
            Stat stat = new Stat();
            String data = "w" + index + " init k" + k;
            String path = zk.create(keyPath(k), bytes(data), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, stat);
            acknowledge(path, new Znode(data, stat.getVersion(), stat.getMzxid(), 0));
        }
    }

    /** The directories whose children the model covers. */
    List<String> directories() {
        return List.of(root + "/k", root + "/s", root + "/m");
    }

    TrackedClient client() {
        return client;
    }

    /**
     * Runs the load of one cycle until {@code stop}, {@code maxOps}, the deadline, or the first
     * request that fails (connection loss at the kill: kept as {@link #pending()}).
     */
    void runLoad(int cycle, AtomicBoolean stop, AtomicLong acks, int maxOps, Deadline deadline) {
        ackedThisCycle = 0;
        for (int i = 0; i < maxOps && !stop.get() && !deadline.expired(); i++) {
            long op = opCount++;
            String data = "w" + index + " c" + cycle + " o" + op + " " + "x".repeat(random.nextInt(MAX_FILLER));
            int choice = random.nextInt(100);
            Pending attempt;
            if (choice < 35 || (choice >= 85 && liveMultiNodes.isEmpty())) {
                String path = keyPath(random.nextInt(KEYS));
                attempt = new Pending.SetData(path, expected.get(path), data);
            } else if (choice < 60) {
                attempt = new Pending.SeqCreate(data);
            } else if (choice < 85) {
                String path = keyPath(random.nextInt(KEYS));
                attempt = new Pending.Multi(root + "/m/c" + cycle + "-o" + op, path, expected.get(path), data);
            } else {
                String path = liveMultiNodes.get(random.nextInt(liveMultiNodes.size()));
                attempt = new Pending.Delete(path, expected.get(path));
            }
            try {
                execute(attempt);
                ackedThisCycle++;
                acks.incrementAndGet();
            } catch (KeeperException.ConnectionLossException e) {
                pending = attempt;
                return;
            } catch (KeeperException.SessionExpiredException e) {
                pending = attempt;
                violations.add(new Violation(cycle, Violation.Kind.SESSION_LOST, "writer " + index
                        + " session 0x" + Long.toHexString(client.sessionId()) + " expired during the load"));
                return;
            } catch (KeeperException e) {
                pending = attempt;
                violations.add(new Violation(cycle, Violation.Kind.UNEXPECTED_ERROR, "writer " + index
                        + ": " + attempt + " failed with " + e.code() + " (" + e.getMessage() + ")"));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pending = attempt;
                return;
            } catch (RuntimeException e) {
                pending = attempt;
                violations.add(new Violation(cycle, Violation.Kind.UNEXPECTED_ERROR, "writer " + index
                        + ": " + attempt + " threw " + e));
                return;
            }
        }
    }

    private void execute(Pending attempt) throws KeeperException, InterruptedException {
        ZooKeeper zk = client.zk();
        if (attempt instanceof Pending.SetData set) {
            Stat stat = zk.setData(set.path(), bytes(set.data()), set.before().version());
            acknowledge(set.path(), new Znode(set.data(), stat.getVersion(), stat.getMzxid(), 0));
        } else if (attempt instanceof Pending.SeqCreate seq) {
            Stat stat = new Stat();
            String path = zk.create(root + "/s/n-", bytes(seq.data()), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL, stat);
            acknowledgeSequential(path, new Znode(seq.data(), stat.getVersion(), stat.getMzxid(), 0));
        } else if (attempt instanceof Pending.Multi multi) {
            String other = keyPath((keyIndex(multi.setPath()) + 1 + random.nextInt(KEYS - 1)) % KEYS);
            List<OpResult> results = zk.multi(List.of(
                    Op.create(multi.createPath(), bytes(multi.data()), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT),
                    Op.setData(multi.setPath(), bytes(multi.data()), multi.before().version()),
                    Op.check(other, expected.get(other).version())));
            Stat stat = ((OpResult.SetDataResult) results.get(1)).getStat();
            acknowledge(multi.createPath(), new Znode(multi.data(), 0, stat.getMzxid(), 0));
            acknowledge(multi.setPath(), new Znode(multi.data(), stat.getVersion(), stat.getMzxid(), 0));
            liveMultiNodes.add(multi.createPath());
        } else if (attempt instanceof Pending.Delete delete) {
            zk.delete(delete.path(), delete.before().version());
            forget(delete.path());
        }
    }

    /**
     * Creates one more sequential node through {@code zk} (after a restart) and checks it sorts
     * above all others; returns its stat, or null (and a violation) if the subtree is gone.
     */
    Stat probeSequence(ZooKeeper zk, int cycle, List<Violation> out)
            throws KeeperException, InterruptedException {
        Stat stat = new Stat();
        String data = "w" + index + " c" + cycle + " probe";
        String path;
        try {
            path = zk.create(root + "/s/n-", bytes(data), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL, stat);
        } catch (KeeperException.NoNodeException e) {
            out.add(new Violation(cycle, Violation.Kind.LOST_WRITE, root + "/s: acknowledged parent"
                    + " is gone, cannot create a sequential node under it"));
            return null;
        }
        long suffix = suffixOf(path);
        if (suffix <= maxSequenceSuffix) {
            out.add(new Violation(cycle, Violation.Kind.SEQUENCE_BACKWARDS, path + ": a sequential create"
                    + " after the restart got suffix " + suffix + ", not above the highest existing "
                    + maxSequenceSuffix));
        }
        acknowledgeSequential(path, new Znode(data, stat.getVersion(), stat.getMzxid(), 0));
        return stat;
    }

    /**
     * Compares the model with {@code actual} (every child of {@link #directories()} as read from
     * the restarted server): resolves the pending request first, then reports every acknowledged
     * node that is missing or different and every node the model does not know. Returns how many
     * nodes were checked.
     */
    int verify(int cycle, Map<String, Znode> actual, List<Violation> out) {
        out.addAll(violations);
        violations.clear();
        lastPendingApplied = false;
        if (pending != null) {
            lastPendingApplied = resolve(cycle, pending, actual, out);
            pending = null;
        }
        for (Map.Entry<String, Znode> entry : expected.entrySet()) {
            String path = entry.getKey();
            Znode want = entry.getValue();
            Znode got = actual.get(path);
            if (got == null) {
                out.add(new Violation(cycle, Violation.Kind.LOST_WRITE, path + ": acknowledged "
                        + want + " but the node is missing"));
            } else if (!want.sameAs(got)) {
                boolean older = got.version() < want.version() || got.mzxid() < want.mzxid();
                out.add(new Violation(cycle, older ? Violation.Kind.LOST_WRITE : Violation.Kind.WRONG_STATE,
                        path + ": acknowledged " + want + " but the server has " + got));
            }
        }
        for (Map.Entry<String, Znode> entry : actual.entrySet()) {
            String path = entry.getKey();
            if (expected.containsKey(path)) {
                continue;
            }
            if (deleted.contains(path)) {
                out.add(new Violation(cycle, Violation.Kind.LOST_WRITE, path + " " + entry.getValue()
                        + ": its delete was acknowledged but the node is back"));
            } else {
                out.add(new Violation(cycle, Violation.Kind.UNEXPECTED_NODE, path + " " + entry.getValue()
                        + ": no acknowledged or in-flight write created it"));
            }
        }
        return expected.size();
    }

    /** Resolves the in-flight request from what the server shows; true if it was applied. */
    private boolean resolve(int cycle, Pending what, Map<String, Znode> actual, List<Violation> out) {
        if (what instanceof Pending.SetData set) {
            Znode got = actual.get(set.path());
            if (got != null && got.data().equals(set.data()) && got.version() == set.before().version() + 1
                    && got.mzxid() > set.before().mzxid()) {
                acknowledge(set.path(), got);
                return true;
            }
        } else if (what instanceof Pending.SeqCreate seq) {
            String prefix = root + "/s/";
            List<String> unknown = actual.keySet().stream()
                    .filter(p -> p.startsWith(prefix) && !expected.containsKey(p)).toList();
            if (unknown.size() == 1) {
                Znode got = actual.get(unknown.get(0));
                if (got.data().equals(seq.data()) && got.version() == 0) {
                    long suffix = suffixOf(unknown.get(0));
                    if (suffix <= maxSequenceSuffix) {
                        out.add(new Violation(cycle, Violation.Kind.SEQUENCE_BACKWARDS, unknown.get(0)
                                + ": the in-flight sequential create got suffix " + suffix
                                + ", not above acknowledged " + maxSequenceSuffix));
                    }
                    acknowledgeSequential(unknown.get(0), got);
                    return true;
                }
            }
        } else if (what instanceof Pending.Multi multi) {
            Znode created = actual.get(multi.createPath());
            Znode set = actual.get(multi.setPath());
            boolean createApplied = created != null && created.data().equals(multi.data());
            boolean setApplied = set != null && set.data().equals(multi.data())
                    && set.version() == multi.before().version() + 1;
            if (createApplied && setApplied && created.mzxid() == set.mzxid()
                    && created.version() == 0) {
                acknowledge(multi.createPath(), created);
                acknowledge(multi.setPath(), set);
                liveMultiNodes.add(multi.createPath());
                return true;
            } else if (createApplied || setApplied) {
                out.add(new Violation(cycle, Violation.Kind.PARTIAL_MULTI, "multi in flight at the"
                        + " kill: create " + multi.createPath() + " -> " + created + ", setData "
                        + multi.setPath() + " (before " + multi.before() + ") -> " + set));
                // Adopt what is there so that the same fault is not reported twice below.
                if (createApplied) {
                    acknowledge(multi.createPath(), created);
                    liveMultiNodes.add(multi.createPath());
                }
                if (setApplied) {
                    acknowledge(multi.setPath(), set);
                }
            }
        } else if (what instanceof Pending.Delete delete) {
            if (!actual.containsKey(delete.path())) {
                forget(delete.path());
                return true;
            }
        }
        return false;
    }

    /** The highest zxid of an acknowledged write of this writer. */
    long maxAckedZxid() {
        return maxAckedZxid;
    }

    /** Writes acknowledged in the last load phase. */
    long ackedThisCycle() {
        return ackedThisCycle;
    }

    /** Whether the last {@link #verify} found the request in flight at the kill applied. */
    boolean lastPendingApplied() {
        return lastPendingApplied;
    }

    /** Whether a request was in flight at the kill (resolved by the next {@link #verify}). */
    boolean hasPending() {
        return pending != null;
    }

    private void acknowledge(String path, Znode state) {
        expected.put(path, state);
        maxAckedZxid = Math.max(maxAckedZxid, state.mzxid());
    }

    private void acknowledgeSequential(String path, Znode state) {
        acknowledge(path, state);
        maxSequenceSuffix = Math.max(maxSequenceSuffix, suffixOf(path));
    }

    private void forget(String path) {
        expected.remove(path);
        deleted.add(path);
        liveMultiNodes.remove(path);
    }

    private String keyPath(int k) {
        return root + "/k/k" + k;
    }

    private static int keyIndex(String keyPath) {
        return Integer.parseInt(keyPath.substring(keyPath.lastIndexOf("/k") + 2));
    }

    private static long suffixOf(String sequentialPath) {
        return Long.parseLong(sequentialPath.substring(sequentialPath.length() - 10));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
