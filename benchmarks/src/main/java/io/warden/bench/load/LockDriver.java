package io.warden.bench.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The lock workload, ZooKeeper's herd-free lock recipe on one lock shared by every session:
 * create an ephemeral-sequential child of the lock directory, list the children, and if ours is
 * the lowest we hold the lock; otherwise watch (exists) only the child just below ours and wait
 * for its deletion, then list again. The holder releases at once (deletes its child) and queues
 * again. One operation is one acquisition (a handoff when several sessions compete); the latency
 * is from the create being sent to holding the lock, queueing behind the others included.
 *
 * <p>Uses the official client's synchronous API: one request in flight per session, whatever
 * {@code --inflight} says. Thread-confined to its driver thread apart from the watch latch (set on
 * the event thread) and the thread-safe tally.
 */
final class LockDriver extends TalliedDriver {
    /** How long a contender waits for its predecessor's deletion before giving up. */
    static final long WAIT_TIMEOUT_MS = 30_000;
    /** Bound on acquisition attempts' inner list-and-watch loop. */
    private static final int MAX_CHECKS = 10_000;

    private final ZooKeeper zk;
    private final String lockDir;
    private final MonotonicClock clock;

    LockDriver(ZooKeeper zk, String lockDir, MonotonicClock clock) {
        this.zk = zk;
        this.lockDir = lockDir;
        this.clock = clock;
    }

    @Override
    public void drive(Window window) throws InterruptedException {
        tally.window(window);
        while (window.open(clock.nanos())) {
            long start = clock.nanos();
            String mine = null;
            try {
                mine = zk.create(lockDir + "/lock-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.EPHEMERAL_SEQUENTIAL);
                String failure = acquire(mine);
                if (failure == null) {
                    tally.ok(start, clock.nanos());
                } else {
                    tally.error(failure, start);
                }
            } catch (KeeperException e) {
                tally.error(e.code().name(), start);
            } finally {
                if (mine != null) {
                    release(mine, start);
                }
            }
        }
    }

    /** Waits until {@code mine} is the lowest child; null when held, else why not. */
    private String acquire(String mine) throws KeeperException, InterruptedException {
        String myName = mine.substring(lockDir.length() + 1);
        for (int check = 0; check < MAX_CHECKS; check++) {
            List<String> children = zk.getChildren(lockDir, false);
            String below = null;
            for (String c : children) {
                if (c.compareTo(myName) < 0 && (below == null || c.compareTo(below) > 0)) {
                    below = c;
                }
            }
            if (below == null) {
                return children.contains(myName) ? null : "LOCK_NODE_MISSING";
            }
            CountDownLatch gone = new CountDownLatch(1);
            Stat s = zk.exists(lockDir + "/" + below, event -> gone.countDown());
            if (s != null && !gone.await(WAIT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                return "LOCK_WAIT_TIMEOUT";
            }
        }
        return "LOCK_TOO_MANY_CHECKS";
    }

    private void release(String mine, long start) throws InterruptedException {
        try {
            zk.delete(mine, -1);
        } catch (KeeperException e) {
            tally.error("RELEASE_" + e.code().name(), start);
        }
    }

    @Override
    public int drain(long timeoutMs) {
        return 0;
    }
}
