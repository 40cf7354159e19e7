package io.warden.compat.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ForkedEnsemble;
import io.warden.compat.harness.OfficialJavaClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * What the ensemble fault tests share: the leader-kill-under-load scenario (run on 3 and on 5
 * servers), client helpers and read-back assertions. Stateless; each method is confined to its
 * caller's thread apart from the {@link EnsembleWriter} threads it starts and stops.
 */
final class EnsembleChecks {
    /** Bound of every wait for the ensemble (election on 2 loaded cores takes seconds). */
    static final Duration WAIT = Duration.ofSeconds(120);
    /** Pause of a load writer after each acknowledged create. */
    static final Duration WRITE_PACE = Duration.ofMillis(10);

    private EnsembleChecks() {}

    /** Whether the run is a soak ({@code -Psoak}). */
    static boolean soak() {
        return "true".equals(System.getProperty("warden.soak"));
    }

    /** The connect string of the servers {@code ids} only. */
    static String connectStringOf(ForkedEnsemble ensemble, Collection<Integer> ids) {
        return ids.stream().map(ensemble::connectString).collect(Collectors.joining(","));
    }

    /**
     * SIGKILLs the leader {@code rounds} times under write load from the official Java client and
     * Curator (both given every server), restarting it after each failover, and asserts: no
     * session expired or was LOST, both ephemerals stay with their owners, every acknowledged
     * write is read back after a sync. Returns the failover times (kill to the first successful
     * create of a probe client), also printed.
     */
    static List<Duration> leaderKillsUnderLoad(ForkedEnsemble ensemble, int rounds, int sessionTimeoutMs)
            throws Exception {
        String dir = "/kill" + ensemble.size() + "-" + ensemble.kind().name().toLowerCase();
        List<KeeperState> officialStates = Collections.synchronizedList(new ArrayList<>());
        List<ConnectionState> curatorStates = Collections.synchronizedList(new ArrayList<>());
        List<Duration> failovers = new ArrayList<>();
        try (ZooKeeper official = OfficialJavaClient.connect(ensemble.connectString(),
                        sessionTimeoutMs, WAIT, officialStates::add);
                ZooKeeper probe = OfficialJavaClient.connect(ensemble.connectString(),
                        sessionTimeoutMs, WAIT);
                CuratorFramework curator = curator(ensemble.connectString(), sessionTimeoutMs)) {
            curator.getConnectionStateListenable().addListener((c, state) -> curatorStates.add(state));
            official.create(dir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            long officialSession = official.getSessionId();
            long curatorSession = curator.getZookeeperClient().getZooKeeper().getSessionId();
            official.create(dir + "-eph-official", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL);
            curator.create().withMode(CreateMode.EPHEMERAL).forPath(dir + "-eph-curator");

            EnsembleWriter officialWriter = new EnsembleWriter("official", dir, WRITE_PACE,
                    (path, data) -> official.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT)).start();
            EnsembleWriter curatorWriter = new EnsembleWriter("curator", dir, WRITE_PACE,
                    (path, data) -> curator.create().forPath(path, data)).start();
            try (officialWriter; curatorWriter) {
                for (int round = 1; round <= rounds; round++) {
                    awaitProgress(officialWriter, curatorWriter);
                    int leader = ensemble.awaitLeader(WAIT);
                    Deadline sinceKill = Deadline.after(WAIT);
                    ensemble.kill(leader);
                    Duration failover = firstWrite(probe, dir + "-probe-" + round, sinceKill);
                    failovers.add(failover);
                    int newLeader = ensemble.awaitLeader(WAIT);
                    System.out.printf("%s %d-server ensemble: round %d: killed leader %d, first write after %d ms,"
                            + " new leader %d%n", ensemble.kind(), ensemble.size(), round, leader,
                            failover.toMillis(), newLeader);
                    ensemble.restart(leader);
                    ensemble.awaitAllServing(WAIT);
                }
                awaitProgress(officialWriter, curatorWriter);
            }
            List<Long> ms = failovers.stream().map(Duration::toMillis).sorted().toList();
            System.out.printf("%s %d-server ensemble: failover (kill -9 leader -> first write) ms: %s, median %d;"
                    + " writers %s, %s%n", ensemble.kind(), ensemble.size(),
                    failovers.stream().map(Duration::toMillis).toList(), ms.get(ms.size() / 2),
                    officialWriter, curatorWriter);

            assertFalse(officialStates.contains(KeeperState.Expired), "official states: " + officialStates);
            assertFalse(curatorStates.contains(ConnectionState.LOST), "Curator states: " + curatorStates);
            assertEquals(officialSession, official.getSessionId());
            assertEquals(curatorSession, curator.getZookeeperClient().getZooKeeper().getSessionId());
            assertTrue(officialWriter.acknowledgedCount() > 0 && curatorWriter.acknowledgedCount() > 0,
                    officialWriter + " " + curatorWriter);

            try (ZooKeeper reader = OfficialJavaClient.connect(ensemble.connectString(),
                    sessionTimeoutMs, WAIT)) {
                sync(reader, "/");
                assertEquals(officialSession, ephemeralOwner(reader, dir + "-eph-official"));
                assertEquals(curatorSession, ephemeralOwner(reader, dir + "-eph-curator"));
                List<String> acked = new ArrayList<>(officialWriter.acknowledged());
                acked.addAll(curatorWriter.acknowledged());
                assertAllReadBack(reader, dir, acked);
            }
            official.delete(dir + "-eph-official", -1);
        }
        return failovers;
    }

    /** A started Curator client connected to {@code connectString} (fails the test if not within {@link #WAIT}). */
    static CuratorFramework curator(String connectString, int sessionTimeoutMs) throws InterruptedException {
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(15_000)
                .retryPolicy(new RetryUntilElapsed(60_000, 100))
                .build();
        curator.start();
        if (!curator.blockUntilConnected((int) WAIT.toSeconds(), TimeUnit.SECONDS)) {
            curator.close();
            fail("Curator not connected to " + connectString + " within " + WAIT);
        }
        return curator;
    }

    /** Waits until each writer acknowledged a few more writes (the load is flowing). */
    static void awaitProgress(EnsembleWriter... writers) throws Exception {
        for (EnsembleWriter writer : writers) {
            int before = writer.acknowledgedCount();
            eventually(WAIT, () -> writer.acknowledgedCount() >= before + 5 ? Boolean.TRUE : null);
        }
    }

    /** Creates {@code path} through {@code client} until it succeeds; returns the time since {@code since} began. */
    static Duration firstWrite(ZooKeeper client, String path, Deadline since) throws Exception {
        KeeperException last = null;
        for (int attempt = 0; attempt < 100_000 && !since.expired(); attempt++) {
            try {
                client.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                return since.elapsed();
            } catch (KeeperException.NodeExistsException e) {
                return since.elapsed(); // an earlier attempt was applied, its answer lost
            } catch (KeeperException e) {
                last = e;
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no write succeeded within " + since.budget() + " after the fault", last);
    }

    static long ephemeralOwner(ZooKeeper client, String path) throws Exception {
        Stat stat = client.exists(path, false);
        assertNotNull(stat, path + " is gone");
        return stat.getEphemeralOwner();
    }

    static void sync(ZooKeeper client, String path) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger rc = new AtomicInteger();
        client.sync(path, (code, p, ctx) -> {
            rc.set(code);
            done.countDown();
        }, null);
        assertTrue(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "sync unanswered");
        assertEquals(KeeperException.Code.OK.intValue(), rc.get(), "sync");
    }

    /** Every path in {@code paths} is a child of {@code dir} and holds its own path as data. */
    static void assertAllReadBack(ZooKeeper client, String dir, List<String> paths) throws Exception {
        Set<String> children = new HashSet<>(client.getChildren(dir, false));
        List<String> missing = paths.stream()
                .filter(p -> !children.contains(p.substring(p.lastIndexOf('/') + 1))).toList();
        assertTrue(missing.isEmpty(), missing.size() + " of " + paths.size()
                + " acknowledged writes are missing, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        Map<String, byte[]> data = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(paths.size());
        for (String path : paths) {
            client.getData(path, false, (rc, p, ctx, bytes, stat) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    data.put(p, bytes);
                }
                answered.countDown();
            }, null);
        }
        assertTrue(answered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "reads unanswered");
        for (String path : paths) {
            assertArrayEquals(path.getBytes(StandardCharsets.UTF_8), data.get(path), path);
        }
    }

    /** Polls {@code probe} until it returns non-null (exceptions count as "not yet"). */
    static <T> T eventually(Duration timeout, Callable<T> probe) throws Exception {
        Deadline deadline = Deadline.after(timeout);
        Exception last = null;
        for (int poll = 0; poll < 1_000_000; poll++) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (KeeperException e) {
                last = e;
            }
            if (deadline.expired()) {
                break;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + timeout, last);
    }
}
