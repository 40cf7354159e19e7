package io.warden.server.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.server.session.SessionTracker;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apply thread with the real state machine and a fake ticker, no netty: session expiry,
 * ordering of notifications before replies, close and re-attach bookkeeping.
 */
class SequencerTest {
    private final FakeTicker ticker = new FakeTicker();
    private final SessionTracker tracker = new SessionTracker(ticker, 2000, 1000);
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final List<List<io.warden.server.txn.StampedTxn>> appended = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Holds the apply thread in its first log append until a test opens it. */
    private final java.util.concurrent.CountDownLatch logGate = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean gated;
    private Sequencer sequencer;

    @BeforeEach
    void start() {
        StateMachine sm = new StateMachine(StateConfig.defaults());
        SequencerSettings settings = new SequencerSettings(2000, 4000, 40_000, 100, 10_000, null, 100,
                60_000, 100, 3);
        sequencer = new Sequencer(settings, StateStore.of(sm), tracker, new Stamper(0, ticker, Entropy.seeded(7), 1),
                entries -> {
                    if (gated) {
                        try {
                            logGate.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    appended.add(entries);
                    return java.util.concurrent.CompletableFuture.completedFuture(LogPosition.NONE);
                }, ticker, fatal::set);
        sequencer.start();
    }

    @AfterEach
    void stop() {
        sequencer.close();
        assertNull(fatal.get());
    }

    private ConnectResponse connect(RecordingLink link, int timeoutMs) throws InterruptedException {
        assertTrue(sequencer.submit(new Submission.Handshake(link,
                new ConnectRequest(0, timeoutMs, 0, Bytes.wrapOwned(new byte[16]), false), ticker.read())));
        RecordingLink.Delivery d = link.next();
        assertEquals(1, d.completed());
        return (ConnectResponse) d.frames().get(0);
    }

    private void request(RecordingLink link, int xid, OpCode op, io.warden.protocol.request.Request r) {
        assertTrue(sequencer.submit(new Submission.ClientRequest(link, new RequestFrame(xid, op, r), ticker.read())));
    }

    @Test
    void expiredSessionIsClosedDeletingItsEphemeralsAndNotifyingWatchers() throws Exception {
        RecordingLink owner = new RecordingLink();
        RecordingLink watcher = new RecordingLink();
        ConnectResponse r = connect(owner, 4000);
        connect(watcher, 40_000);
        request(owner, 1, OpCode.CREATE, new CreateRequest("/e", Bytes.utf8("x"), Acl.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL.flag()));
        assertEquals(0, ((ReplyFrame) owner.next().frames().get(0)).header().err());
        request(watcher, 1, OpCode.EXISTS, new ExistsRequest("/e", true));
        assertEquals(0, ((ReplyFrame) watcher.next().frames().get(0)).header().err());

        ticker.advance(Duration.ofMillis(3999));
        sequencer.submit(new Submission.Wakeup());
        request(watcher, 2, OpCode.PING, EmptyRequest.INSTANCE);
        watcher.next();
        assertTrue(owner.deliveries.isEmpty(), "not expired before its timeout");

        ticker.advance(Duration.ofMillis(2001));
        sequencer.submit(new Submission.Wakeup());
        RecordingLink.Delivery closing = owner.next();
        assertTrue(closing.closeAfter(), "the expired session's connection is closed");
        assertEquals(List.of(), closing.frames(), "without sending anything");
        ReplyFrame event = (ReplyFrame) watcher.next().frames().get(0);
        assertEquals(Xids.NOTIFICATION, event.xid());
        assertEquals(new WatcherEvent(EventType.NODE_DELETED.code(), 3, "/e"), event.response());
        assertFalse(tracker.isLive(r.sessionId()));

        RecordingLink again = new RecordingLink();
        sequencer.submit(new Submission.Handshake(again, new ConnectRequest(0, 4000, r.sessionId(), r.passwd(), false),
                ticker.read()));
        RecordingLink.Delivery d = again.next();
        assertEquals(0, ((ConnectResponse) d.frames().get(0)).timeOut(), "expired: invalid ConnectResponse");
        assertTrue(d.closeAfter());
    }

    @Test
    void notificationsPrecedeTheReplyThatReflectsTheChange() throws Exception {
        RecordingLink a = new RecordingLink();
        connect(a, 30_000);
        request(a, 1, OpCode.CREATE, new CreateRequest("/n", null, Acl.OPEN_ACL_UNSAFE, 0));
        request(a, 2, OpCode.EXISTS, new ExistsRequest("/n", true));
        request(a, 3, OpCode.SET_DATA, new SetDataRequest("/n", Bytes.utf8("v"), -1));
        List<Object> frames = new ArrayList<>();
        while (frames.size() < 4) {
            frames.addAll(a.next().frames());
        }
        assertEquals(List.of(1, 2, Xids.NOTIFICATION, 3),
                frames.stream().map(f -> ((ReplyFrame) f).xid()).toList());
        assertEquals(((ReplyFrame) frames.get(3)).header().zxid(), ((ReplyFrame) frames.get(2)).header().zxid(),
                "the event carries the triggering zxid");
    }

    @Test
    void closeSessionRepliesThenClosesAndLaterRequestsAreSkipped() throws Exception {
        RecordingLink a = new RecordingLink();
        connect(a, 30_000);
        request(a, 1, OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE);
        request(a, 2, OpCode.PING, EmptyRequest.INSTANCE);
        int completed = 0;
        List<Object> frames = new ArrayList<>();
        boolean closed = false;
        while (completed < 2) {
            RecordingLink.Delivery d = a.next();
            completed += d.completed();
            frames.addAll(d.frames());
            closed |= d.closeAfter();
        }
        assertTrue(closed);
        assertEquals(1, frames.size(), "nothing after the closeSession reply");
        assertEquals(2, ((ReplyFrame) frames.get(0)).header().zxid());
        assertEquals(0, tracker.size());
    }

    @Test
    void reattachSupersedesTheOldLink() throws Exception {
        RecordingLink a = new RecordingLink();
        ConnectResponse r = connect(a, 30_000);
        RecordingLink b = new RecordingLink();
        sequencer.submit(new Submission.Handshake(b, new ConnectRequest(1, 30_000, r.sessionId(), r.passwd(), true),
                ticker.read()));
        ConnectResponse again = (ConnectResponse) b.next().frames().get(0);
        assertEquals(r.sessionId(), again.sessionId());
        assertTrue(a.closedNow);
        assertEquals(r.sessionId(), b.sessionId);
        request(a, 1, OpCode.PING, EmptyRequest.INSTANCE);
        RecordingLink.Delivery skipped = a.next();
        assertEquals(List.of(), skipped.frames(), "the superseded link gets no more replies");
        assertEquals(1, skipped.completed());
    }

    @Test
    void everyTransactionIsLoggedOnceInZxidOrderBeforeItsReply() throws Exception {
        RecordingLink a = new RecordingLink();
        gated = true;
        sequencer.submit(new Submission.Handshake(a, new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]),
                false), ticker.read()));
        for (int i = 1; i <= 50; i++) {
            request(a, i, OpCode.CREATE, new CreateRequest("/l" + i, null, Acl.OPEN_ACL_UNSAFE, 0));
            request(a, 100 + i, OpCode.EXISTS, new ExistsRequest("/l" + i, false));
        }
        logGate.countDown();
        List<Object> frames = new ArrayList<>();
        while (frames.size() < 101) {
            frames.addAll(a.next().frames());
        }
        assertInstanceOf(ConnectResponse.class, frames.get(0));
        for (Object f : frames.subList(1, frames.size())) {
            ReplyFrame r = (ReplyFrame) f;
            assertEquals(0, r.header().err());
            if (r.xid() <= 50) {
                long zxid = r.header().zxid();
                assertTrue(appended.stream().flatMap(List::stream).anyMatch(e -> e.header().zxid() == zxid),
                        "zxid " + zxid + " was logged before its reply was delivered");
            }
        }
        List<Long> zxids = appended.stream().flatMap(List::stream).map(e -> e.header().zxid()).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 51).boxed().toList(), zxids,
                "createSession then 50 creates, each logged once, in order");
        assertTrue(appended.size() <= 3, "group commit: " + appended.size() + " appends for 51 transactions");
    }

    @Test
    void aClosedLinkThatDoesNotFitInTheQueueStillHasItsWatchesDropped() throws Exception {
        sequencer.close();
        StateMachine sm = new StateMachine(StateConfig.defaults());
        SequencerSettings tiny = new SequencerSettings(2000, 4000, 40_000, 100, 4, null, 100, 60_000, 100, 3);
        sequencer = new Sequencer(tiny, StateStore.of(sm), tracker, new Stamper(0, ticker, Entropy.seeded(7), 1),
                entries -> {
                    if (gated) {
                        try {
                            logGate.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return java.util.concurrent.CompletableFuture.completedFuture(LogPosition.NONE);
                }, ticker, fatal::set);
        sequencer.start();
        RecordingLink a = new RecordingLink();
        connect(a, 30_000);
        request(a, 1, OpCode.EXISTS, new ExistsRequest("/x", true));
        a.next();
        assertEquals(1, sm.stats().watchCount());
        gated = true;
        request(a, 2, OpCode.CREATE, new CreateRequest("/y", null, Acl.OPEN_ACL_UNSAFE, 0));
        long held = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sequencer.queued() > 0) {
            assertTrue(System.nanoTime() < held, "the apply thread takes the create");
            Thread.sleep(1); // until the apply thread holds the create, blocked in its log append
        }
        for (int i = 0; i < 4; i++) {
            request(a, 3 + i, OpCode.PING, EmptyRequest.INSTANCE);
        }
        assertFalse(sequencer.submit(new Submission.Wakeup()), "the queue is full");
        sequencer.linkClosed(a);
        logGate.countDown();
        java.util.concurrent.CompletableFuture<StateSnapshot> snap = new java.util.concurrent.CompletableFuture<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!sequencer.submit(new Submission.Query(StateSnapshot.BASIC, snap::complete))) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(1);
        }
        assertEquals(0, snap.get(10, java.util.concurrent.TimeUnit.SECONDS).stats().watchCount(),
                "the watch of the closed link was dropped");
    }

    @Test
    void queryRunsOnTheApplyThreadAfterEarlierWrites() throws Exception {
        RecordingLink a = new RecordingLink();
        connect(a, 30_000);
        request(a, 1, OpCode.CREATE, new CreateRequest("/q", null, Acl.OPEN_ACL_UNSAFE, 0));
        java.util.concurrent.CompletableFuture<StateSnapshot> snap = new java.util.concurrent.CompletableFuture<>();
        sequencer.submit(new Submission.Query(java.util.Set.of(StateSnapshot.Detail.EPHEMERALS), snap::complete));
        StateSnapshot s = snap.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(2, s.lastZxid());
        assertEquals(1, s.sessions().size());
        assertEquals(6, s.stats().nodeCount(), "a fresh tree counts 5, plus /q");
        assertInstanceOf(ReplyFrame.class, a.next().frames().get(0));
    }

    /** A log whose appends complete only when the test says, to drive the pipeline by hand. */
    private Sequencer manualLog(List<java.util.concurrent.CompletableFuture<LogPosition>> appends) {
        sequencer.close();
        StateMachine sm = new StateMachine(StateConfig.defaults());
        SequencerSettings settings = new SequencerSettings(2000, 4000, 40_000, 100, 10_000, null, 100,
                60_000, 100, 3);
        Sequencer s = new Sequencer(settings, StateStore.of(sm), tracker, new Stamper(0, ticker, Entropy.seeded(7), 1),
                txns -> {
                    java.util.concurrent.CompletableFuture<LogPosition> f = new java.util.concurrent.CompletableFuture<>();
                    appends.add(f);
                    return f;
                }, ticker, fatal::set);
        s.start();
        return s;
    }

    private static void awaitAppends(List<?> appends, int n) throws InterruptedException {
        for (int i = 0; i < 1000 && appends.size() < n; i++) {
            Thread.sleep(10);
        }
        assertEquals(n, appends.size(), "appends");
    }

    @Test
    void nothingIsAnsweredBeforeItsBatchIsDurableAndBatchesRunInOrder() throws Exception {
        List<java.util.concurrent.CompletableFuture<LogPosition>> appends =
                java.util.Collections.synchronizedList(new ArrayList<>());
        sequencer = manualLog(appends);
        RecordingLink a = new RecordingLink();
        assertTrue(sequencer.submit(new Submission.Handshake(a,
                new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false), ticker.read())));
        awaitAppends(appends, 1);
        request(a, 1, OpCode.CREATE, new CreateRequest("/x", null, Acl.OPEN_ACL_UNSAFE, 0));
        awaitAppends(appends, 2);
        request(a, 2, OpCode.EXISTS, new ExistsRequest("/x", false));
        // the second batch becomes durable first: still nothing may be answered
        appends.get(1).complete(new LogPosition(1, 2));
        Thread.sleep(50);
        assertTrue(a.deliveries.isEmpty(), "nothing before the first batch is durable");
        appends.get(0).complete(new LogPosition(1, 1));
        List<Object> frames = new ArrayList<>();
        while (frames.size() < 3) {
            frames.addAll(a.next().frames());
        }
        assertTrue(frames.get(0) instanceof ConnectResponse);
        assertEquals(1, ((ReplyFrame) frames.get(1)).xid());
        assertEquals(0, ((ReplyFrame) frames.get(2)).header().err(), "the read after the write sees it");
    }

    @Test
    void aFailedLogClosesTheWritersConnectionThenRefusesWritesWithNotReadOnlyWhileReadsGoOn() throws Exception {
        List<java.util.concurrent.CompletableFuture<LogPosition>> appends =
                java.util.Collections.synchronizedList(new ArrayList<>());
        sequencer = manualLog(appends);
        RecordingLink a = new RecordingLink();
        assertTrue(sequencer.submit(new Submission.Handshake(a,
                new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false), ticker.read())));
        awaitAppends(appends, 1);
        appends.get(0).complete(new LogPosition(1, 1));
        ConnectResponse session = (ConnectResponse) a.next().frames().get(0);
        request(a, 1, OpCode.CREATE, new CreateRequest("/kept", null, Acl.OPEN_ACL_UNSAFE, 0));
        awaitAppends(appends, 2);
        appends.get(1).complete(new LogPosition(1, 2));
        assertEquals(0, ((ReplyFrame) a.next().frames().get(0)).header().err());

        request(a, 2, OpCode.CREATE, new CreateRequest("/lost", null, Acl.OPEN_ACL_UNSAFE, 0));
        awaitAppends(appends, 3);
        appends.get(2).completeExceptionally(new java.io.IOException("No space left on device"));
        RecordingLink.Delivery d = a.next();
        assertEquals(List.of(), d.frames(), "no reply for a write whose durability is unknown");
        assertTrue(d.closeAfter(), "its connection closes");
        assertTrue(sequencer.isReadOnly());

        RecordingLink b = new RecordingLink();
        assertTrue(sequencer.submit(new Submission.Handshake(b,
                new ConnectRequest(0, 30_000, session.sessionId(), session.passwd(), false), ticker.read())));
        assertEquals(session.sessionId(), ((ConnectResponse) b.next().frames().get(0)).sessionId(), "re-attach");
        request(b, 1, OpCode.EXISTS, new ExistsRequest("/kept", false));
        assertEquals(0, ((ReplyFrame) b.next().frames().get(0)).header().err(), "reads go on");
        request(b, 2, OpCode.EXISTS, new ExistsRequest("/lost", false));
        assertEquals(ErrorCode.NONODE.code(), ((ReplyFrame) b.next().frames().get(0)).header().err(),
                "the failed write was not applied");
        request(b, 3, OpCode.SET_DATA, new SetDataRequest("/kept", Bytes.utf8("v"), -1));
        ReplyFrame refused = (ReplyFrame) b.next().frames().get(0);
        assertEquals(ErrorCode.NOTREADONLY.code(), refused.header().err());
        assertEquals(3, appends.size(), "nothing more is logged");

        RecordingLink fresh = new RecordingLink();
        assertTrue(sequencer.submit(new Submission.Handshake(fresh,
                new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[16]), false), ticker.read())));
        RecordingLink.Delivery refusedSession = fresh.next();
        assertTrue(refusedSession.closeAfter(), "no new sessions without a log");
        assertEquals(List.of(), refusedSession.frames());
    }
    private List<io.warden.server.txn.StampedTxn> logged() {
        synchronized (appended) {
            return appended.stream().flatMap(List::stream).toList();
        }
    }

    private List<io.warden.server.txn.StampedTxn> awaitLogged(java.util.function.Predicate<io.warden.server.txn.StampedTxn> p)
            throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            List<io.warden.server.txn.StampedTxn> found = logged().stream().filter(p).toList();
            if (!found.isEmpty()) {
                return found;
            }
            sequencer.submit(new Submission.Wakeup());
            Thread.sleep(10);
        }
        throw new AssertionError("not logged: " + logged());
    }

    @Test
    void sessionsWithTrafficAreTouchedOncePerHalfTickWithoutConsumingAZxid() throws Exception {
        RecordingLink a = new RecordingLink();
        RecordingLink b = new RecordingLink();
        RecordingLink idle = new RecordingLink();
        long sa = connect(a, 30_000).sessionId();
        long sb = connect(b, 30_000).sessionId();
        long si = connect(idle, 30_000).sessionId();
        tracker.drainTouched(Integer.MAX_VALUE); // the handshakes' own bookkeeping
        request(a, 1, OpCode.CREATE, new CreateRequest("/t", null, Acl.OPEN_ACL_UNSAFE, 0));
        a.next();
        // traffic as the connections report it (Connection touches on every packet)
        assertTrue(tracker.touch(sb));
        assertTrue(tracker.touch(sa));
        assertTrue(tracker.touch(sb));
        sequencer.submit(new Submission.Wakeup());
        Thread.sleep(50);
        assertTrue(logged().stream().noneMatch(t -> t.txn() instanceof io.warden.server.txn.TouchSessionsTxn),
                "not before tickTime / 2");

        ticker.advance(Duration.ofMillis(1000));
        List<io.warden.server.txn.StampedTxn> touches =
                awaitLogged(t -> t.txn() instanceof io.warden.server.txn.TouchSessionsTxn);
        assertEquals(1, touches.size());
        io.warden.server.txn.StampedTxn touch = touches.get(0);
        assertEquals(List.of(sb, sa), ((io.warden.server.txn.TouchSessionsTxn) touch.txn()).sessionIds(),
                "each touched session once, in first-touch order; the idle one not at all");
        assertFalse(((io.warden.server.txn.TouchSessionsTxn) touch.txn()).sessionIds().contains(si));
        assertEquals(4, touch.header().zxid(), "the last zxid (3 sessions + 1 create), none consumed");
        assertEquals(0, touch.header().sessionId());

        request(a, 2, OpCode.CREATE, new CreateRequest("/u", null, Acl.OPEN_ACL_UNSAFE, 0));
        assertEquals(5, ((ReplyFrame) a.next().frames().get(0)).header().zxid(), "the next write takes zxid 5");

        // no traffic since: no new touch, however long
        ticker.advance(Duration.ofMillis(1500));
        sequencer.submit(new Submission.Wakeup());
        request(a, 3, OpCode.EXISTS, new ExistsRequest("/u", false));
        a.next();
        assertEquals(1, logged().stream().filter(t -> t.txn() instanceof io.warden.server.txn.TouchSessionsTxn).count());
    }

    @Test
    void anExpiryCarriesTheZxidAtWhichItWasDecided() throws Exception {
        RecordingLink a = new RecordingLink();
        long sa = connect(a, 4000).sessionId();
        request(a, 1, OpCode.CREATE, new CreateRequest("/x", null, Acl.OPEN_ACL_UNSAFE, 0));
        a.next();
        ticker.advance(Duration.ofMillis(6001));
        List<io.warden.server.txn.StampedTxn> closes = awaitLogged(t -> t.txn() instanceof io.warden.server.txn.CloseSessionTxn);
        io.warden.server.txn.StampedTxn close = closes.get(0);
        assertEquals(sa, close.header().sessionId());
        assertEquals(3, close.header().zxid());
        assertEquals(new io.warden.server.txn.CloseSessionTxn(2), close.txn(), "decided after zxid 2");
        assertTrue(a.next().closeAfter());
        assertFalse(tracker.isLive(sa));
    }
}
