package io.warden.compat.ensemble;

import static io.warden.compat.ensemble.EnsembleChecks.WAIT;
import static io.warden.compat.ensemble.EnsembleChecks.WRITE_PACE;
import static io.warden.compat.ensemble.EnsembleChecks.assertAllReadBack;
import static io.warden.compat.ensemble.EnsembleChecks.awaitProgress;
import static io.warden.compat.ensemble.EnsembleChecks.connectStringOf;
import static io.warden.compat.ensemble.EnsembleChecks.eventually;
import static io.warden.compat.ensemble.EnsembleChecks.firstWrite;
import static io.warden.compat.ensemble.EnsembleChecks.soak;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ForkedEnsemble;
import io.warden.compat.harness.OfficialJavaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Faults on a 5-server ensemble of separate JVMs ({@link ForkedEnsemble}) with stock clients given
 * the connect string of all five (or of the part under test):
 *
 * <ul>
 *   <li>SIGKILL the leader under write load from the official Java client and Curator,
 *       {@value #DEFAULT_KILL_ROUNDS} rounds ({@value #SOAK_KILL_ROUNDS} under {@code -Psoak}):
 *       as {@link EnsembleChecks#leaderKillsUnderLoad}; failover times printed.
 *   <li>Partition by SIGSTOP of two servers (the leader and a follower, then two followers): the
 *       running three elect or keep a leader and acknowledged writes go on; after SIGCONT all five
 *       reach the same zxid and each serves every acknowledged write from its own copy.
 *   <li>Partition by SIGSTOP of a majority (three followers), leaving the leader and one follower
 *       running: no write sent to them succeeds, and they stop serving (the client sees
 *       {@code Disconnected}, {@code srvr} says not serving, a new session is not established);
 *       after SIGCONT all five reach the same zxid and hold the same children.
 * </ul>
 *
 * <p>One ensemble per class, left all serving by each test. Subclasses pick the server kind.
 */
abstract class AbstractFiveServerEnsembleTest extends AbstractForkedEnsembleTest {
    static final int DEFAULT_KILL_ROUNDS = 2;
    static final int SOAK_KILL_ROUNDS = 20;
    /** Session timeout of the load clients (election on 2 loaded cores takes seconds). */
    static final int SESSION_TIMEOUT_MS = 30_000;
    /** Session timeout of the client talking to the minority (ZooKeeper's minimum at tickTime 2000 is 4000). */
    static final int MINORITY_SESSION_TIMEOUT_MS = 6_000;
    /** How long a new session to the minority is given to (wrongly) be established. */
    static final Duration NEW_SESSION_WINDOW = Duration.ofSeconds(8);
    /**
     * Bound on how long the minority may keep serving after the majority stopped. ZooKeeper's
     * leader gives up after syncLimit*tickTime (10 s here) without a quorum; Warden's leader steps
     * down after the same, then its members stop serving after minSessionTimeout without a leader.
     * Generous for a loaded machine; the measured time is printed.
     */
    static final Duration STOP_SERVING_BOUND = Duration.ofSeconds(60);
    /** What ZooKeeper's four-letter words answer while the server has no quorum. */
    static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

    @Test
    void killingTheLeaderOfFiveUnderWriteLoadLosesNoAcknowledgedWriteNorSession() throws Exception {
        EnsembleChecks.leaderKillsUnderLoad(ensemble, soak() ? SOAK_KILL_ROUNDS : DEFAULT_KILL_ROUNDS,
                SESSION_TIMEOUT_MS);
    }

    @Test
    void stoppingTwoOfFiveLeavesAMajorityThatWritesOnAndEveryoneCatchesUp() throws Exception {
        String dir = "/minority-stopped-" + ensemble.kind().name().toLowerCase();
        List<KeeperState> states = Collections.synchronizedList(new ArrayList<>());
        try (ZooKeeper client = OfficialJavaClient.connect(ensemble.connectString(), SESSION_TIMEOUT_MS,
                WAIT, states::add);
                ZooKeeper probe = OfficialJavaClient.connect(ensemble.connectString(), SESSION_TIMEOUT_MS,
                        WAIT)) {
            long session = client.getSessionId();
            client.create(dir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            EnsembleWriter writer = new EnsembleWriter("official", dir, WRITE_PACE,
                    (path, data) -> client.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT)).start();
            try (writer) {
                for (boolean withLeader : new boolean[] {true, false}) {
                    awaitProgress(writer);
                    int leader = ensemble.awaitLeader(WAIT);
                    List<Integer> followers = ensemble.ids().stream().filter(id -> id != leader).toList();
                    List<Integer> stopped = withLeader ? List.of(leader, followers.get(0))
                            : List.of(followers.get(0), followers.get(1));
                    Deadline sincePause = Deadline.after(WAIT);
                    for (int id : stopped) {
                        ensemble.pause(id);
                    }
                    try {
                        Duration firstWrite = firstWrite(probe, dir + "-probe-" + stopped, sincePause);
                        int majorityLeader = ensemble.awaitLeader(WAIT);
                        assertFalse(stopped.contains(majorityLeader));
                        int before = writer.acknowledgedCount();
                        eventually(WAIT, () -> writer.acknowledgedCount() >= before + 20 ? Boolean.TRUE : null);
                        // Stopping two followers need not change the leader, but a loaded machine may
                        // still see an election: printed, not asserted.
                        System.out.printf("%s 5-server ensemble: stopped %s (leader %d): first write after %d ms,"
                                + " majority leader %d, %s%n", ensemble.kind(), stopped, leader,
                                firstWrite.toMillis(), majorityLeader, writer);
                    } finally {
                        for (int id : stopped) {
                            ensemble.resume(id);
                        }
                    }
                    ensemble.awaitAllServing(WAIT);
                }
            }
            long zxid = ensemble.awaitSameZxid(WAIT);
            System.out.printf("%s 5-server ensemble: after SIGCONT all at zxid 0x%x; %s%n", ensemble.kind(),
                    zxid, writer);
            assertFalse(states.contains(KeeperState.Expired), "states: " + states);
            assertEquals(session, client.getSessionId());
            List<String> acked = writer.acknowledged();
            for (int id : ensemble.ids()) {
                // No sync: each server's own copy must hold every acknowledged write.
                try (ZooKeeper single = OfficialJavaClient.connect(ensemble.connectString(id),
                        SESSION_TIMEOUT_MS, WAIT)) {
                    assertAllReadBack(single, dir, acked);
                }
            }
        }
    }

    @Test
    void aMinorityOfTwoAcknowledgesNoWriteAndStopsServingThenCatchesUp() throws Exception {
        String dir = "/majority-stopped-" + ensemble.kind().name().toLowerCase();
        int leader = ensemble.awaitLeader(WAIT);
        List<Integer> followers = ensemble.ids().stream().filter(id -> id != leader).toList();
        List<Integer> minority = List.of(leader, followers.get(0));
        List<Integer> majority = followers.subList(1, followers.size());
        String minorityConnect = connectStringOf(ensemble, minority);
        List<KeeperState> states = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        List<String> sent = new ArrayList<>();
        try (ZooKeeper client = OfficialJavaClient.connect(minorityConnect, MINORITY_SESSION_TIMEOUT_MS,
                WAIT, states::add)) {
            client.create(dir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Deadline sincePause = Deadline.after(STOP_SERVING_BOUND);
            for (int id : majority) {
                ensemble.pause(id);
            }
            Duration disconnectedAfter = null;
            Duration notServingAfter = null;
            try {
                // Writes keep going to the minority (one every 100 ms, async, so some are in flight
                // at the leader when it loses the quorum) until the client has seen Disconnected
                // and neither member serves any more.
                for (int i = 0; i < 100_000 && (disconnectedAfter == null || notServingAfter == null); i++) {
                    assertFalse(sincePause.expired(), () -> "after " + STOP_SERVING_BOUND + " the minority "
                            + minority + " still serves: client states " + states + ", srvr modes "
                            + ensemble.describeModes());
                    String path = dir + "/w-" + i;
                    sent.add(path);
                    client.create(path, path.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT, (rc, p, ctx, name) -> answers.put(p, rc), null);
                    if (disconnectedAfter == null && states.contains(KeeperState.Disconnected)) {
                        disconnectedAfter = sincePause.elapsed();
                    }
                    // srvr only once disconnected: it may take seconds to answer, and the writes
                    // should keep their pace meanwhile.
                    if (disconnectedAfter != null && notServingAfter == null
                            && minority.stream().allMatch(this::saysNotServing)) {
                        notServingAfter = sincePause.elapsed();
                    }
                    Thread.sleep(100);
                }
                List<String> succeeded = succeeded(answers);
                assertEquals(List.of(), succeeded, "writes acknowledged by the minority " + minority);
                // A new session is not established on the minority either.
                CountDownLatch connected = new CountDownLatch(1);
                ZooKeeper fresh = new ZooKeeper(minorityConnect, MINORITY_SESSION_TIMEOUT_MS, event -> {
                    if (event.getState() == KeeperState.SyncConnected) {
                        connected.countDown();
                    }
                });
                try {
                    assertFalse(connected.await(NEW_SESSION_WINDOW.toMillis(), TimeUnit.MILLISECONDS),
                            "a new session was established on the minority " + minority);
                } finally {
                    fresh.close();
                }
                assertTrue(minority.stream().allMatch(this::saysNotServing),
                        () -> "the minority serves again: " + ensemble.describeModes());
                assertEquals(List.of(), succeeded(answers), "writes acknowledged by the minority " + minority);
                System.out.printf("%s 5-server ensemble: majority %s stopped: minority %s client Disconnected"
                        + " after %d ms, both not serving after %d ms; %d writes sent, none acknowledged"
                        + " (answers %s)%n", ensemble.kind(), majority, minority, disconnectedAfter.toMillis(),
                        notServingAfter.toMillis(), sent.size(), codes(answers));
            } finally {
                for (int id : majority) {
                    ensemble.resume(id);
                }
            }
            ensemble.awaitAllServing(WAIT);
            // Every write was answered, none with success (requests queued while disconnected fail at once).
            eventually(WAIT, () -> answers.size() == sent.size() ? Boolean.TRUE : null);
            assertEquals(List.of(), succeeded(answers), "writes acknowledged by the minority " + minority);
        }
        long zxid = ensemble.awaitSameZxid(WAIT);
        // Consistent after healing: every server holds the same children (an unacknowledged write
        // the old leader had logged may or may not have survived the election, on all alike).
        Map<Integer, TreeSet<String>> children = new TreeMap<>();
        for (int id : ensemble.ids()) {
            try (ZooKeeper single = OfficialJavaClient.connect(ensemble.connectString(id),
                    SESSION_TIMEOUT_MS, WAIT)) {
                children.put(id, new TreeSet<>(single.getChildren(dir, false)));
            }
        }
        System.out.printf("%s 5-server ensemble: healed, all at zxid 0x%x, children of %s: %s%n",
                ensemble.kind(), zxid, dir, children.get(1));
        assertEquals(1, children.values().stream().distinct().count(), "children differ: " + children);
        try (ZooKeeper again = OfficialJavaClient.connect(minorityConnect, SESSION_TIMEOUT_MS, WAIT)) {
            again.create(dir + "/after-heal", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    /**
     * Whether server {@code id} answers {@code srvr} with ZooKeeper's "not currently serving
     * requests" (no answer, or a slow one, is not taken for it).
     */
    private boolean saysNotServing(int id) {
        try {
            return ensemble.fourLetterWord(id, "srvr").contains(NOT_SERVING);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> succeeded(Map<String, Integer> answers) {
        return answers.entrySet().stream()
                .filter(e -> e.getValue() == KeeperException.Code.OK.intValue())
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static Map<String, Long> codes(Map<String, Integer> answers) {
        Map<String, Long> counts = new TreeMap<>();
        answers.values().forEach(rc -> counts.merge(KeeperException.Code.get(rc).name(), 1L, Long::sum));
        return counts;
    }
}
