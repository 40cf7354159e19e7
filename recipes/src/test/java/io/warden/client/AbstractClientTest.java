package io.warden.client;

import static io.warden.client.EventRecorder.event;
import static io.warden.client.EventRecorder.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.internal.ConnectString;
import io.warden.client.internal.HostList;
import io.warden.client.testing.ChaosProxy;
import io.warden.protocol.AddWatchMode;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.OpCode;
import io.warden.protocol.WatcherType;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import com.google.common.base.Stopwatch;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The client scenario, run against real ZooKeeper 3.9.5 (compat-tests) and against Warden
 * (recipes): every operation and its errors, watch ordering, reconnects across a server restart,
 * connection loss through a {@link ChaosProxy}, session expiry, chroot and auth. Each test works
 * under its own base znode, so tests share one server per class.
 *
 * <p>Subclasses start the server before the first test ({@code @BeforeAll}, lifecycle PER_CLASS)
 * and implement {@link #connectString()} and {@link #restartServer()}. Over 500 lines because it is
 * one scenario list that both targets must pass; the helpers live in {@link EventRecorder} and
 * {@link ClientTestSupport}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractClientTest {
    protected static final Duration WAIT = Duration.ofSeconds(20);
    protected static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    private static final String ALICE_DIGEST = "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    protected String base;

    /** "host:port" of the server under test. */
    protected abstract String connectString();

    /** Stops the server and starts it again on the same port with the same data and sessions. */
    protected abstract void restartServer() throws Exception;

    /** Whether the server accepts TTL nodes (ZooKeeper: zookeeper.extendedTypesEnabled). */
    protected boolean ttlEnabled() {
        return true;
    }

    @BeforeEach
    void createBase(TestInfo info) throws Exception {
        base = "/" + info.getTestMethod().orElseThrow().getName() + "-" + SEQ.incrementAndGet();
        WardenClient admin = client();
        admin.blocking().create(base, null, OPEN, CreateMode.PERSISTENT);
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(closeables);
        for (AutoCloseable c : closeables) {
            c.close();
        }
        closeables.clear();
    }

    // ---------------------------------------------------------------- helpers

    protected WardenClient client() throws InterruptedException {
        return client(b -> { });
    }

    protected WardenClient client(Consumer<ClientConfig.Builder> tweak) throws InterruptedException {
        return clientTo(connectString(), tweak);
    }

    protected WardenClient clientTo(String cs, Consumer<ClientConfig.Builder> tweak) throws InterruptedException {
        return clientTo(cs, tweak, new AtomicReference<>());
    }

    /** Starts a client, puts it in {@code holder} before it connects, and waits until connected. */
    protected WardenClient clientTo(String cs, Consumer<ClientConfig.Builder> tweak, AtomicReference<WardenClient> holder)
            throws InterruptedException {
        ClientConfig.Builder b = ClientConfig.builder(cs).sessionTimeoutMs(10_000).maxReconnectDelayMs(100)
                .closeTimeoutMs(2000);
        tweak.accept(b);
        WardenClient c = WardenClient.create(b.build());
        holder.set(c);
        c.connect();
        closeables.add(c);
        assertTrue(c.blocking().awaitConnected(WAIT), "connected to " + cs);
        return c;
    }

    protected ChaosProxy proxy() throws Exception {
        ChaosProxy p = ChaosProxy.forConnectString(connectString());
        closeables.add(p);
        return p;
    }

    /** The server's address, from {@link #connectString()}. */
    protected InetSocketAddress serverAddress() {
        String first = connectString().split(",")[0];
        int colon = first.lastIndexOf(':');
        return new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    protected static KeeperException assertKeeper(ErrorCode code, String path, Executable op) {
        KeeperException e = assertThrows(KeeperException.class, op);
        assertEquals(code, e.code(), e.toString());
        assertEquals(path, e.path(), e.toString());
        return e;
    }

    protected static KeeperException failureOf(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return assertInstanceOf(KeeperException.class, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no completion in " + WAIT, e);
        }
        throw new AssertionError("expected a failure");
    }

    protected static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- connection and API

    @Test
    void connectsWithNegotiatedTimeoutAndReportsConnected() throws Exception {
        EventRecorder rec = new EventRecorder();
        WardenClient c = client(b -> b.listener(rec.listener()));
        rec.await(state(ConnectionState.CONNECTED), WAIT);
        assertEquals(List.of(ConnectionState.CONNECTED), rec.states());
        assertNotEquals(0, c.sessionId());
        assertEquals(16, c.sessionPassword().length());
        assertEquals(10_000, c.negotiatedSessionTimeoutMs());
        assertEquals(ConnectionState.CONNECTED, c.state());
        assertTrue(c.blocking().whoAmI().contains(new ClientInfo("ip", "127.0.0.1")));
    }

    @Test
    void createsInEveryMode() throws Exception {
        WardenClient c = client();
        BlockingClient b = c.blocking();
        assertEquals(base + "/p", b.create(base + "/p", utf8("x"), OPEN, CreateMode.PERSISTENT));
        assertEquals(0, b.exists(base + "/p").orElseThrow().ephemeralOwner());
        b.create(base + "/e", null, OPEN, CreateMode.EPHEMERAL);
        assertEquals(c.sessionId(), b.exists(base + "/e").orElseThrow().ephemeralOwner());
        String s1 = b.create(base + "/s-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL);
        String s2 = b.create(base + "/s-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertTrue(s1.matches(base + "/s-\\d{10}"), s1);
        assertEquals(Long.parseLong(s1.substring(s1.length() - 10)) + 1, Long.parseLong(s2.substring(s2.length() - 10)));
        assertEquals(c.sessionId(), b.exists(s2).orElseThrow().ephemeralOwner());
        assertEquals(base + "/c", b.create(base + "/c", null, OPEN, CreateMode.CONTAINER));
        Created container = b.createWithStat(base + "/c2", utf8("cc"), OPEN, CreateMode.CONTAINER);
        assertEquals(0, container.stat().ephemeralOwner(), "containers show ephemeralOwner 0");
        Created plain = b.createWithStat(base + "/w", utf8("abc"), OPEN, CreateMode.PERSISTENT);
        Stat st = plain.stat();
        assertEquals(base + "/w", plain.path());
        assertTrue(st.czxid() > 0);
        assertEquals(st.czxid(), st.mzxid());
        assertEquals(st.czxid(), st.pzxid());
        assertEquals(0, st.version());
        assertEquals(3, st.dataLength());
        assertEquals(st, b.exists(base + "/w").orElseThrow());
        Created eseq = b.createWithStat(base + "/es-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertTrue(eseq.path().matches(base + "/es-\\d{10}"), eseq.path());
        assertEquals(c.sessionId(), eseq.stat().ephemeralOwner());
        if (ttlEnabled()) {
            Created ttl = b.createWithStat(base + "/t", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 60_000);
            assertEquals(0, ttl.stat().ephemeralOwner(), "TTL nodes show ephemeralOwner 0");
            Created ttlSeq = b.createWithStat(base + "/ts-", null, OPEN, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 60_000);
            assertTrue(ttlSeq.path().matches(base + "/ts-\\d{10}"), ttlSeq.path());
        }
        b.create(base + "/null", null, OPEN, CreateMode.PERSISTENT);
        b.create(base + "/empty", new byte[0], OPEN, CreateMode.PERSISTENT);
        assertNull(b.getData(base + "/null").data(), "null data stays null");
        assertEquals(Bytes.EMPTY, b.getData(base + "/empty").data(), "empty data stays empty");
    }

    @Test
    void createReportsEachErrorWithCodeAndPath() throws Exception {
        BlockingClient b = client().blocking();
        b.create(base + "/x", null, OPEN, CreateMode.PERSISTENT);
        assertKeeper(ErrorCode.NODEEXISTS, base + "/x", () -> b.create(base + "/x", null, OPEN, CreateMode.PERSISTENT));
        assertKeeper(ErrorCode.NONODE, base + "/no/x", () -> b.create(base + "/no/x", null, OPEN, CreateMode.PERSISTENT));
        b.create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        assertKeeper(ErrorCode.NOCHILDRENFOREPHEMERALS, base + "/eph/x",
                () -> b.create(base + "/eph/x", null, OPEN, CreateMode.PERSISTENT));
        assertKeeper(ErrorCode.INVALIDACL, base + "/y", () -> b.create(base + "/y", null, List.of(), CreateMode.PERSISTENT));
        assertKeeper(ErrorCode.INVALIDACL, base + "/y",
                () -> b.create(base + "/y", null, Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        b.create(base + "/ro", null, Acl.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertKeeper(ErrorCode.NOAUTH, base + "/ro/x", () -> b.create(base + "/ro/x", null, OPEN, CreateMode.PERSISTENT));
        assertKeeper(ErrorCode.NODEEXISTS, "/", () -> b.create("/", null, OPEN, CreateMode.PERSISTENT));
        for (String bad : List.of("rel", base + "/", base + "//x", base + "/./x", "")) {
            assertThrows(IllegalArgumentException.class, () -> b.create(bad, null, OPEN, CreateMode.PERSISTENT), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> b.createWithStat(base + "/t", null, OPEN, CreateMode.PERSISTENT, 1000));
        assertThrows(IllegalArgumentException.class,
                () -> b.createWithStat(base + "/t", null, OPEN, CreateMode.PERSISTENT_WITH_TTL, 0));
    }

    @Test
    void deleteChecksVersionChildrenAndProtectedPaths() throws Exception {
        BlockingClient b = client().blocking();
        b.create(base + "/d", null, OPEN, CreateMode.PERSISTENT);
        b.create(base + "/d/c", null, OPEN, CreateMode.PERSISTENT);
        assertKeeper(ErrorCode.NOTEMPTY, base + "/d", () -> b.delete(base + "/d", -1));
        assertKeeper(ErrorCode.BADVERSION, base + "/d/c", () -> b.delete(base + "/d/c", 5));
        b.delete(base + "/d/c", 0);
        assertKeeper(ErrorCode.NONODE, base + "/d/c", () -> b.delete(base + "/d/c", -1));
        assertKeeper(ErrorCode.BADARGUMENTS, "/zookeeper", () -> b.delete("/zookeeper", -1));
        b.delete(base + "/d", -1);
        assertEquals(Optional.empty(), b.exists(base + "/d"));
    }

    @Test
    void dataReadsAndWritesWithVersions() throws Exception {
        BlockingClient b = client().blocking();
        b.create(base + "/n", utf8("one"), OPEN, CreateMode.PERSISTENT);
        NodeData d = b.getData(base + "/n");
        assertEquals("one", d.utf8());
        Stat s = b.setData(base + "/n", utf8("two"), 0);
        assertEquals(1, s.version());
        assertTrue(s.mzxid() > d.stat().mzxid());
        assertEquals(d.stat().czxid(), s.czxid());
        assertEquals("two", b.getData(base + "/n").utf8());
        assertKeeper(ErrorCode.BADVERSION, base + "/n", () -> b.setData(base + "/n", null, 0));
        assertEquals(2, b.setData(base + "/n", null, -1).version());
        assertNull(b.getData(base + "/n").data());
        assertKeeper(ErrorCode.NONODE, base + "/m", () -> b.getData(base + "/m"));
        assertKeeper(ErrorCode.NONODE, base + "/m", () -> b.setData(base + "/m", null, -1));
        assertEquals(Optional.empty(), b.exists(base + "/m"));
    }

    @Test
    void childrenCountsAndStat() throws Exception {
        BlockingClient b = client().blocking();
        for (String name : List.of("b", "a", "c")) {
            b.create(base + "/" + name, null, OPEN, CreateMode.PERSISTENT);
        }
        b.create(base + "/a/x", null, OPEN, CreateMode.PERSISTENT);
        List<String> names = new ArrayList<>(b.getChildren(base));
        Collections.sort(names);
        assertEquals(List.of("a", "b", "c"), names);
        Children withStat = b.getChildrenWithStat(base);
        assertEquals(3, withStat.children().size());
        assertEquals(3, withStat.stat().numChildren());
        assertEquals(3, withStat.stat().cversion());
        assertEquals(4, b.getAllChildrenNumber(base));
        assertKeeper(ErrorCode.NONODE, base + "/z", () -> b.getChildren(base + "/z"));
        assertKeeper(ErrorCode.NONODE, base + "/z", () -> b.getChildrenWithStat(base + "/z"));
        assertKeeper(ErrorCode.NONODE, base + "/z", () -> b.getAllChildrenNumber(base + "/z"));
    }

    @Test
    void aclsAndDigestAuth() throws Exception {
        WardenClient alice = client(cb -> cb.auth(AuthInfo.digest("alice", "secret")));
        BlockingClient a = alice.blocking();
        a.create(base + "/secret", utf8("s"), Acl.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        NodeAcl acl = a.getACL(base + "/secret");
        assertEquals(List.of(new Acl(31, new Id("digest", ALICE_DIGEST))), acl.acl());
        assertTrue(a.whoAmI().contains(new ClientInfo("digest", "alice")), a.whoAmI().toString());

        BlockingClient other = client().blocking();
        assertKeeper(ErrorCode.NOAUTH, base + "/secret", () -> other.getData(base + "/secret"));
        assertKeeper(ErrorCode.NOAUTH, base + "/secret", () -> other.setData(base + "/secret", null, -1));
        other.addAuth(AuthInfo.digest("bob", "pw"));
        assertKeeper(ErrorCode.NOAUTH, base + "/secret", () -> other.getData(base + "/secret"));
        other.addAuth(AuthInfo.digest("alice", "secret"));
        assertEquals("s", other.getData(base + "/secret").utf8());

        Stat s = a.setACL(base + "/secret", OPEN, 0);
        assertEquals(1, s.aversion());
        assertKeeper(ErrorCode.BADVERSION, base + "/secret", () -> a.setACL(base + "/secret", OPEN, 0));
        assertKeeper(ErrorCode.NONODE, base + "/none", () -> a.getACL(base + "/none"));
    }

    @Test
    void rejectedAuthFailsItsFutureAndTheClientCarriesOn() throws Exception {
        EventRecorder rec = new EventRecorder();
        WardenClient c = client(b -> b.listener(rec.listener()));
        long session = c.sessionId();
        KeeperException e = failureOf(c.addAuth(new AuthInfo("nosuchscheme", Bytes.utf8("x"))));
        assertEquals(ErrorCode.AUTHFAILED, e.code());
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        assertEquals(session, c.sessionId());
        c.blocking().create(base + "/after", null, OPEN, CreateMode.PERSISTENT);
    }

    @Test
    void syncEphemeralsAndWhoAmI() throws Exception {
        WardenClient c = client();
        BlockingClient b = c.blocking();
        assertEquals(base, b.sync(base));
        b.create(base + "/e1", null, OPEN, CreateMode.EPHEMERAL);
        b.create(base + "/e2", null, OPEN, CreateMode.EPHEMERAL);
        b.create(base + "/p", null, OPEN, CreateMode.PERSISTENT);
        List<String> all = new ArrayList<>(b.getEphemerals("/"));
        Collections.sort(all);
        assertEquals(List.of(base + "/e1", base + "/e2"), all);
        assertEquals(List.of(base + "/e2"), b.getEphemerals(base + "/e2"));
        assertEquals(List.of(), client().blocking().getEphemerals("/"));
    }

    @Test
    void multiCommitsAllOrNothing() throws Exception {
        BlockingClient b = client().blocking();
        b.create(base + "/v", utf8("0"), OPEN, CreateMode.PERSISTENT);
        List<TxnResult> ok = b.multi(client().transaction()
                .create(base + "/m1", null, OPEN, CreateMode.PERSISTENT)
                .createWithStat(base + "/m2", utf8("x"), OPEN, CreateMode.PERSISTENT, -1)
                .check(base + "/v", 0)
                .setData(base + "/v", utf8("1"), 0)
                .delete(base + "/m1", 0)
                .ops());
        assertEquals(new TxnResult.CreateResult(base + "/m1", null), ok.get(0));
        TxnResult.CreateResult c2 = assertInstanceOf(TxnResult.CreateResult.class, ok.get(1));
        assertEquals(base + "/m2", c2.path());
        assertEquals(1, c2.stat().dataLength());
        assertEquals(new TxnResult.CheckResult(), ok.get(2));
        assertEquals(1, assertInstanceOf(TxnResult.SetDataResult.class, ok.get(3)).stat().version());
        assertEquals(new TxnResult.DeleteResult(), ok.get(4));
        assertEquals(c2.stat().czxid(), b.exists(base + "/v").orElseThrow().mzxid(), "one zxid for the whole multi");

        KeeperException e = assertKeeper(ErrorCode.BADVERSION, base + "/v", () -> b.multi(List.of(
                new TxnOp.Create(base + "/m3", null, OPEN, CreateMode.PERSISTENT, -1, false),
                new TxnOp.Check(base + "/v", 7),
                new TxnOp.Delete(base + "/m2", -1))));
        assertEquals(List.of(new TxnResult.ErrorResult(ErrorCode.OK), new TxnResult.ErrorResult(ErrorCode.BADVERSION),
                new TxnResult.ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY)), e.results());
        assertEquals(Optional.empty(), b.exists(base + "/m3"), "nothing applied");
        assertTrue(b.exists(base + "/m2").isPresent(), "nothing applied");
        assertEquals(List.of(), b.multi(List.of()));
    }

    @Test
    void multiReadReturnsEachResult() throws Exception {
        BlockingClient b = client().blocking();
        b.create(base + "/a", utf8("A"), OPEN, CreateMode.PERSISTENT);
        b.create(base + "/a/k", null, OPEN, CreateMode.PERSISTENT);
        List<ReadResult> r = b.multiRead(List.of(new ReadOp.GetData(base + "/a"), new ReadOp.GetChildren(base + "/a"),
                new ReadOp.GetData(base + "/none")));
        assertEquals(Bytes.utf8("A"), assertInstanceOf(ReadResult.DataResult.class, r.get(0)).data());
        assertEquals(new ReadResult.ChildrenResult(List.of("k")), r.get(1));
        assertEquals(new ReadResult.ErrorResult(ErrorCode.NONODE), r.get(2));
    }

    // ---------------------------------------------------------------- watches

    @Test
    void oneShotWatchesFireOnce() throws Exception {
        WardenClient c = client();
        BlockingClient b = c.blocking();
        BlockingClient writer = client().blocking();
        EventRecorder rec = new EventRecorder();
        b.create(base + "/n", null, OPEN, CreateMode.PERSISTENT);
        b.getData(base + "/n", rec.watcher("data"));
        assertEquals(Optional.empty(), b.exists(base + "/new", rec.watcher("exist")));
        b.getChildren(base, rec.watcher("child"));
        writer.setData(base + "/n", utf8("1"), -1);
        writer.setData(base + "/n", utf8("2"), -1);
        writer.create(base + "/new", null, OPEN, CreateMode.PERSISTENT);
        rec.await(event("data", EventType.NODE_DATA_CHANGED, base + "/n"), WAIT);
        rec.await(event("exist", EventType.NODE_CREATED, base + "/new"), WAIT);
        rec.await(event("child", EventType.NODE_CHILDREN_CHANGED, base), WAIT);
        b.getData(base + "/n", rec.watcher("del"));
        b.getChildren(base + "/n", rec.watcher("delchild"));
        writer.delete(base + "/n", -1);
        rec.await(event("del", EventType.NODE_DELETED, base + "/n"), WAIT);
        rec.await(event("delchild", EventType.NODE_DELETED, base + "/n"), WAIT);
        b.sync(base);
        assertEquals(1, rec.events("data").size(), rec.all().toString());
        assertEquals(1, rec.events("exist").size());
        assertEquals(1, rec.events("child").size());
        assertTrue(rec.events("data").get(0).event().zxid() > 0, "3.9 servers send the triggering zxid");
    }

    @Test
    void persistentAndRecursiveWatches() throws Exception {
        BlockingClient b = client().blocking();
        BlockingClient writer = client().blocking();
        EventRecorder rec = new EventRecorder();
        String p = base + "/p";
        b.addWatch(p, AddWatchMode.PERSISTENT, rec.watcher("pers"));
        b.addWatch(p, AddWatchMode.PERSISTENT_RECURSIVE, rec.watcher("rec"));
        writer.create(p, null, OPEN, CreateMode.PERSISTENT);
        writer.create(p + "/c", null, OPEN, CreateMode.PERSISTENT);
        writer.setData(p + "/c", utf8("x"), -1);
        writer.setData(p, utf8("y"), -1);
        writer.delete(p + "/c", -1);
        writer.delete(p, -1);
        writer.create(p, null, OPEN, CreateMode.PERSISTENT);
        rec.await(event("pers", EventType.NODE_CREATED, p), 2, WAIT);
        rec.await(event("rec", EventType.NODE_CREATED, p), 2, WAIT);
        List<String> pers = rec.events("pers").stream().map(s -> s.event().type() + " " + s.event().path()).toList();
        assertEquals(List.of("NODE_CREATED " + p, "NODE_CHILDREN_CHANGED " + p, "NODE_DATA_CHANGED " + p,
                "NODE_CHILDREN_CHANGED " + p, "NODE_DELETED " + p, "NODE_CREATED " + p), pers);
        List<String> recursive = rec.events("rec").stream().map(s -> s.event().type() + " " + s.event().path()).toList();
        assertEquals(List.of("NODE_CREATED " + p, "NODE_CREATED " + p + "/c", "NODE_DATA_CHANGED " + p + "/c",
                "NODE_DATA_CHANGED " + p, "NODE_DELETED " + p + "/c", "NODE_DELETED " + p, "NODE_CREATED " + p), recursive);
    }

    @Test
    void removeWatchesChecksLocallyThenTellsTheServer() throws Exception {
        WardenClient c = client();
        BlockingClient b = c.blocking();
        EventRecorder rec = new EventRecorder();
        b.create(base + "/n", null, OPEN, CreateMode.PERSISTENT);
        Watcher w = rec.watcher("data");
        assertKeeper(ErrorCode.NOWATCHER, base + "/n", () -> b.removeWatches(base + "/n", w, WatcherType.DATA, false));
        b.getData(base + "/n", w);
        b.checkWatches(base + "/n", WatcherType.DATA);
        assertKeeper(ErrorCode.NOWATCHER, base + "/n", () -> b.checkWatches(base + "/n", WatcherType.CHILDREN));
        b.removeWatches(base + "/n", w, WatcherType.DATA, false);
        rec.await(event("data", EventType.DATA_WATCH_REMOVED, base + "/n"), WAIT);
        b.getChildren(base + "/n", rec.watcher("child"));
        b.addWatch(base + "/n", AddWatchMode.PERSISTENT, rec.watcher("pers"));
        b.removeAllWatches(base + "/n", WatcherType.ANY, false);
        rec.await(event("child", EventType.CHILD_WATCH_REMOVED, base + "/n"), WAIT);
        rec.await(event("pers", EventType.PERSISTENT_WATCH_REMOVED, base + "/n"), WAIT);
        assertKeeper(ErrorCode.NOWATCHER, base + "/n", () -> b.checkWatches(base + "/n", WatcherType.ANY));
        client().blocking().setData(base + "/n", utf8("x"), -1);
        b.sync(base + "/n");
        rec.assertNone(o -> o instanceof EventRecorder.Seen s && s.event().type() == EventType.NODE_DATA_CHANGED,
                Duration.ofMillis(200));
    }

    @Test
    void watchEventArrivesBeforeTheDataThatShowsTheChange() throws Exception {
        WardenClient c = client();
        BlockingClient writer = client().blocking();
        EventRecorder rec = new EventRecorder();
        c.blocking().create(base + "/n", utf8("0"), OPEN, CreateMode.PERSISTENT);
        // Own write: the NodeDataChanged precedes the setData reply.
        c.blocking().getData(base + "/n", rec.watcher("own"));
        get(c.setData(base + "/n", utf8("1"), -1).thenRun(() -> rec.mark("setData done")));
        assertTrue(rec.indexOf(event("own", EventType.NODE_DATA_CHANGED, base + "/n"))
                < rec.indexOf("setData done"::equals), rec.all().toString());
        // Someone else's write, then our read: the event comes before the read that shows it.
        for (int round = 0; round < 20; round++) {
            String tag = "w" + round;
            c.blocking().getData(base + "/n", rec.watcher(tag));
            writer.setData(base + "/n", utf8(tag), -1);
            NodeData seen = get(c.getData(base + "/n").thenApply(d -> {
                rec.mark("read " + tag);
                return d;
            }));
            assertEquals(tag, seen.utf8());
            int eventAt = rec.indexOf(event(tag, EventType.NODE_DATA_CHANGED, base + "/n"));
            assertTrue(eventAt >= 0 && eventAt < rec.indexOf(("read " + tag)::equals), rec.all().toString());
        }
    }

    @Test
    void completionsRunInSubmissionOrder() throws Exception {
        WardenClient c = client();
        c.blocking().create(base + "/n", null, OPEN, CreateMode.PERSISTENT);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = i;
            CompletableFuture<?> f = switch (i % 4) {
                case 0 -> c.setData(base + "/n", utf8("v" + i), -1);
                case 1 -> c.getData(base + "/n");
                case 2 -> c.exists(base + "/missing");
                default -> c.getData(base + "/missing");
            };
            boolean missing = i % 4 == 3;
            all.add(f.handle((v, e) -> {
                order.add(n);
                boolean expected = missing ? e instanceof KeeperException k && k.code() == ErrorCode.NONODE : e == null;
                return expected ? null : failures.add(n + ": " + e);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add(i);
        }
        assertEquals(expected, order);
        assertEquals(List.of(), failures);
    }

    @Test
    void slowWatcherPausesReadingWithoutLosingOrReorderingEvents() throws Exception {
        WardenClient c = client(b -> b.maxEventBacklog(4));
        long session = c.sessionId();
        List<String> seen = new CopyOnWriteArrayList<>();
        c.blocking().addWatch(base, AddWatchMode.PERSISTENT_RECURSIVE, e -> {
            try {
                Thread.sleep(10);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            seen.add(e.path());
        });
        WardenClient writer = client();
        List<CompletableFuture<?>> creates = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            creates.add(writer.create(base + "/n" + i, null, OPEN, CreateMode.PERSISTENT));
            expected.add(base + "/n" + i);
        }
        CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        for (int i = 0; i < 2000 && seen.size() < expected.size(); i++) {
            Thread.sleep(10);
        }
        assertEquals(expected, seen);
        assertEquals(ConnectionState.CONNECTED, c.state());
        assertEquals(session, c.sessionId());
        assertTrue(c.blocking().exists(base).isPresent());
    }

    @Test
    void watchRegistrationsAreBounded() throws Exception {
        WardenClient c = client(b -> b.maxWatches(1));
        c.blocking().getData(base, e -> { });
        assertThrows(IllegalStateException.class, () -> c.blocking().exists(base, e -> { }));
        assertTrue(c.blocking().exists(base).isPresent(), "reads without a watch still work");
    }

    @Test
    void blockingOnTheEventThreadIsRefused() throws Exception {
        WardenClient c = client();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        // A watch callback always runs on the event thread; a stage chained on an already
        // completed future would run on the test thread instead (that made this test flaky).
        c.blocking().getData(base, event -> {
            try {
                c.blocking().exists(base);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        c.blocking().setData(base, new byte[] {1}, -1);
        assertInstanceOf(IllegalStateException.class, get(outcome));
    }

    @Test
    void isEventThreadIsTrueExactlyWhereCallbacksRun() throws Exception {
        WardenClient c = client();
        assertFalse(c.isEventThread(), "the test thread");
        CompletableFuture<Boolean> inWatcher = new CompletableFuture<>();
        CompletableFuture<Boolean> inListener = new CompletableFuture<>();
        c.addConnectionStateListener((state, sid) -> inListener.complete(c.isEventThread()));
        c.blocking().getData(base, e -> inWatcher.complete(c.isEventThread()));
        // A stage attached to a future that has already completed runs on the attaching thread; hold
        // the event thread so that the completion certainly comes after the stage is attached.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        c.runOnEventThread(() -> {
            held.countDown();
            awaitQuietly(release);
        });
        assertTrue(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<Boolean> inCompletion = c.exists(base).thenApply(s -> c.isEventThread());
        release.countDown();
        CompletableFuture<Boolean> inTask = new CompletableFuture<>();
        c.runOnEventThread(() -> inTask.complete(c.isEventThread()));
        Boolean viaExecutor = CompletableFuture.supplyAsync(c::isEventThread, c.eventExecutor())
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        client().blocking().setData(base, utf8("x"), -1);
        ClientTestSupport.forceConnectionLoss(c);
        assertTrue(get(inWatcher), "watcher");
        assertTrue(get(inCompletion), "completion");
        assertTrue(get(inTask), "runOnEventThread task");
        assertTrue(viaExecutor, "eventExecutor task");
        assertTrue(get(inListener), "connection-state listener");
        WardenClient other = client();
        assertFalse(get(CompletableFuture.supplyAsync(c::isEventThread, other.eventExecutor())),
                "another client's event thread is not this client's");
    }

    @Test
    void runOnEventThreadRunsInOrderWithEvents() throws Exception {
        WardenClient c = client();
        WardenClient writer = client();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        c.runOnEventThread(() -> {
            held.countDown();
            awaitQuietly(release);
        });
        assertTrue(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        // Everything below is received while the event thread is held: a completion, a task, a watch
        // event, a task submitted from a task. They must run in exactly the order they arrived.
        c.exists(base + "/a", e -> order.add("event:" + e.path())).thenRun(() -> order.add("armed"));
        Stat armedAt = writer.blocking().setData(base, utf8("1"), -1);
        fence(c, armedAt.mzxid());
        c.runOnEventThread(() -> order.add("task1"));
        writer.blocking().create(base + "/a", null, OPEN, CreateMode.PERSISTENT);
        Stat later = writer.blocking().setData(base, utf8("2"), -1);
        fence(c, later.mzxid());
        c.runOnEventThread(() -> {
            order.add("task2");
            c.runOnEventThread(() -> order.add("nested"));
            order.add("task2-end");
        });
        release.countDown();
        eventually(() -> order.contains("nested"));
        assertEquals(List.of("armed", "task1", "event:" + base + "/a", "task2", "task2-end", "nested"), order);
    }

    @Test
    void runOnEventThreadIsBoundedAndRejectedAfterClose() throws Exception {
        WardenClient c = client(b -> b.maxEventBacklog(3));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        c.runOnEventThread(() -> {
            held.countDown();
            awaitQuietly(release);
        });
        assertTrue(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        for (int i = 0; i < 3; i++) {
            int n = i;
            c.runOnEventThread(() -> ran.add(n));
        }
        assertThrows(RejectedExecutionException.class, () -> c.runOnEventThread(() -> ran.add(99)));
        assertThrows(RejectedExecutionException.class, () -> c.eventExecutor().execute(() -> ran.add(98)));
        release.countDown();
        eventually(() -> ran.size() == 3);
        c.runOnEventThread(() -> ran.add(3));
        eventually(() -> ran.size() == 4);
        assertEquals(List.of(0, 1, 2, 3), ran);
        c.close();
        assertThrows(RejectedExecutionException.class, () -> c.runOnEventThread(() -> ran.add(100)));
        assertThrows(NullPointerException.class, () -> client().runOnEventThread(null));
    }

    /** Waits until a getData of {@code path} went into the proxy's black hole. */
    private static void awaitSwallowed(ChaosProxy proxy, String path) throws InterruptedException {
        eventually(() -> proxy.swallowed().stream().anyMatch(
                f -> f.request() instanceof GetDataRequest r && r.path().equals(path)));
    }

    /** Has {@code c} read after {@code zxid} and waits until its I/O thread has the reply. */
    private static void fence(WardenClient c, long zxid) throws Exception {
        c.exists("/");
        eventually(() -> c.lastZxid() >= zxid);
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < WAIT.toMillis() / 10; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("not within " + WAIT);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- sessions and connections

    @Test
    void reconnectAcrossServerRestartKeepsSessionAndRearmsWatches() throws Exception {
        EventRecorder rec = new EventRecorder();
        WardenClient c = client(b -> b.listener(rec.listener()).sessionTimeoutMs(20_000));
        BlockingClient b = c.blocking();
        long session = c.sessionId();
        b.create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        b.create(base + "/d", null, OPEN, CreateMode.PERSISTENT);
        b.getData(base + "/d", rec.watcher("data"));
        b.exists(base + "/later", rec.watcher("exist"));
        b.getChildren(base + "/d", rec.watcher("child"));
        b.addWatch(base, AddWatchMode.PERSISTENT_RECURSIVE, rec.watcher("rec"));
        long zxidBefore = c.lastZxid();

        restartServer();
        rec.await(state(ConnectionState.SUSPENDED), WAIT);
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        assertEquals(session, c.sessionId());
        assertEquals(List.of(ConnectionState.CONNECTED, ConnectionState.SUSPENDED, ConnectionState.RECONNECTED), rec.states());
        assertTrue(b.exists(base + "/eph").isPresent(), "the ephemeral survives");
        assertTrue(c.lastZxid() >= zxidBefore);

        BlockingClient writer = client().blocking();
        writer.setData(base + "/d", utf8("x"), -1);
        writer.create(base + "/later", null, OPEN, CreateMode.PERSISTENT);
        writer.create(base + "/d/k", null, OPEN, CreateMode.PERSISTENT);
        rec.await(event("data", EventType.NODE_DATA_CHANGED, base + "/d"), WAIT);
        rec.await(event("exist", EventType.NODE_CREATED, base + "/later"), WAIT);
        rec.await(event("child", EventType.NODE_CHILDREN_CHANGED, base + "/d"), WAIT);
        rec.await(event("rec", EventType.NODE_CREATED, base + "/d/k"), WAIT);
    }

    @Test
    void droppedConnectionFailsSentRequestsAndKeepsUnsentOnes() throws Exception {
        ChaosProxy proxy = proxy();
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener()));
        long session = c.sessionId();
        c.blocking().create(base + "/n", utf8("v"), OPEN, CreateMode.PERSISTENT);
        proxy.blackhole(true);
        CompletableFuture<NodeData> sent = c.getData(base + "/n");
        awaitSwallowed(proxy, base + "/n"); // sent, not merely queued
        proxy.refuseNew(true);
        proxy.dropAll();
        assertEquals(ErrorCode.CONNECTIONLOSS, failureOf(sent).code());
        rec.await(state(ConnectionState.SUSPENDED), WAIT);
        CompletableFuture<NodeData> queued = c.getData(base + "/n");
        Thread.sleep(300);
        assertFalse(queued.isDone(), "an unsent request waits for the next connection");
        proxy.blackhole(false);
        proxy.refuseNew(false);
        assertEquals("v", get(queued).utf8());
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        assertEquals(session, c.sessionId());
    }

    @Test
    void blackHoleIsDetectedByTheReadTimeout() throws Exception {
        ChaosProxy proxy = proxy();
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener()).sessionTimeoutMs(6000));
        long session = c.sessionId();
        proxy.blackhole(true);
        CompletableFuture<Optional<Stat>> sent = c.exists(base);
        Stopwatch watch = Stopwatch.createStarted();
        assertEquals(ErrorCode.CONNECTIONLOSS, failureOf(sent).code());
        long elapsedMs = watch.elapsed(TimeUnit.MILLISECONDS);
        // Pings go every 2 s and the read timeout is 4 s: the drop comes 2 to 4 s into the black hole
        // (the upper bound leaves room for a loaded machine, still short of the 6 s session timeout).
        assertTrue(elapsedMs >= 1500 && elapsedMs < 6000, "dropped after 2/3 of the timeout: " + elapsedMs);
        rec.await(state(ConnectionState.SUSPENDED), WAIT);
        proxy.blackhole(false);
        proxy.dropAll();
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        assertEquals(session, c.sessionId());
    }

    @Test
    void reconnectResendsAuthThenWatchesWithLastZxidAndKeepsXidsGrowing() throws Exception {
        ChaosProxy proxy = proxy();
        proxy.record(true);
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener())
                .auth(AuthInfo.digest("alice", "secret")).canBeReadOnly(true));
        BlockingClient b = c.blocking();
        b.create(base + "/n", null, OPEN, CreateMode.PERSISTENT);
        b.getData(base + "/n", rec.watcher("data"));
        b.addWatch(base + "/p", AddWatchMode.PERSISTENT, rec.watcher("pers"));
        long lastZxid = c.lastZxid();
        ClientTestSupport.forceConnectionLoss(c);
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        b.sync(base);

        List<ChaosProxy.Sent> sent = proxy.recorded();
        List<ChaosProxy.Sent> second = sent.stream().filter(s -> s.connection() == 1).toList();
        ConnectRequest reconnect = assertInstanceOf(ConnectRequest.class, second.get(0).message());
        assertEquals(c.sessionId(), reconnect.sessionId());
        assertEquals(lastZxid, reconnect.lastZxidSeen());
        assertTrue(reconnect.readOnly(), "canBeReadOnly sets the handshake's readOnly byte");
        RequestFrame auth = assertInstanceOf(RequestFrame.class, second.get(1).message());
        assertEquals(Xids.AUTH, auth.xid());
        RequestFrame watches = assertInstanceOf(RequestFrame.class, second.get(2).message());
        assertEquals(OpCode.SET_WATCHES2, watches.opCode(), "persistent watches need setWatches2");
        SetWatches2 sw = (SetWatches2) watches.request();
        assertEquals(lastZxid, sw.relativeZxid());
        assertEquals(List.of(base + "/n"), sw.dataWatches());
        assertEquals(List.of(base + "/p"), sw.persistentWatches());
        int maxXid = 0;
        for (RequestFrame f : proxy.recordedRequests()) {
            if (f.xid() > 0) {
                assertTrue(f.xid() > maxXid, "xids grow across reconnects: " + proxy.recordedRequests());
                maxXid = f.xid();
            }
        }
        b.removeAllWatches(base + "/p", WatcherType.ANY, false);
        ClientTestSupport.forceConnectionLoss(c);
        rec.await(state(ConnectionState.RECONNECTED), 2, WAIT);
        b.sync(base);
        List<ChaosProxy.Sent> third = proxy.recorded().stream().filter(s -> s.connection() == 2).toList();
        RequestFrame plain = assertInstanceOf(RequestFrame.class, third.get(2).message());
        assertEquals(OpCode.SET_WATCHES, plain.opCode(), "without persistent watches: setWatches");
        assertEquals(List.of(base + "/n"), ((SetWatches) plain.request()).dataWatches());
    }

    @Test
    void watchMissedWhileDisconnectedIsCaughtUpAfterReconnect() throws Exception {
        ChaosProxy proxy = proxy();
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener()));
        c.blocking().create(base + "/n", null, OPEN, CreateMode.PERSISTENT);
        c.blocking().getData(base + "/n", rec.watcher("data"));
        proxy.blackhole(true);
        client().blocking().setData(base + "/n", utf8("changed"), -1);
        Thread.sleep(200);
        assertEquals(0, rec.events("data").size(), "the notification went into the black hole");
        proxy.blackhole(false);
        proxy.dropAll();
        rec.await(event("data", EventType.NODE_DATA_CHANGED, base + "/n"), WAIT);
        assertTrue(rec.indexOf(state(ConnectionState.RECONNECTED))
                < rec.indexOf(event("data", EventType.NODE_DATA_CHANGED, base + "/n")));
    }

    @Test
    void sessionExpiryIsReportedOnceAndANewSessionStarts() throws Exception {
        ChaosProxy proxy = proxy();
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener()));
        BlockingClient b = c.blocking();
        long old = c.sessionId();
        b.create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        b.getData(base, rec.watcher("old"));
        // Cut the client off, queue a request, kill the session behind its back, let it back.
        proxy.refuseNew(true);
        proxy.dropAll();
        rec.await(state(ConnectionState.SUSPENDED), WAIT);
        CompletableFuture<NodeData> queued = c.getData(base);
        ClientTestSupport.killSession(serverAddress(), old, c.sessionPassword().toByteArray());
        proxy.refuseNew(false);
        assertEquals(ErrorCode.SESSIONEXPIRED, failureOf(queued).code());
        EventRecorder.State lost = (EventRecorder.State) rec.await(state(ConnectionState.LOST), WAIT);
        assertEquals(old, lost.sessionId());
        EventRecorder.State fresh = (EventRecorder.State) rec.await(state(ConnectionState.CONNECTED), 2, WAIT);
        assertNotEquals(old, fresh.sessionId());
        assertEquals(fresh.sessionId(), c.sessionId());
        assertEquals(List.of(ConnectionState.CONNECTED, ConnectionState.SUSPENDED, ConnectionState.LOST,
                ConnectionState.CONNECTED), rec.states());
        assertEquals(Optional.empty(), b.exists(base + "/eph"), "the old session's ephemeral is gone");
        b.create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        assertEquals(c.sessionId(), b.exists(base + "/eph").orElseThrow().ephemeralOwner());
        client().blocking().create(base + "/k", null, OPEN, CreateMode.PERSISTENT);
        b.sync(base);
        assertEquals(0, rec.events("old").size(), "watches of the lost session are gone");
        assertEquals(1, rec.count(state(ConnectionState.LOST)));
    }

    @Test
    void forcedExpiryOfAConnectedClient() throws Exception {
        EventRecorder rec = new EventRecorder();
        WardenClient c = client(b -> b.listener(rec.listener()));
        long old = c.sessionId();
        c.blocking().create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        ClientTestSupport.forceSessionExpiry(c);
        rec.await(state(ConnectionState.LOST), WAIT);
        rec.await(state(ConnectionState.CONNECTED), 2, WAIT);
        assertNotEquals(old, c.sessionId());
        assertEquals(Optional.empty(), c.blocking().exists(base + "/eph"));
    }

    @Test
    void disconnectedLongerThanTheSessionTimeoutIsLost() throws Exception {
        ChaosProxy proxy = proxy();
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener()).sessionTimeoutMs(4000));
        long old = c.sessionId();
        int timeout = c.negotiatedSessionTimeoutMs();
        proxy.refuseNew(true);
        proxy.dropAll();
        rec.await(state(ConnectionState.SUSPENDED), WAIT);
        Stopwatch watch = Stopwatch.createStarted();
        rec.await(state(ConnectionState.LOST), WAIT);
        long elapsedMs = watch.elapsed(TimeUnit.MILLISECONDS);
        assertTrue(elapsedMs >= timeout - 200, "LOST after the session timeout: " + elapsedMs);
        proxy.refuseNew(false);
        rec.await(state(ConnectionState.CONNECTED), 2, WAIT);
        assertNotEquals(old, c.sessionId());
    }

    @Test
    void chrootIsAddedAndRemovedEverywhere() throws Exception {
        BlockingClient root = client().blocking();
        WardenClient c = clientTo(connectString() + base, b -> { });
        BlockingClient b = c.blocking();
        EventRecorder rec = new EventRecorder();
        assertEquals(base, c.chroot());
        assertEquals("/a", b.create("/a", utf8("x"), OPEN, CreateMode.PERSISTENT));
        assertEquals("x", root.getData(base + "/a").utf8());
        String seq = b.create("/a/s-", null, OPEN, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertTrue(seq.matches("/a/s-\\d{10}"), seq);
        assertEquals("/a/c", b.createWithStat("/a/c", null, OPEN, CreateMode.PERSISTENT).path());
        assertEquals(List.of("a"), b.getChildren("/"));
        assertEquals("/a", b.sync("/a"));
        assertEquals(List.of(seq), b.getEphemerals("/"));
        assertKeeper(ErrorCode.NONODE, "/none", () -> b.getData("/none"));
        List<TxnResult> r = b.multi(List.of(new TxnOp.Create("/m", null, OPEN, CreateMode.PERSISTENT, -1, false)));
        assertEquals(new TxnResult.CreateResult("/m", null), r.get(0));
        b.getData("/a", rec.watcher("data"));
        b.addWatch("/", AddWatchMode.PERSISTENT_RECURSIVE, rec.watcher("rec"));
        root.setData(base + "/a", utf8("y"), -1);
        root.create(base + "/a/c/d", null, OPEN, CreateMode.PERSISTENT);
        rec.await(event("data", EventType.NODE_DATA_CHANGED, "/a"), WAIT);
        rec.await(event("rec", EventType.NODE_CREATED, "/a/c/d"), WAIT);
        b.removeAllWatches("/", WatcherType.PERSISTENT_RECURSIVE, false);
        rec.await(event("rec", EventType.PERSISTENT_WATCH_REMOVED, "/"), WAIT);
    }

    @Test
    void requestTimeoutAndPendingLimit() throws Exception {
        ChaosProxy proxy = proxy();
        EventRecorder rec = new EventRecorder();
        WardenClient c = clientTo(proxy.connectString(), b -> b.listener(rec.listener()).requestTimeoutMs(500)
                .maxPendingRequests(3));
        proxy.blackhole(true);
        Stopwatch watch = Stopwatch.createStarted();
        List<CompletableFuture<?>> sent = List.of(c.exists(base), c.exists(base), c.exists(base));
        KeeperException throttled = failureOf(c.exists(base));
        assertEquals(ErrorCode.THROTTLEDOP, throttled.code());
        for (CompletableFuture<?> f : sent) {
            assertEquals(ErrorCode.REQUESTTIMEOUT, failureOf(f).code());
        }
        long elapsedMs = watch.elapsed(TimeUnit.MILLISECONDS);
        // From the request timeout, not the read timeout (2/3 of 10 s would drop the connection and
        // fail them with CONNECTIONLOSS); the upper bound leaves room for a loaded machine.
        assertTrue(elapsedMs >= 450 && elapsedMs < 6000, "timed out after about 500 ms: " + elapsedMs);
        proxy.blackhole(false);
        proxy.dropAll();
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        // Usable again. On a loaded machine one read may take longer than the 500 ms timeout (that
        // is the timeout doing its job), so a timed-out read is tried again, boundedly.
        for (int attempt = 1; ; attempt++) {
            try {
                assertTrue(c.blocking().exists(base).isPresent());
                break;
            } catch (KeeperException e) {
                if (e.code() != ErrorCode.REQUESTTIMEOUT || attempt >= 40) {
                    throw e;
                }
            }
        }
    }

    @Test
    void failsOverToTheNextHostWithTheSameSession() throws Exception {
        ChaosProxy p1 = proxy();
        ChaosProxy p2 = proxy();
        ChaosProxy dead = proxy();
        dead.refuseNew(true);
        EventRecorder rec = new EventRecorder();
        String cs = dead.connectString() + "," + p1.connectString() + "," + p2.connectString();
        WardenClient c = clientTo(cs, b -> b.listener(rec.listener()).randomSeed(42));
        long session = c.sessionId();
        c.blocking().create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        ChaosProxy current = p1.openConnections() > 0 ? p1 : p2;
        ChaosProxy other = current == p1 ? p2 : p1;
        current.refuseNew(true);
        current.dropAll();
        rec.await(state(ConnectionState.RECONNECTED), WAIT);
        assertEquals(session, c.sessionId());
        assertEquals(1, other.openConnections());
        assertTrue(c.blocking().exists(base + "/eph").isPresent());
    }

    @Test
    void readOnlyServerServesUntilAReadWriteOneIsFound() throws Exception {
        try (ReadOnlyStubServer ro = ReadOnlyStubServer.start()) {
            String cs = ro.connectString() + "," + connectString();
            long seed = seedTryingFirst(cs, ro.connectString());
            EventRecorder rec = new EventRecorder();
            AtomicReference<WardenClient> holder = new AtomicReference<>();
            CompletableFuture<KeeperException> roWrite = new CompletableFuture<>();
            WardenClient c = clientTo(cs, b -> b.canBeReadOnly(true).randomSeed(seed).listener(rec.listener())
                    .listener((state, sid) -> {
                        if (state == ConnectionState.READ_ONLY) {
                            holder.get().create(base + "/ro", null, OPEN, CreateMode.PERSISTENT)
                                    .whenComplete((v, e) -> roWrite.complete((KeeperException) e));
                        }
                    }), holder);
            EventRecorder.State readOnly = (EventRecorder.State) rec.await(state(ConnectionState.READ_ONLY), WAIT);
            assertEquals(ErrorCode.NOTREADONLY, get(roWrite).code());
            EventRecorder.State rw = (EventRecorder.State) rec.await(state(ConnectionState.CONNECTED), WAIT);
            assertEquals(List.of(ConnectionState.READ_ONLY, ConnectionState.SUSPENDED, ConnectionState.CONNECTED),
                    rec.states());
            assertNotEquals(readOnly.sessionId(), rw.sessionId(), "a read-only session is not re-attached");
            c.blocking().create(base + "/rw", null, OPEN, CreateMode.PERSISTENT);
        }
    }

    @Test
    void readOnlyServerIsSkippedUnlessAllowed() throws Exception {
        try (ReadOnlyStubServer ro = ReadOnlyStubServer.start()) {
            String cs = ro.connectString() + "," + connectString();
            EventRecorder rec = new EventRecorder();
            WardenClient c = clientTo(cs, b -> b.randomSeed(seedTryingFirst(cs, ro.connectString()))
                    .listener(rec.listener()));
            assertEquals(List.of(ConnectionState.CONNECTED), rec.states());
            c.blocking().create(base + "/rw", null, OPEN, CreateMode.PERSISTENT);
        }
    }

    /** A random seed whose host order starts with {@code first}. */
    private static long seedTryingFirst(String cs, String first) {
        ConnectString parsed = ConnectString.parse(cs);
        for (long seed = 0; seed < 1000; seed++) {
            InetSocketAddress head = new HostList(parsed.hosts(), new Random(seed)).order().get(0);
            if ((head.getHostString() + ":" + head.getPort()).equals(first)) {
                return seed;
            }
        }
        throw new AssertionError("no seed puts " + first + " first");
    }

    @Test
    void closeEndsTheSessionAtOnce() throws Exception {
        WardenClient c = client();
        c.blocking().create(base + "/eph", null, OPEN, CreateMode.EPHEMERAL);
        WardenClient watcher = client();
        EventRecorder rec = new EventRecorder();
        watcher.blocking().exists(base + "/eph", rec.watcher("w"));
        c.close();
        rec.await(event("w", EventType.NODE_DELETED, base + "/eph"), Duration.ofSeconds(3));
        assertEquals(ErrorCode.SESSIONEXPIRED, failureOf(c.exists(base)).code());
        c.close();
    }

    @Test
    void retrierRetriesOnlyWhatIsSafe() throws Exception {
        ChaosProxy proxy = proxy();
        WardenClient c = clientTo(proxy.connectString(), b -> { });
        c.blocking().create(base + "/n", utf8("v"), OPEN, CreateMode.PERSISTENT);
        AtomicInteger attempts = new AtomicInteger();
        Retrier retrier = Retrier.of(c, RetryPolicies.exponentialBackoff(20, 200, 10, 7));
        proxy.blackhole(true);
        CompletableFuture<NodeData> f = retrier.run(() -> {
            attempts.incrementAndGet();
            return c.getData(base + "/n");
        });
        awaitSwallowed(proxy, base + "/n"); // the first attempt was sent: the drop fails it
        proxy.blackhole(false);
        proxy.dropAll();
        assertEquals("v", get(f).utf8());
        assertTrue(attempts.get() >= 2, "retried after CONNECTIONLOSS: " + attempts.get());
        attempts.set(0);
        KeeperException e = failureOf(retrier.run(() -> {
            attempts.incrementAndGet();
            return c.getData(base + "/none");
        }));
        assertEquals(ErrorCode.NONODE, e.code());
        assertEquals(1, attempts.get(), "NONODE is not retried");
        assertEquals("v", retrier.call(() -> c.blocking().getData(base + "/n")).utf8());
    }
}
