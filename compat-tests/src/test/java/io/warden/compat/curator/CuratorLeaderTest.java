package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.CancelLeadershipException;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link LeaderLatch} and {@link LeaderSelector} with three participants, each on its own
 * client: exactly one leader at a time; leadership moves when the leader leaves; it is kept across
 * a server restart (the session, and so the leader's node, survives; the participants use
 * {@link SessionConnectionStateErrorPolicy} so a short disconnect is not treated as loss) and
 * moves to another participant when the leader's session is expired.
 */
class CuratorLeaderTest extends CuratorTestBase {
    private static final int PARTICIPANTS = 3;
    private static final Duration STABLE = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void leaderLatchElectsExactlyOneAndHandsOver(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            List<LeaderLatch> latches = startLatches(clients, "/latch", false);
            try {
                LeaderLatch first = awaitSingleLeader(latches);
                assertEquals(latches.get(0), first, "the first to join leads");
                for (LeaderLatch l : latches) {
                    assertEquals("l0", l.getLeader().getId(), "every participant sees the same leader");
                    assertEquals(PARTICIPANTS, l.getParticipants().size());
                }
                first.close();
                latches.remove(first);
                LeaderLatch second = awaitSingleLeader(latches);
                assertEquals("l1", second.getId(), "the next in line takes over");
                assertTrue(second.await(1, TimeUnit.SECONDS));
                assertEquals(PARTICIPANTS - 1, second.getParticipants().size());
            } finally {
                closeAll(latches);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void leaderLatchKeepsItsLeaderAcrossRestart(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            List<LeaderLatch> latches = startLatches(clients, "/latchr", true);
            try {
                LeaderLatch leader = awaitSingleLeader(latches);
                clients.restartServer();
                Eventually.await("every latch sees all participants again after the restart",
                        () -> latches.stream().allMatch(l -> participants(l).size() == PARTICIPANTS));
                assertEquals(leader, awaitSingleLeader(latches), "the same leader after the restart");
                for (LeaderLatch l : latches) {
                    assertEquals(leader.getId(), l.getLeader().getId());
                }
            } finally {
                closeAll(latches);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void leaderLatchMovesWhenTheLeadersSessionExpires(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            List<CuratorFramework> owners = new ArrayList<>();
            List<LeaderLatch> latches = startLatches(clients, "/latche", false, owners);
            try {
                LeaderLatch leader = awaitSingleLeader(latches);
                clients.expire(owners.get(latches.indexOf(leader)));
                Eventually.await("the old leader re-joins under its new session",
                        () -> latches.stream().allMatch(l -> participants(l).size() == PARTICIPANTS));
                LeaderLatch next = awaitSingleLeader(latches);
                assertNotEquals(leader.getId(), next.getId(), "leadership moved to another participant");
                assertEquals(next.getId(), leader.getLeader().getId(), "the old leader follows the new one");
            } finally {
                closeAll(latches);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void leaderSelectorRotatesOneLeaderAtATime(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind);
                Selectors s = new Selectors(clients, "/selector", false)) {
            List<String> order = new ArrayList<>();
            for (int round = 0; round < PARTICIPANTS + 1; round++) {
                String leader = s.awaitLeader();
                order.add(leader);
                s.release(leader);
                Eventually.await("leadership released", () -> !leader.equals(s.current.get()));
            }
            assertEquals(0, s.overlaps.get(), "never two leaders at once");
            assertEquals(List.of("s0", "s1", "s2", "s0"), order, "requeued participants take turns");
            assertTrue(s.selectors.get(0).getParticipants().stream().anyMatch(Participant::isLeader));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void leaderSelectorKeepsItsLeaderAcrossRestart(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind);
                Selectors s = new Selectors(clients, "/selectorr", true)) {
            String leader = s.awaitLeader();
            int terms = s.terms.get();
            clients.restartServer();
            Eventually.sleep(STABLE);
            assertEquals(leader, s.awaitLeader(), "the leader kept its term across the restart");
            assertEquals(terms, s.terms.get(), "no new term started");
            assertEquals(leader, s.selectors.get(0).getLeader().getId());
            assertEquals(0, s.overlaps.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void leaderSelectorMovesWhenTheLeadersSessionExpires(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind);
                Selectors s = new Selectors(clients, "/selectore", true)) {
            String leader = s.awaitLeader();
            clients.expire(s.owners.get(Integer.parseInt(leader.substring(1))));
            Eventually.await("a new term", () -> {
                String now = s.current.get();
                return now != null && !now.equals(leader);
            }, () -> String.valueOf(s.current.get()));
            String next = s.current.get();
            for (LeaderSelector selector : s.selectors) {
                Eventually.await("every selector sees " + next + " lead",
                        () -> next.equals(leaderId(selector)), () -> leaderId(selector));
            }
        }
    }

    private static List<LeaderLatch> startLatches(CuratorClients clients, String path, boolean sessionPolicy)
            throws Exception {
        return startLatches(clients, path, sessionPolicy, new ArrayList<>());
    }

    private static List<LeaderLatch> startLatches(CuratorClients clients, String path, boolean sessionPolicy,
            List<CuratorFramework> owners) throws Exception {
        List<LeaderLatch> latches = new ArrayList<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            CuratorFramework c = sessionPolicy
                    ? clients.connect(b -> b.connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy()))
                    : clients.connect();
            owners.add(c);
            LeaderLatch latch = new LeaderLatch(c, path, "l" + i);
            latches.add(latch);
            latch.start();
            // Join in order, so the expected leader is known.
            Eventually.await("l" + i + " joined", () -> participants(latch).size() == latches.size());
        }
        return latches;
    }

    /** Waits until exactly one latch leads, and still only that one a moment later. */
    private static LeaderLatch awaitSingleLeader(List<LeaderLatch> latches) {
        AtomicReference<LeaderLatch> found = new AtomicReference<>();
        Eventually.await("exactly one leader", Eventually.DEFAULT_TIMEOUT, () -> {
            List<LeaderLatch> leaders = latches.stream().filter(LeaderLatch::hasLeadership).toList();
            if (leaders.size() != 1) {
                return false;
            }
            Eventually.sleep(STABLE);
            List<LeaderLatch> again = latches.stream().filter(LeaderLatch::hasLeadership).toList();
            found.set(again.size() == 1 ? again.get(0) : null);
            return again.equals(leaders);
        }, () -> latches.stream().map(l -> l.getId() + "=" + l.hasLeadership()).toList().toString());
        return found.get();
    }

    private static List<Participant> participants(LeaderLatch latch) {
        try {
            return List.copyOf(latch.getParticipants());
        } catch (Exception e) {
            return List.of();
        }
    }

    private static String leaderId(LeaderSelector selector) {
        try {
            return selector.getLeader().getId();
        } catch (Exception e) {
            return "(" + e + ")";
        }
    }

    private static void closeAll(List<LeaderLatch> latches) throws Exception {
        for (LeaderLatch l : latches) {
            if (l.getState() == LeaderLatch.State.STARTED) {
                l.close();
            }
        }
    }

    /**
     * Three auto-requeued selectors whose leaders hold leadership until released, counting terms
     * and overlapping terms. Leadership is cancelled on {@code LOST} (and, unless
     * {@code keepOnSuspend}, on {@code SUSPENDED}, as {@code LeaderSelectorListenerAdapter} does).
     */
    private static final class Selectors implements AutoCloseable {
        final List<LeaderSelector> selectors = new ArrayList<>();
        final List<CuratorFramework> owners = new ArrayList<>();
        final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
        final AtomicReference<String> current = new AtomicReference<>();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger terms = new AtomicInteger();

        Selectors(CuratorClients clients, String path, boolean keepOnSuspend) throws Exception {
            for (int i = 0; i < PARTICIPANTS; i++) {
                String id = "s" + i;
                CuratorFramework c = keepOnSuspend
                        ? clients.connect(b -> b.connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy()))
                        : clients.connect();
                owners.add(c);
                LeaderSelector selector = new LeaderSelector(c, path, listener(id, keepOnSuspend));
                selector.setId(id);
                selector.autoRequeue();
                selectors.add(selector);
                selector.start();
                LeaderSelector first = selectors.get(0);
                int joined = selectors.size();
                Eventually.await(id + " joined", () -> participantCount(first) == joined);
            }
        }

        private LeaderSelectorListener listener(String id, boolean keepOnSuspend) {
            return new LeaderSelectorListener() {
                @Override
                public void takeLeadership(CuratorFramework client) throws Exception {
                    CountDownLatch release = new CountDownLatch(1);
                    releases.put(id, release);
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    terms.incrementAndGet();
                    current.set(id);
                    try {
                        release.await(120, TimeUnit.SECONDS);
                    } finally {
                        current.compareAndSet(id, null);
                        inside.decrementAndGet();
                    }
                }

                @Override
                public void stateChanged(CuratorFramework client, ConnectionState newState) {
                    if (newState == ConnectionState.LOST
                            || (!keepOnSuspend && newState == ConnectionState.SUSPENDED)) {
                        throw new CancelLeadershipException();
                    }
                }
            };
        }

        String awaitLeader() {
            Eventually.await("a leader", () -> current.get() != null);
            return current.get();
        }

        void release(String id) {
            CountDownLatch latch = releases.get(id);
            if (latch != null) {
                latch.countDown();
            }
        }

        private static int participantCount(LeaderSelector s) {
            try {
                return s.getParticipants().size();
            } catch (Exception e) {
                return -1;
            }
        }

        /** Releases every leader and closes every selector (their clients close with {@link CuratorClients}). */
        @Override
        public void close() {
            releases.values().forEach(CountDownLatch::countDown);
            for (LeaderSelector s : selectors) {
                s.close();
            }
        }
    }
}
