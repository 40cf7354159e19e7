package io.warden.recipe.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.ClientTestSupport;
import io.warden.client.ConnectionState;
import io.warden.client.TxnOp;
import io.warden.client.WardenClient;
import io.warden.client.testing.ChaosProxy;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.recipe.support.ZPaths;
import io.warden.recipe.testing.ChaosHistory;
import io.warden.recipe.testing.Histories;
import io.warden.recipe.testing.RecipeTestBase;
import io.warden.recipe.testing.StaleSessionScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The leader scenarios (LeaderLatch, LeaderElection), run against Warden (recipes) and real
 * ZooKeeper 3.9.5 (compat-tests): one leader, participants readable by others, hand-over waking
 * exactly one participant, relinquish, SUSPENDED / RECONNECTED / LOST under both loss policies,
 * server restart, a lost create reply, a context cancelled (and its thread interrupted) the moment
 * leadership may be lost, and a chaos run checked for at most one leader per epoch.
 */
public abstract class AbstractLeaderTest extends RecipeTestBase {
    private static final Duration SHORT = Duration.ofMillis(300);

    private String dir() {
        return base + "/election";
    }

    /** Records a latch's listener calls: "leader:<epoch>" and "not". */
    private static final class Recorder implements LeaderLatchListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void isLeader(long epoch) {
            calls.add("leader:" + epoch);
        }

        @Override
        public void notLeader() {
            calls.add("not");
        }
    }

    private LeaderLatch latch(String id, LeaderOptions options) throws Exception {
        WardenClient c = client(id);
        LeaderLatch l = new LeaderLatch(c, dir(), id, options);
        clientsByLatch.put(l, c);
        return closeLater(l);
    }

    /** Starts latches one by one so that their order in line is their order in the list. */
    private List<LeaderLatch> startInOrder(int n, LeaderOptions options) throws Exception {
        List<LeaderLatch> latches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LeaderLatch l = latch("p" + i, options);
            l.start();
            int k = i + 1;
            eventually("p" + i + " in line", () -> childrenQuietly(dir()).size() == k);
            latches.add(l);
        }
        return latches;
    }

    @Test
    void oneLeaderAndParticipantsReadableByOthers() throws Exception {
        List<LeaderLatch> latches = startInOrder(3, LeaderOptions.defaults());
        assertTrue(latches.get(0).await(WAIT));
        assertFalse(latches.get(1).await(SHORT));
        assertFalse(latches.get(2).hasLeadership());
        List<Participant> seen = LeaderLatch.participants(admin, dir()).get();
        assertEquals(List.of("p0", "p1", "p2"), seen.stream().map(Participant::id).toList());
        assertEquals(List.of(true, false, false), seen.stream().map(Participant::isLeader).toList());
        for (Participant p : seen) {
            assertTrue(p.nodeName().matches("_c_[0-9a-f-]{36}-latch-\\d{10}"), p.nodeName());
        }
        Stat leaderNode = admin.blocking().exists(ZPaths.join(dir(), seen.get(0).nodeName())).orElseThrow();
        assertEquals(leaderNode.czxid(), latches.get(0).epoch(), "the epoch is the leader node's czxid");
        assertEquals(-1, latches.get(1).epoch());
        assertEquals("p0", latches.get(2).leader().orElseThrow().id());
    }

    @Test
    void closingTheLeaderWakesExactlyTheNextOne() throws Exception {
        int n = 5;
        List<LeaderLatch> latches = startInOrder(n, LeaderOptions.defaults());
        List<Recorder> recorders = new ArrayList<>();
        for (LeaderLatch l : latches) {
            Recorder r = new Recorder();
            l.addListener(r);
            recorders.add(r);
        }
        assertTrue(latches.get(0).await(WAIT));
        // Each participant must be waiting (watching its predecessor) before the hand-overs are
        // counted: a predecessor gone before the watch is set is found by a read, not a wake-up.
        eventually("every participant watches its predecessor", () -> everyoneWatchesItsPredecessor(latches));
        long firstEpoch = latches.get(0).epoch();
        long lastEpoch = firstEpoch;
        for (int i = 0; i < n - 1; i++) {
            long before = wakeups(latches);
            latches.get(i).close();
            assertTrue(latches.get(i + 1).await(WAIT));
            for (LeaderLatch l : latches) {
                settle(clientOf(l)); // a herd's wake-ups would all have been counted by now
            }
            assertEquals(1, wakeups(latches) - before, "a leader's exit wakes exactly one participant");
            assertTrue(latches.get(i + 1).epoch() > lastEpoch, "epochs increase");
            lastEpoch = latches.get(i + 1).epoch();
            for (int j = i + 2; j < n; j++) {
                assertEquals(List.of(), recorders.get(j).calls, "p" + j + " was not disturbed");
            }
        }
        assertEquals(List.of("leader:" + firstEpoch, "not"), recorders.get(0).calls);
        List<String> p1 = recorders.get(1).calls;
        assertEquals(2, p1.size(), "p1: " + p1);
        assertTrue(p1.get(0).startsWith("leader:") && p1.get(1).equals("not"), "p1: " + p1);
        latches.get(n - 1).close();
        assertNoOrphans(base);
    }

    @Test
    void relinquishMovesToTheBackOfTheLine() throws Exception {
        List<LeaderLatch> latches = startInOrder(3, LeaderOptions.defaults());
        assertTrue(latches.get(0).await(WAIT));
        latches.get(0).relinquish();
        assertTrue(latches.get(1).await(WAIT));
        eventually("p0 back in line", () -> participantIds().equals(List.of("p1", "p2", "p0")));
        assertFalse(latches.get(0).hasLeadership());
    }

    @Test
    void suspendedLosesAndReconnectedRegainsLeadership() throws Exception {
        List<LeaderLatch> latches = startInOrder(2, LeaderOptions.defaults());
        Recorder leader = new Recorder();
        Recorder other = new Recorder();
        latches.get(0).addListener(leader);
        latches.get(1).addListener(other);
        assertTrue(latches.get(0).await(WAIT));
        long epoch = latches.get(0).epoch();
        eventually("told", () -> leader.calls.size() == 1);
        ClientTestSupport.forceConnectionLoss(clientOf(latches.get(0)));
        eventually("not leader while suspended, leader again after reconnecting",
                () -> leader.calls.equals(List.of("leader:" + epoch, "not", "leader:" + epoch)));
        assertEquals(epoch, latches.get(0).epoch(), "same node, same epoch");
        assertEquals(List.of(), other.calls);
    }

    @Test
    void onLostPolicyKeepsLeadershipThroughSuspended() throws Exception {
        List<LeaderLatch> latches = startInOrder(2, LeaderOptions.defaults().withLossPolicy(LossPolicy.ON_LOST));
        Recorder leader = new Recorder();
        assertTrue(latches.get(0).await(WAIT));
        latches.get(0).addListener(leader);
        WardenClient c0 = clientOf(latches.get(0));
        List<ConnectionState> states = recordStates(c0);
        ClientTestSupport.forceConnectionLoss(c0);
        eventually("reconnected", () -> states.contains(ConnectionState.RECONNECTED));
        settle(c0); // the latch has handled both states and re-read its node
        assertTrue(latches.get(0).hasLeadership());
        assertEquals(1, leader.calls.size(), "only the call made on addListener: " + leader.calls);
    }

    @Test
    void sessionExpiryElectsTheNextAndTheOldLeaderRejoins() throws Exception {
        List<LeaderLatch> latches = startInOrder(2, LeaderOptions.defaults());
        Recorder old = new Recorder();
        latches.get(0).addListener(old);
        assertTrue(latches.get(0).await(WAIT));
        long oldEpoch = latches.get(0).epoch();
        WardenClient c0 = clientOf(latches.get(0));
        long oldSession = c0.sessionId();
        ClientTestSupport.forceSessionExpiry(c0);
        assertTrue(latches.get(1).await(WAIT));
        assertTrue(latches.get(1).epoch() > oldEpoch);
        eventually("the old leader re-joined at the back in its new session",
                () -> participantIds().equals(List.of("p1", "p0")) && c0.sessionId() != oldSession);
        eventually("the old leader was told", () -> old.calls.contains("not"));
        assertFalse(latches.get(0).hasLeadership());
    }

    @Test
    void leadershipSurvivesServerRestart() throws Exception {
        List<LeaderLatch> latches = startInOrder(2, LeaderOptions.defaults());
        Recorder other = new Recorder();
        latches.get(1).addListener(other);
        assertTrue(latches.get(0).await(WAIT));
        long epoch = latches.get(0).epoch();
        restartServerAndAwaitReconnected(clientOf(latches.get(0)), clientOf(latches.get(1)));
        eventually("leader again after the restart", () -> latches.get(0).hasLeadership()
                && clientOf(latches.get(0)).state().isConnected());
        assertEquals(epoch, latches.get(0).epoch());
        assertEquals(List.of(), other.calls, "the other participant never led");
        assertEquals(List.of("p0", "p1"), participantIds());
    }

    @Test
    void lostCreateReplyIsRecoveredForALatch() throws Exception {
        ChaosProxy proxy = chaosProxy();
        WardenClient c = clientTo(proxy.connectString(), "cut", b -> { });
        admin.blocking().create(dir(), null, OPEN, CreateMode.PERSISTENT);
        proxy.cutAfter(f -> f.request() instanceof CreateRequest cr && cr.path().startsWith(dir() + "/"));
        LeaderLatch latch = closeLater(new LeaderLatch(c, dir(), "solo"));
        latch.start();
        assertTrue(latch.await(WAIT));
        assertEquals(1, proxy.cuts());
        assertEquals(1, children(dir()).size(), "one node: the recovered one");
        latch.close();
        assertNoOrphans(base);
    }

    /**
     * The grant-time session check: p1's "am I first?" answer was read in its old session and is
     * processed only after its client declared that session lost (own timer) and started a new one,
     * while the server still holds the old session and its node (see {@link StaleSessionScenario}).
     * The latch must not lead with that node; it deletes it and leads with a node of its new session.
     */
    @Test
    void latchNeverLeadsWithANodeOfASessionItsClientDeclaredLost() throws Exception {
        LeaderLatch first = latch("p0", LeaderOptions.defaults());
        first.start();
        assertTrue(first.await(WAIT));
        String blocker = leaderNodePath();
        ChaosProxy proxy = chaosProxy();
        WardenClient c = clientTo(proxy.connectString(), "p1",
                b -> b.sessionTimeoutMs(StaleSessionScenario.SESSION_TIMEOUT_MS));
        LeaderLatch latch = closeLater(new LeaderLatch(c, dir(), "p1"));
        Recorder told = new Recorder();
        latch.addListener(told);
        latch.start();
        eventually("p1 watches p0's node", () -> watchersOf(blocker).contains(c.sessionId()));
        StaleSessionScenario.Stale stale = StaleSessionScenario.run(admin, serverAddress(), proxy, c, dir(), blocker,
                base, first::close);
        closeLater(stale.standIn());
        eventually("p1 was told it leads", () -> !told.calls.isEmpty());
        assertFalse(told.calls.contains("leader:" + stale.staleCzxid()),
                "never leader with the old session's node: " + told.calls);
        assertTrue(latch.hasLeadership());
        String leaderNode = leaderNodePath();
        Stat node = admin.blocking().exists(leaderNode).orElseThrow();
        assertEquals(stale.newSession(), node.ephemeralOwner(), "leads with a node of its current session");
        assertEquals(List.of("leader:" + node.czxid()), told.calls);
        assertEquals(node.czxid(), latch.epoch());
        eventually("the old session's node was deleted", () -> !childrenQuietly(dir()).contains(
                ZPaths.name(stale.staleNode())));
        assertTrue(stale.standIn().isAlive(), "deleted by the latch, not by the session's expiry");
        latch.close();
        assertNoOrphans(base);
    }

    /** {@link #latchNeverLeadsWithANodeOfASessionItsClientDeclaredLost} for runWhileLeader. */
    @Test
    void electionNeverRunsWithANodeOfASessionItsClientDeclaredLost() throws Exception {
        LeaderLatch first = latch("p0", LeaderOptions.defaults());
        first.start();
        assertTrue(first.await(WAIT));
        String blocker = leaderNodePath();
        ChaosProxy proxy = chaosProxy();
        WardenClient c = clientTo(proxy.connectString(), "e1",
                b -> b.sessionTimeoutMs(StaleSessionScenario.SESSION_TIMEOUT_MS));
        LeaderElection election = closeLater(new LeaderElection(c, dir(), "e1"));
        List<Long> epochs = new CopyOnWriteArrayList<>();
        List<Long> owners = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                ran.complete(election.runWhileLeader(ctx -> {
                    epochs.add(ctx.epoch());
                    owners.add(admin.blocking().exists(ctx.nodePath()).map(Stat::ephemeralOwner).orElse(-1L));
                    return ctx.epoch();
                }));
            } catch (Throwable t) {
                ran.completeExceptionally(t);
            }
        }, "e1-runner");
        runner.start();
        eventually("e1 watches p0's node", () -> watchersOf(blocker).contains(c.sessionId()));
        StaleSessionScenario.Stale stale = StaleSessionScenario.run(admin, serverAddress(), proxy, c, dir(), blocker,
                base, first::close);
        closeLater(stale.standIn());
        eventually("the action ran", () -> ran.isDone());
        assertFalse(epochs.contains(stale.staleCzxid()), "never run with the old session's node: " + epochs);
        long epoch = ran.get();
        assertEquals(List.of(epoch), epochs);
        assertEquals(List.of(stale.newSession()), owners, "run with a node of the current session");
        runner.join(WAIT.toMillis());
        assertTrue(stale.standIn().isAlive(), "the old session lived on while the election went on");
        assertNoOrphans(base);
    }

    // ---------------------------------------------------------------- LeaderElection

    @Test
    void runWhileLeaderRunsTheActionThenGivesUpLeadership() throws Exception {
        LeaderElection e1 = closeLater(new LeaderElection(client("e1"), dir(), "e1"));
        long epoch = e1.runWhileLeader(ctx -> {
            assertFalse(ctx.isCancelled());
            Stat node = admin.blocking().exists(ctx.nodePath()).orElseThrow();
            assertEquals(node.czxid(), ctx.epoch());
            assertEquals(List.of("e1"), participantIds());
            ctx.guardedWrite(List.of(new TxnOp.Create(base + "/written", Bytes.utf8("e1"), OPEN,
                    CreateMode.PERSISTENT, -1, false))).get();
            return ctx.epoch();
        });
        assertTrue(epoch > 0);
        assertEquals(List.of(), children(dir()), "leadership given up");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> e1.runWhileLeader(ctx -> {
                    throw new IllegalStateException("boom");
                }));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        assertNoOrphans(base);
    }

    @Test
    void contextIsCancelledAndThreadInterruptedWhenSuspended() throws Exception {
        WardenClient c1 = client("e1");
        LeaderElection e1 = closeLater(new LeaderElection(c1, dir(), "e1"));
        LeaderElection e2 = closeLater(new LeaderElection(client("e2"), dir(), "e2"));
        CountDownLatch leading = new CountDownLatch(1);
        AtomicReference<LeadershipContext> seen = new AtomicReference<>();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t1 = new Thread(() -> {
            try {
                e1.runWhileLeader(ctx -> {
                    seen.set(ctx);
                    leading.countDown();
                    Thread.sleep(60_000);
                    return null;
                });
                outcome.set(new AssertionError("returned normally"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        t1.start();
        assertTrue(leading.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<Long> second = CompletableFuture.supplyAsync(() -> {
            try {
                return e2.runWhileLeader(LeadershipContext::epoch);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        eventually("e2 in line", () -> childrenQuietly(dir()).size() == 2);
        ClientTestSupport.forceConnectionLoss(c1);
        t1.join(WAIT.toMillis());
        assertInstanceOf(LeadershipLostException.class, outcome.get());
        assertInstanceOf(InterruptedException.class, outcome.get().getCause());
        assertTrue(seen.get().isCancelled());
        assertEquals("connection suspended", seen.get().whenCancelled().get());
        assertThrows(LeadershipLostException.class, seen.get()::checkLeadership);
        long epoch2 = second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(epoch2 > seen.get().epoch());
        assertNoOrphans(base);
    }

    @Test
    void contextIsCancelledWhenTheSessionIsLost() throws Exception {
        WardenClient c1 = client("e1");
        LeaderElection e1 = closeLater(new LeaderElection(c1, dir(), "e1",
                LeaderOptions.defaults().withLossPolicy(LossPolicy.ON_LOST).withInterruptOnCancel(false)));
        AtomicReference<LeadershipContext> seen = new AtomicReference<>();
        CountDownLatch leading = new CountDownLatch(1);
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
            try {
                return e1.runWhileLeader(ctx -> {
                    seen.set(ctx);
                    leading.countDown();
                    return ctx.whenCancelled().get(30, TimeUnit.SECONDS);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(leading.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        List<ConnectionState> states = recordStates(c1);
        ClientTestSupport.forceConnectionLoss(c1);
        eventually("reconnected", () -> states.contains(ConnectionState.RECONNECTED));
        settle(c1); // the election has handled both states and re-read its node
        assertFalse(seen.get().isCancelled(), "ON_LOST: a short disconnection does not cancel");
        ClientTestSupport.forceSessionExpiry(c1);
        String reason = result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(reason.contains("lost"), reason);
        ExecutionException stale = assertThrows(ExecutionException.class, () -> seen.get()
                .guardedWrite(List.of(new TxnOp.Create(base + "/stale", null, OPEN, CreateMode.PERSISTENT, -1, false)))
                .get());
        assertNotNull(stale.getCause());
        assertTrue(children(base).stream().noneMatch("stale"::equals));
        assertNoOrphans(base);
    }

    @Test
    void atMostOneLeaderPerEpochUnderFaults() throws Exception {
        ChaosHistory chaos = ChaosHistory.create(admin, base + "/terms", "atMostOneLeaderPerEpochUnderFaults");
        List<WardenClient> clients = new ArrayList<>();
        List<Histories.Term> granted = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            WardenClient c = client("e" + i);
            clients.add(c);
            String id = "e" + i;
            LeaderElection e = closeLater(new LeaderElection(c, dir(), id));
            chaos.worker("participant-" + i, () -> {
                try {
                    e.runWhileLeader(ctx -> {
                        granted.add(new Histories.Term(ctx.epoch(), id));
                        for (int k = 0; k < 4; k++) {
                            try {
                                ctx.guardedWrite(List.of(chaos.record(id, ctx.epoch()))).get(10, TimeUnit.SECONDS);
                            } catch (ExecutionException refused) {
                                // fenced off
                            }
                            Thread.sleep(3);
                        }
                        return null;
                    }, Duration.ofSeconds(2));
                } catch (LeadershipLostException | java.util.concurrent.TimeoutException expected) {
                    // lost leadership, or not elected in time: go again
                } catch (io.warden.client.KeeperException expected) {
                    // connection trouble while joining
                }
            });
        }
        int faults = chaos.run(clients, 5, 10);
        List<Histories.Term> written = chaos.read(admin).stream()
                .map(w -> new Histories.Term(w.token(), w.writer())).toList();
        assertTrue(written.size() >= 10, "accepted writes: " + written.size());
        assertTrue(faults >= 5, "faults: " + faults);
        Histories.checkTerms(written);
        List<Histories.Term> byEpoch = new ArrayList<>(granted);
        byEpoch.sort(java.util.Comparator.comparingLong(Histories.Term::epoch));
        Histories.checkTerms(byEpoch);
        System.out.println("election run: " + granted.size() + " terms, " + written.size() + " accepted writes, "
                + faults + " faults, seed " + chaos.seed());
        for (WardenClient c : clients) {
            c.close();
        }
        assertNoOrphans(dir());
    }

    // ---------------------------------------------------------------- helpers

    private List<String> participantIds() {
        try {
            return LeaderLatch.participants(admin, dir()).get().stream().map(Participant::id).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Whether participant i (in line order, {@code latches} in the same order) watches i-1's node. */
    private boolean everyoneWatchesItsPredecessor(List<LeaderLatch> latches) {
        List<Participant> line;
        try {
            line = LeaderLatch.participants(admin, dir()).get();
        } catch (Exception e) {
            return false;
        }
        if (line.size() != latches.size()) {
            return false;
        }
        for (int i = 1; i < line.size(); i++) {
            String predecessor = ZPaths.join(dir(), line.get(i - 1).nodeName());
            if (!watchersOf(predecessor).contains(clientOf(latches.get(i)).sessionId())) {
                return false;
            }
        }
        return true;
    }

    /** The path of the first participant's node. */
    private String leaderNodePath() throws Exception {
        return ZPaths.join(dir(), LeaderLatch.participants(admin, dir()).get().get(0).nodeName());
    }

    private static long wakeups(List<LeaderLatch> latches) {
        return latches.stream().mapToLong(LeaderLatch::wakeups).sum();
    }

    private final java.util.Map<LeaderLatch, WardenClient> clientsByLatch = new java.util.concurrent.ConcurrentHashMap<>();

    private WardenClient clientOf(LeaderLatch latch) {
        return clientsByLatch.get(latch);
    }
}
