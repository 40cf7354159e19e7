package io.warden.recipe.misc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.ClientTestSupport;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Bytes;
import io.warden.recipe.barrier.Barrier;
import io.warden.recipe.barrier.DoubleBarrier;
import io.warden.recipe.counter.SharedCounter;
import io.warden.recipe.counter.VersionedValue;
import io.warden.recipe.group.GroupMember;
import io.warden.recipe.node.PersistentNode;
import io.warden.recipe.testing.RecipeTestBase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Barrier, double barrier, shared counter, persistent ephemeral node and group membership, against
 * Warden (recipes) and real ZooKeeper 3.9.5 (compat-tests), including a forced session expiry for
 * each recipe that holds state on the server.
 */
public abstract class AbstractMiscRecipesTest extends RecipeTestBase {
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void barrierBlocksUntilRemoved() throws Exception {
        Barrier owner = new Barrier(client("owner"), base + "/gate");
        WardenClient wc = client("waiter");
        Barrier waiter = new Barrier(wc, base + "/gate");
        assertTrue(waiter.await(SHORT), "no barrier set: passes at once");
        owner.set();
        owner.set();
        assertTrue(waiter.isSet());
        assertFalse(waiter.await(SHORT));
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.await(WAIT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long oldSession = wc.sessionId();
        eventually("the waiter watches the barrier", () -> watchersOf(base + "/gate").contains(oldSession));
        ClientTestSupport.forceSessionExpiry(wc); // the waiter's watch vanishes with its session
        eventually("the waiter watches again in its new session", () -> {
            long now = wc.sessionId();
            return now != 0 && now != oldSession && watchersOf(base + "/gate").contains(now);
        });
        assertFalse(waiting.isDone());
        owner.remove();
        assertTrue(waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        owner.remove();
    }

    @Test
    void doubleBarrierEntersAndLeavesTogether() throws Exception {
        int n = 3;
        String path = base + "/double";
        List<DoubleBarrier> members = new ArrayList<>();
        List<Long> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WardenClient c = client("m" + i);
            sessions.add(c.sessionId());
            members.add(new DoubleBarrier(c, path, n));
        }
        AtomicInteger entered = new AtomicInteger();
        List<CompletableFuture<Boolean>> enters = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            DoubleBarrier m = members.get(i);
            enters.add(CompletableFuture.supplyAsync(() -> {
                try {
                    boolean ok = m.enter(WAIT);
                    entered.incrementAndGet();
                    return ok;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        eventually("two members in, both watching for ready", () -> childrenQuietly(path).size() == n - 1
                && watchersOf(path + "/" + DoubleBarrier.READY).containsAll(sessions.subList(0, n - 1)));
        assertEquals(0, entered.get(), "nobody enters before the last member");
        assertTrue(members.get(n - 1).enter(WAIT));
        for (CompletableFuture<Boolean> f : enters) {
            assertTrue(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertTrue(children(path).contains(DoubleBarrier.READY));
        List<CompletableFuture<Boolean>> leaves = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            DoubleBarrier m = members.get(i);
            leaves.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return m.leave(WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        eventually("both leavers wait on a member's node",
                () -> watchingMembers(path).containsAll(sessions.subList(0, n - 1)));
        assertTrue(leaves.stream().noneMatch(CompletableFuture::isDone), "nobody leaves before the last member");
        assertTrue(members.get(n - 1).leave(WAIT));
        for (CompletableFuture<Boolean> f : leaves) {
            assertTrue(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
        assertEquals(List.of(), children(path));
    }

    @Test
    void sharedCounterCompareAndSet() throws Exception {
        String path = base + "/counter";
        SharedCounter a = closeLater(new SharedCounter(client("a"), path, 5));
        SharedCounter b = closeLater(new SharedCounter(client("b"), path, 99));
        a.start();
        b.start();
        assertEquals(5, b.count(), "the first seed wins");
        assertArrayEquals(new byte[] {0, 0, 0, 5}, admin.blocking().getData(path).bytes(), "Curator's SharedCount bytes");
        List<Integer> seenByB = new CopyOnWriteArrayList<>();
        b.addListener(v -> seenByB.add(v.value()));
        assertEquals(8, a.add(3));
        eventually("b saw 8", () -> seenByB.contains(8) && b.count() == 8);
        VersionedValue<Integer> stale = new VersionedValue<>(0, 5);
        assertFalse(b.trySetCount(stale, 100), "a stale version loses");
        assertTrue(b.trySetCount(b.versioned(), 10));
        eventually("a saw 10", () -> a.count() == 10);
        List<Thread> threads = new ArrayList<>();
        for (SharedCounter c : List.of(a, b)) {
            for (int t = 0; t < 2; t++) {
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 25; i++) {
                            c.add(1);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        eventually("every increment counted", () -> a.count() == 110 && b.count() == 110);
    }

    @Test
    void persistentEphemeralNodeComesBack() throws Exception {
        WardenClient c = client("owner");
        String path = base + "/nodes/me";
        PersistentNode node = closeLater(new PersistentNode(c, path, CreateMode.EPHEMERAL, "hello".getBytes()));
        node.start();
        assertTrue(node.awaitCreated(WAIT));
        assertEquals(c.sessionId(), admin.blocking().exists(path).orElseThrow().ephemeralOwner());
        long old = c.sessionId();
        ClientTestSupport.forceSessionExpiry(c);
        eventually("re-created in the new session", () -> ownerOf(path) == c.sessionId() && c.sessionId() != old);
        assertEquals("hello", admin.blocking().getData(path).utf8());
        admin.blocking().delete(path, -1);
        eventually("re-created after someone deleted it", () -> ownerOf(path) == c.sessionId());
        node.setData("bye".getBytes());
        assertEquals("bye", admin.blocking().getData(path).utf8());
        assertTrue(node.creations() >= 3);
        node.close();
        assertEquals(-1, ownerOf(path));
    }

    @Test
    void groupMembersSeeEachOther() throws Exception {
        String group = base + "/group";
        List<GroupMember> members = new ArrayList<>();
        List<WardenClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WardenClient c = client("g" + i);
            clients.add(c);
            GroupMember m = closeLater(new GroupMember(c, group, "member-" + i, ("p" + i).getBytes()));
            m.start();
            assertTrue(m.awaitJoined(WAIT));
            members.add(m);
        }
        Set<String> all = Set.of("member-0", "member-1", "member-2");
        for (GroupMember m : members) {
            eventually(m.memberId() + " sees everyone", () -> m.currentMembers().keySet().equals(all));
        }
        assertEquals(Bytes.utf8("p1"), members.get(0).currentMembers().get("member-1"));
        members.get(1).setPayload("p1b".getBytes());
        eventually("payload change seen", () -> Bytes.utf8("p1b").equals(members.get(0).currentMembers().get("member-1")));
        ClientTestSupport.forceSessionExpiry(clients.get(2));
        eventually("member-2 is back after its session expired",
                () -> ownerOf(group + "/member-2") == clients.get(2).sessionId());
        eventually("and seen by the others", () -> members.get(0).currentMembers().keySet().equals(all));
        members.get(1).close();
        eventually("member-1 left", () -> members.get(0).currentMembers().keySet()
                .equals(Set.of("member-0", "member-2")));
    }

    @Test
    void allSurviveServerRestart() throws Exception {
        WardenClient c = client("c");
        Barrier barrier = new Barrier(c, base + "/gate");
        barrier.set();
        SharedCounter counter = closeLater(new SharedCounter(c, base + "/counter", 1));
        counter.start();
        PersistentNode node = closeLater(new PersistentNode(c, base + "/node", CreateMode.EPHEMERAL, null));
        node.start();
        assertTrue(node.awaitCreated(WAIT));
        GroupMember member = closeLater(new GroupMember(client("m"), base + "/group", "m", new byte[0]));
        member.start();
        assertTrue(member.awaitJoined(WAIT));
        long nodeCzxid = admin.blocking().exists(base + "/node").orElseThrow().czxid();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return new Barrier(client("w"), base + "/gate").await(WAIT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        restartServerAndAwaitReconnected(c);
        assertEquals(2, counter.add(1));
        assertEquals(nodeCzxid, admin.blocking().exists(base + "/node").orElseThrow().czxid(), "not re-created");
        assertEquals(1, node.creations());
        assertEquals(Set.of("m"), member.currentMembers().keySet());
        assertFalse(waiting.isDone());
        barrier.remove();
        assertTrue(waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private long ownerOf(String path) {
        try {
            return admin.blocking().exists(path).map(s -> s.ephemeralOwner()).orElse(-1L);
        } catch (Exception e) {
            return -2;
        }
    }

    /**
     * Sessions watching a member node below {@code path} (the server's {@code wchp}); the ready
     * node is left out: members that saw it while entering keep a watch on it.
     */
    private Set<Long> watchingMembers(String path) {
        try {
            Set<Long> out = new HashSet<>();
            watchesUnder(path).forEach((p, ids) -> {
                if (!p.equals(path) && !p.equals(path + "/" + DoubleBarrier.READY)) {
                    out.addAll(ids);
                }
            });
            return out;
        } catch (IOException e) {
            return Set.of();
        }
    }
}
