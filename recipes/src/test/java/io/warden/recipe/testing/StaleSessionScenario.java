package io.warden.recipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.client.WardenClient;
import io.warden.client.testing.ChaosProxy;
import io.warden.client.testing.SessionStandIn;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.recipe.support.ZPaths;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Builds, with real parts, the case the recipes' grant-time session check exists for: a contender
 * whose "am I first?" answer was read in its old session reaches the grant after its client has
 * declared that session lost and started a new one, while the server still holds the old session
 * and its node. A recipe that trusted "my node is first" would lead (or lock) with a node of a
 * session that is not its own any more.
 *
 * <p>How: the contender's client runs through a {@link ChaosProxy} and waits behind a blocker node.
 * Its event thread is held with {@link WardenClient#runOnEventThread} tasks so that the blocker's
 * deletion wakes the contender, the contender's directory read is answered (in the old session),
 * and that answer waits unprocessed on the event thread. Then the proxy cuts the client off, a
 * {@link SessionStandIn} keeps the old session alive on the server, the client declares the session
 * lost by its own timer (short session timeout) and starts a new one through the healed proxy. Only
 * then is the event thread released: the contender processes the stale answer first, with the new
 * session current. Every step waits on an observable, never on time: the client's lastZxid (set by
 * the I/O thread when a reply arrives, so a reply to a later request proves an earlier
 * notification or reply has been queued), its session id, the proxy's record of requests.
 *
 * <p>Thread-confined to the test thread.
 */
public final class StaleSessionScenario {
    /** Session timeout of the contender's client: the client declares it lost after this long away. */
    public static final int SESSION_TIMEOUT_MS = 4000;
    private static final int STAND_IN_TIMEOUT_MS = 20_000;
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** What the scenario left behind: the old and new session, and the old session's node. */
    public record Stale(long oldSession, long newSession, String staleNode, long staleCzxid, SessionStandIn standIn) {
    }

    /** Ends the contender's predecessor (on another client) so that the contender is woken. */
    @FunctionalInterface
    public interface Release {
        void run() throws Exception;
    }

    private StaleSessionScenario() {
    }

    /**
     * Runs the scenario up to the point where the event thread is released; the caller then
     * asserts what the recipe did with the stale answer. Close the returned stand-in after the test.
     *
     * @param admin a client straight to the server (not through the proxy)
     * @param server the server's address, for the stand-in
     * @param proxy the proxy {@code contender} connects through
     * @param contender the waiting recipe's client, made with {@link #SESSION_TIMEOUT_MS}
     * @param dir the recipe's directory (where the contender's node is)
     * @param blocker the node the contender waits for (must be watched by it already)
     * @param scratch an existing node under which a marker node is made
     * @param releaseBlocker deletes {@code blocker} (closing the recipe that holds it)
     */
    public static Stale run(WardenClient admin, InetSocketAddress server, ChaosProxy proxy, WardenClient contender,
            String dir, String blocker, String scratch, Release releaseBlocker) throws Exception {
        long oldSession = contender.sessionId();
        byte[] oldPassword = contender.sessionPassword().toByteArray();
        String staleNode = nodeOf(admin, dir, oldSession);
        long staleCzxid = admin.blocking().exists(staleNode).orElseThrow().czxid();
        String marker = admin.blocking().create(ZPaths.join(scratch, "stale-session-marker"), null,
                Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        contender.runOnEventThread(() -> hold(firstHeld, releaseFirst));
        await(firstHeld, "the event thread is held");

        releaseBlocker.run();
        eventually("the blocker " + blocker + " is deleted", () -> !exists(admin, blocker));
        // The deletion's notification is now queued on the held event thread (proven by a later reply).
        fence(admin, contender, marker);

        CountDownLatch secondHeld = new CountDownLatch(1);
        CountDownLatch releaseSecond = new CountDownLatch(1);
        contender.runOnEventThread(() -> hold(secondHeld, releaseSecond));
        proxy.record(true);
        releaseFirst.countDown();
        await(secondHeld, "the notification ran, the event thread is held again");
        // The notification woke the contender, which asked for the directory before the second hold
        // began; a reply to a later request proves that answer (old session) is queued behind it.
        fence(admin, contender, marker);
        assertTrue(directoryReads(proxy, dir) > 0, "the woken contender read " + dir + " in the old session");

        proxy.refuseNew(true);
        proxy.dropAll();
        // The stand-in asks for a longer timeout (a server may renegotiate it on re-attach): a slow
        // machine must not let the session it holds expire.
        SessionStandIn standIn = SessionStandIn.attach(server, oldSession, oldPassword, STAND_IN_TIMEOUT_MS);
        try {
            eventually("the client declared session 0x" + Long.toHexString(oldSession) + " lost by its own timer",
                    () -> contender.sessionId() != oldSession);
            proxy.refuseNew(false);
            eventually("the client has a new session", () -> contender.sessionId() != 0
                    && contender.sessionId() != oldSession && contender.state().isConnected());
            assertTrue(standIn.isAlive(), "the old session is alive on the server");
            Stat stale = admin.blocking().exists(staleNode).orElseThrow(
                    () -> new AssertionError("the server still holds the old session's node"));
            assertEquals(oldSession, stale.ephemeralOwner());
        } catch (Throwable t) {
            releaseSecond.countDown();
            standIn.close();
            throw t;
        }
        releaseSecond.countDown();
        return new Stale(oldSession, contender.sessionId(), staleNode, staleCzxid, standIn);
    }

    /** The one node under {@code dir} owned by {@code session}. */
    private static String nodeOf(WardenClient admin, String dir, long session) throws Exception {
        List<String> owned = new ArrayList<>();
        for (String name : admin.blocking().getChildren(dir)) {
            String path = ZPaths.join(dir, name);
            Optional<Stat> stat = admin.blocking().exists(path);
            if (stat.isPresent() && stat.get().ephemeralOwner() == session) {
                owned.add(path);
            }
        }
        assertEquals(1, owned.size(), "nodes of 0x" + Long.toHexString(session) + " under " + dir + ": " + owned);
        return owned.get(0);
    }

    /**
     * Makes a change (admin), then has {@code client} read it, and waits until the client's I/O
     * thread has the reply: everything the server sent the client before it is queued by then.
     */
    private static void fence(WardenClient admin, WardenClient client, String marker) throws Exception {
        long zxid = admin.blocking().setData(marker, new byte[] {1}, -1).mzxid();
        client.exists(marker);
        eventually("the client received a reply at zxid >= " + zxid, () -> client.lastZxid() >= zxid);
    }

    private static int directoryReads(ChaosProxy proxy, String dir) {
        int n = 0;
        for (RequestFrame f : proxy.recordedRequests()) {
            if ((f.request() instanceof GetChildrenRequest r && r.path().equals(dir))
                    || (f.request() instanceof GetChildren2Request r2 && r2.path().equals(dir))) {
                n++;
            }
        }
        return n;
    }

    private static void hold(CountDownLatch held, CountDownLatch release) {
        held.countDown();
        try {
            if (!release.await(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the event thread was held for too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean exists(WardenClient admin, String path) {
        try {
            return admin.blocking().exists(path).isPresent();
        } catch (Exception e) {
            return true;
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("not within " + WAIT + ": " + what);
        }
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long rounds = WAIT.toMillis() / 10;
        for (long i = 0; i < rounds; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("not within " + WAIT + ": " + what);
    }
}
