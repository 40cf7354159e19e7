package io.warden.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.warden.client.internal.Call;
import io.warden.client.internal.Chroot;
import io.warden.client.internal.ClientCore;
import io.warden.client.internal.EventDispatcher;
import io.warden.client.internal.WatchRegistry;
import io.warden.protocol.AddWatchMode;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Paths;
import io.warden.protocol.WatcherType;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SyncRequest;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetAllChildrenNumberResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.GetEphemeralsResponse;
import io.warden.protocol.response.SetACLResponse;
import io.warden.protocol.response.SetDataResponse;
import io.warden.protocol.response.SyncResponse;
import io.warden.protocol.response.WhoAmIResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ZooKeeper client on netty and the Warden codec: every operation of ZooKeeper 3.9 as a
 * {@link CompletableFuture} method (blocking forms: {@link #blocking()}).
 *
 * <p><b>Paths</b> are client paths: with a chroot in the connect string ({@code "h:2181/app"}) the
 * chroot is prepended before sending and removed from every path the server returns (create,
 * sync, multi results, getEphemerals, watch events). Paths are validated before sending
 * ({@link Paths}); an invalid one throws IllegalArgumentException at once, as the ZooKeeper Java
 * client does. Errors complete the future exceptionally with a {@link KeeperException} carrying
 * the exact {@link ErrorCode} and the client path.
 *
 * <p><b>Threading.</b> One netty event loop does the I/O; one event thread runs every watcher,
 * connection-state listener and future completion, in the order the server sent the frames (a
 * watch event before the reply that shows the change). Dependent stages attached with
 * {@code thenApply} etc. therefore run on the event thread and must not block; blocking calls from
 * it are refused ({@link #isEventThread()} tells code where it runs). {@link #runOnEventThread}
 * queues a task of your own in order with the events, e.g. to update state that watchers also
 * update without a lock. No {@code synchronized} block or monitor wait guards any network wait.
 *
 * <p><b>Sessions.</b> See {@link ConnectionState}: a dropped connection is SUSPENDED and then
 * RECONNECTED (same session, auth re-sent, watches re-registered with setWatches and the last zxid
 * seen); an expired session is reported LOST once, and the client builds a new session by itself
 * (reported CONNECTED) — the Curator and Kazoo behaviour, chosen so that long-lived recipes never
 * hold a dead handle. Watches and ephemerals of the lost session are gone; credentials are kept.
 * Requests sent when the connection drops fail with CONNECTIONLOSS (they may or may not have been
 * applied); requests not yet sent wait for the next connection of the same session, and fail with
 * SESSIONEXPIRED if the session is lost first. {@link Retrier} retries what is safe to retry.
 *
 * <p>Thread-safe.
 */
public final class WardenClient implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ClientConfig config;
    private final ClientCore core;
    private final Chroot chroot;
    private final EventLoopGroup ownedGroup;
    private final BlockingClient blocking;
    private final AtomicBoolean started = new AtomicBoolean();

    private WardenClient(ClientConfig config) {
        this.config = config;
        String name = config.name() + "-" + INSTANCES.incrementAndGet();
        EventLoopGroup group = config.eventLoopGroup();
        this.ownedGroup = group == null ? new NioEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true)) : null;
        EventDispatcher events = new EventDispatcher(name + "-event");
        this.core = new ClientCore(config, (group == null ? ownedGroup : group).next(), events);
        this.chroot = core.chroot();
        this.blocking = new BlockingClient(this);
    }

    /** Creates a client and starts connecting; returns at once (see {@link #whenConnected()}). */
    public static WardenClient start(ClientConfig config) {
        WardenClient client = create(config);
        client.connect();
        return client;
    }

    /**
     * Creates a client that does not connect until {@link #connect()}: lets code that the config's
     * listeners call hold the client first. Its threads exist from here on; close it in any case.
     */
    public static WardenClient create(ClientConfig config) {
        return new WardenClient(Objects.requireNonNull(config, "config"));
    }

    /** Starts connecting (once; later calls do nothing). */
    public void connect() {
        if (started.compareAndSet(false, true)) {
            core.start();
        }
    }

    /** {@link #start(ClientConfig)} with default settings. */
    public static WardenClient start(String connectString) {
        return start(ClientConfig.builder(connectString).build());
    }

    // ---------------------------------------------------------------- state

    /** Blocking forms of every operation. */
    public BlockingClient blocking() {
        return blocking;
    }

    public ClientConfig config() {
        return config;
    }

    /** The chroot of the connect string, or {@code null}. */
    public String chroot() {
        return chroot.root();
    }

    /** The current session id; 0 while there is none. */
    public long sessionId() {
        return core.sessionId();
    }

    /** The current session password (16 bytes; zeros while there is no session). */
    public Bytes sessionPassword() {
        return core.sessionPassword();
    }

    /** The timeout the server granted; 0 while there is no session. */
    public int negotiatedSessionTimeoutMs() {
        return core.negotiatedSessionTimeoutMs();
    }

    /** The largest zxid seen in a reply. */
    public long lastZxid() {
        return core.lastZxid();
    }

    /** The last reported connection state, or {@code null} before the first connection. */
    public ConnectionState state() {
        return core.state();
    }

    /**
     * Completes (on the event thread) once the client is connected: at once if it is, else at the
     * next CONNECTED, RECONNECTED or READ_ONLY; fails with SESSIONEXPIRED if the client closes first.
     */
    public CompletableFuture<Void> whenConnected() {
        return core.whenConnected();
    }

    /** Adds a listener for every later state change (delivered on the event thread). */
    public void addConnectionStateListener(ConnectionStateListener listener) {
        core.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeConnectionStateListener(ConnectionStateListener listener) {
        core.removeListener(listener);
    }

    // ---------------------------------------------------------------- the event thread

    /**
     * Whether the calling thread is this client's event thread: the one thread that runs every
     * watcher, connection-state listener, future completion and {@link #runOnEventThread} task.
     * Code that may block should check it: blocking there stalls every later event, and the
     * {@link #blocking()} API refuses to (IllegalStateException) because the reply it would wait for
     * is delivered by this very thread.
     */
    public boolean isEventThread() {
        return core.events().isEventThread();
    }

    /**
     * Runs {@code task} on the event thread, in order with the events: after every watch event,
     * state change and completion the client has already received, and before those it receives
     * later. Returns at once. Called from the event thread, the task runs after the current callback
     * and everything queued meanwhile, never nested inside it. A task that throws is logged and the
     * event thread carries on. Tasks must not block, for the same reason as watchers.
     *
     * <p>Bounded: at most {@link ClientConfig#maxEventBacklog()} such tasks wait at a time.
     *
     * @throws RejectedExecutionException if the client is closed (its event thread has finished
     *     what was queued and stopped), or too many tasks wait already
     */
    public void runOnEventThread(Runnable task) {
        core.events().submit(Objects.requireNonNull(task, "task"), config.maxEventBacklog());
    }

    /**
     * This client's event thread as an {@link Executor}: {@link #runOnEventThread} with the same
     * ordering and rejection rules, e.g. {@code future.thenRunAsync(step, client.eventExecutor())} to
     * run a step on the event thread even when the future completed elsewhere.
     */
    public Executor eventExecutor() {
        return this::runOnEventThread;
    }

    // ---------------------------------------------------------------- create / delete

    /**
     * create (op 1; op 19 for CONTAINER, which returns the path only here). Returns the actual
     * path (with the sequence suffix). TTL modes need {@link #createWithStat(String, byte[], List,
     * CreateMode, long)}.
     */
    public CompletableFuture<String> create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        checkCreate(path, mode, -1);
        if (mode.isTtl()) {
            throw new IllegalArgumentException("TTL mode " + mode + " needs createWithStat(..., ttlMs)");
        }
        CreateRequest req = new CreateRequest(server(path), Bytes.copyOf(data), acl, mode.flag());
        OpCode op = mode.isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE;
        return call(op, req, path, (err, r) -> {
            check(err, path);
            return chroot.toClient(r instanceof Create2Response c2 ? c2.path() : ((CreateResponse) r).path());
        });
    }

    /** create2 (op 15; 19 for CONTAINER): the path and the new node's Stat. */
    public CompletableFuture<Created> createWithStat(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        return createWithStat(path, data, acl, mode, -1);
    }

    /**
     * create2 / createContainer / createTTL (op 15, 19 or 21 by mode): the path and the new node's
     * Stat. {@code ttlMs} is for the TTL modes (1 to 0xFFFFFFFFFF ms; the server must enable
     * extended types) and must be -1 for the others.
     */
    public CompletableFuture<Created> createWithStat(String path, byte[] data, List<Acl> acl, CreateMode mode,
            long ttlMs) {
        checkCreate(path, mode, ttlMs);
        Bytes bytes = Bytes.copyOf(data);
        String sp = server(path);
        OpCode op = mode.isTtl() ? OpCode.CREATE_TTL : mode.isContainer() ? OpCode.CREATE_CONTAINER : OpCode.CREATE2;
        Request req = mode.isTtl() ? new CreateTTLRequest(sp, bytes, acl, mode.flag(), ttlMs)
                : new CreateRequest(sp, bytes, acl, mode.flag());
        return call(op, req, path, (err, r) -> {
            check(err, path);
            Create2Response c2 = (Create2Response) r;
            return new Created(chroot.toClient(c2.path()), c2.stat());
        });
    }

    /** delete; {@code version} -1 matches any. */
    public CompletableFuture<Void> delete(String path, int version) {
        validate(path);
        return call(OpCode.DELETE, new DeleteRequest(server(path), version), path, (err, r) -> {
            check(err, path);
            return null;
        });
    }

    // ---------------------------------------------------------------- reads

    /** exists: the Stat, or empty if there is no such node. */
    public CompletableFuture<Optional<Stat>> exists(String path) {
        return exists(path, null);
    }

    /**
     * exists with a one-shot watcher ({@code null}: none). The watch is set whether or not the
     * node exists: a missing node's watch fires NodeCreated.
     */
    public CompletableFuture<Optional<Stat>> exists(String path, Watcher watcher) {
        validate(path);
        Call.Registration reg = watcher == null ? null
                : new Call.Registration(path, watcher, WatchRegistry.Kind.DATA, WatchRegistry.Kind.EXIST);
        return call(OpCode.EXISTS, new ExistsRequest(server(path), watcher != null), path, reg, (err, r) -> {
            if (err == ErrorCode.NONODE) {
                return Optional.empty();
            }
            check(err, path);
            return Optional.of(((ExistsResponse) r).stat());
        });
    }

    public CompletableFuture<NodeData> getData(String path) {
        return getData(path, null);
    }

    /** getData with a one-shot watcher ({@code null}: none), set only if the node exists. */
    public CompletableFuture<NodeData> getData(String path, Watcher watcher) {
        validate(path);
        return call(OpCode.GET_DATA, new GetDataRequest(server(path), watcher != null), path,
                registration(path, watcher, WatchRegistry.Kind.DATA), (err, r) -> {
                    check(err, path);
                    GetDataResponse g = (GetDataResponse) r;
                    return new NodeData(g.data(), g.stat());
                });
    }

    /** setData; {@code version} -1 matches any. Returns the new Stat. */
    public CompletableFuture<Stat> setData(String path, byte[] data, int version) {
        validate(path);
        return call(OpCode.SET_DATA, new SetDataRequest(server(path), Bytes.copyOf(data), version), path, (err, r) -> {
            check(err, path);
            return ((SetDataResponse) r).stat();
        });
    }

    public CompletableFuture<List<String>> getChildren(String path) {
        return getChildren(path, null);
    }

    /** getChildren (op 8): child names, unsorted; a one-shot child watcher ({@code null}: none). */
    public CompletableFuture<List<String>> getChildren(String path, Watcher watcher) {
        validate(path);
        return call(OpCode.GET_CHILDREN, new GetChildrenRequest(server(path), watcher != null), path,
                registration(path, watcher, WatchRegistry.Kind.CHILD), (err, r) -> {
                    check(err, path);
                    return nonNull(((GetChildrenResponse) r).children());
                });
    }

    public CompletableFuture<Children> getChildrenWithStat(String path) {
        return getChildrenWithStat(path, null);
    }

    /** getChildren2 (op 12): child names and the node's Stat; a one-shot child watcher or null. */
    public CompletableFuture<Children> getChildrenWithStat(String path, Watcher watcher) {
        validate(path);
        return call(OpCode.GET_CHILDREN2, new GetChildren2Request(server(path), watcher != null), path,
                registration(path, watcher, WatchRegistry.Kind.CHILD), (err, r) -> {
                    check(err, path);
                    GetChildren2Response g = (GetChildren2Response) r;
                    return new Children(nonNull(g.children()), g.stat());
                });
    }

    public CompletableFuture<NodeAcl> getACL(String path) {
        validate(path);
        return call(OpCode.GET_ACL, new GetACLRequest(server(path)), path, (err, r) -> {
            check(err, path);
            GetACLResponse g = (GetACLResponse) r;
            return new NodeAcl(nonNull(g.acl()), g.stat());
        });
    }

    /** setACL; {@code aclVersion} is checked against aversion (-1: any). Returns the new Stat. */
    public CompletableFuture<Stat> setACL(String path, List<Acl> acl, int aclVersion) {
        validate(path);
        return call(OpCode.SET_ACL, new SetACLRequest(server(path), acl, aclVersion), path, (err, r) -> {
            check(err, path);
            return ((SetACLResponse) r).stat();
        });
    }

    /** sync: completes after the server has caught up with the leader; returns the path. */
    public CompletableFuture<String> sync(String path) {
        validate(path);
        return call(OpCode.SYNC, new SyncRequest(server(path)), path, (err, r) -> {
            check(err, path);
            return chroot.toClient(((SyncResponse) r).path());
        });
    }

    /**
     * getEphemerals: this session's ephemeral nodes whose path starts with {@code prefixPath}
     * (a plain string prefix; "/" for all), chroot removed; nodes outside the chroot are left out.
     */
    public CompletableFuture<List<String>> getEphemerals(String prefixPath) {
        validate(prefixPath);
        return call(OpCode.GET_EPHEMERALS, new GetEphemeralsRequest(server(prefixPath)), prefixPath, (err, r) -> {
            check(err, prefixPath);
            List<String> out = new ArrayList<>();
            for (String p : nonNull(((GetEphemeralsResponse) r).ephemerals())) {
                String client = chroot.toClient(p);
                if (chroot.root() == null || !client.equals(p)) {
                    out.add(client);
                }
            }
            return List.copyOf(out);
        });
    }

    /** getAllChildrenNumber: the number of all descendants of the node. */
    public CompletableFuture<Integer> getAllChildrenNumber(String path) {
        validate(path);
        return call(OpCode.GET_ALL_CHILDREN_NUMBER, new GetAllChildrenNumberRequest(server(path)), path, (err, r) -> {
            check(err, path);
            return ((GetAllChildrenNumberResponse) r).totalNumber();
        });
    }

    /** whoAmI: the identities of this connection (always ip, plus digest users etc.). */
    public CompletableFuture<List<ClientInfo>> whoAmI() {
        return call(OpCode.WHO_AM_I, EmptyRequest.INSTANCE, null, (err, r) -> {
            check(err, null);
            return nonNull(((WhoAmIResponse) r).clientInfo());
        });
    }

    // ---------------------------------------------------------------- multi

    /** A transaction builder; {@link Transaction#commit()} sends it as one multi. */
    public Transaction transaction() {
        return new Transaction(this);
    }

    /**
     * multi: all ops or none. On failure the future fails with the failing op's code and path, and
     * {@link KeeperException#results()} holds every op's result. An empty list completes at once.
     */
    public CompletableFuture<List<TxnResult>> multi(List<TxnOp> ops) {
        List<TxnOp> copy = List.copyOf(ops);
        if (copy.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return call(OpCode.MULTI, Multis.request(copy, chroot), null, (err, r) -> Multis.results(err, r, copy, chroot));
    }

    /** multiRead: each read runs on its own; failures are {@link ReadResult.ErrorResult}s. */
    public CompletableFuture<List<ReadResult>> multiRead(List<ReadOp> ops) {
        List<ReadOp> copy = List.copyOf(ops);
        if (copy.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return call(OpCode.MULTI_READ, Multis.readRequest(copy, chroot), null, (err, r) -> Multis.readResults(err, r));
    }

    // ---------------------------------------------------------------- watches

    /**
     * addWatch: a persistent listener on {@code path} (PERSISTENT: every event of the node itself;
     * PERSISTENT_RECURSIVE: created, deleted and data events of the node and its whole subtree,
     * never NodeChildrenChanged). It stays until removed, survives reconnects, and ends with the
     * session. The node need not exist.
     */
    public CompletableFuture<Void> addWatch(String path, AddWatchMode mode, Watcher watcher) {
        validate(path);
        Objects.requireNonNull(watcher, "watcher");
        WatchRegistry.Kind kind = mode == AddWatchMode.PERSISTENT ? WatchRegistry.Kind.PERSISTENT
                : WatchRegistry.Kind.PERSISTENT_RECURSIVE;
        return call(OpCode.ADD_WATCH, new AddWatchRequest(server(path), mode.code()), path,
                new Call.Registration(path, watcher, kind, null), (err, r) -> {
                    check(err, path);
                    return null;
                });
    }

    /**
     * Removes one watcher of {@code type} on {@code path}, as the Java client does: NOWATCHER at
     * once if this client holds no such watcher; otherwise checkWatches (op 17) asks the server,
     * and on OK the watcher is removed and gets DATA_WATCH_REMOVED, CHILD_WATCH_REMOVED or
     * PERSISTENT_WATCH_REMOVED. With {@code local} the removal happens even when the server cannot
     * be reached or answers an error.
     */
    public CompletableFuture<Void> removeWatches(String path, Watcher watcher, WatcherType type, boolean local) {
        validate(path);
        Objects.requireNonNull(watcher, "watcher");
        return removal(OpCode.CHECK_WATCHES, new CheckWatchesRequest(server(path), type.code()),
                new Call.Removal(path, watcher, type, local));
    }

    /** Removes every watcher of {@code type} on {@code path} (removeWatches, op 18); see above. */
    public CompletableFuture<Void> removeAllWatches(String path, WatcherType type, boolean local) {
        validate(path);
        return removal(OpCode.REMOVE_WATCHES, new RemoveWatchesRequest(server(path), type.code()),
                new Call.Removal(path, null, type, local));
    }

    /**
     * checkWatches (op 17) as a plain server query: OK if the server holds a watch of
     * {@code type} on {@code path} for this connection, else NOWATCHER. Changes nothing locally.
     */
    public CompletableFuture<Void> checkWatches(String path, WatcherType type) {
        validate(path);
        return call(OpCode.CHECK_WATCHES, new CheckWatchesRequest(server(path), type.code()), path, (err, r) -> {
            check(err, path);
            return null;
        });
    }

    private CompletableFuture<Void> removal(OpCode op, Request req, Call.Removal removal) {
        long now = core.nowNanos();
        return core.submit(new Call<Void>(op, req, removal.clientPath(), (err, r) -> null, null, removal, true, now,
                deadline(now)));
    }

    // ---------------------------------------------------------------- auth and lifecycle

    /** addAuth with raw bytes, e.g. {@code ("digest", "user:pw".getBytes(UTF_8))}. */
    public CompletableFuture<Void> addAuth(String scheme, byte[] auth) {
        return addAuth(new AuthInfo(scheme, Bytes.copyOf(auth)));
    }

    /**
     * Sends an auth packet now (or at the next connection) and on every later connection of this
     * client. Completes when the server accepts it; fails with AUTHFAILED if it rejects it (the
     * server then closes the connection; the client reconnects without that credential — unlike
     * the Java client, the handle stays usable).
     */
    public CompletableFuture<Void> addAuth(AuthInfo auth) {
        return core.addAuth(Objects.requireNonNull(auth, "auth"));
    }

    /**
     * Closes the session (closeSession, so its ephemerals go at once) if connected, else just
     * stops; then releases the threads. Requests still pending fail.
     */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> closed = core.closeAsync();
        return closed.thenRun(() -> {
            if (ownedGroup != null) {
                ownedGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        });
    }

    /**
     * {@link #closeAsync()} and wait (up to closeTimeoutMs plus a second). From the event thread it
     * only starts closing: waiting there would deadlock.
     */
    @Override
    public void close() {
        CompletableFuture<Void> closed = closeAsync();
        if (core.events().isEventThread()) {
            return;
        }
        try {
            closed.get(config.closeTimeoutMs() + 1000L, TimeUnit.MILLISECONDS);
            core.events().awaitTermination(1000);
            if (ownedGroup != null) {
                ownedGroup.terminationFuture().await(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("close did not finish", e);
        }
    }

    /** Drops the current connection as if the network failed (for {@code ClientTestSupport}). */
    void injectConnectionLoss() {
        core.injectConnectionLoss();
    }

    /** Runs {@code task} on the event thread after {@code delayMs} (for {@link Retrier}). */
    void schedule(Runnable task, long delayMs) {
        core.scheduleOnEventThread(task, delayMs);
    }

    long nowNanos() {
        return core.nowNanos();
    }

    // ---------------------------------------------------------------- helpers

    private <T> CompletableFuture<T> call(OpCode op, Request req, String path, Call.Decoder<T> decoder) {
        return call(op, req, path, null, decoder);
    }

    private <T> CompletableFuture<T> call(OpCode op, Request req, String path, Call.Registration reg,
            Call.Decoder<T> decoder) {
        long now = core.nowNanos();
        return core.submit(new Call<>(op, req, path, decoder, reg, null, true, now, deadline(now)));
    }

    private long deadline(long now) {
        int ms = config.requestTimeoutMs();
        return ms == 0 ? Long.MAX_VALUE : now + TimeUnit.MILLISECONDS.toNanos(ms);
    }

    private static Call.Registration registration(String path, Watcher watcher, WatchRegistry.Kind kind) {
        return watcher == null ? null : new Call.Registration(path, watcher, kind, null);
    }

    private String server(String clientPath) {
        return chroot.toServer(clientPath);
    }

    static void check(ErrorCode err, String path) throws KeeperException {
        if (err != ErrorCode.OK) {
            throw new KeeperException(err, path);
        }
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    static void validate(String path) {
        String reason = Paths.invalidReason(path);
        if (reason != null) {
            throw new IllegalArgumentException("Invalid path string \"" + path + "\" caused by " + reason);
        }
    }

    static void checkCreate(String path, CreateMode mode, long ttlMs) {
        Objects.requireNonNull(mode, "mode");
        validate(mode.isSequential() ? path + "1" : path);
        if (mode.isTtl()) {
            if (ttlMs <= 0 || ttlMs > io.warden.protocol.Limits.MAX_TTL_MS) {
                throw new IllegalArgumentException("ttlMs out of range for " + mode + ": " + ttlMs);
            }
        } else if (ttlMs != -1) {
            throw new IllegalArgumentException("ttlMs must be -1 for " + mode + ": " + ttlMs);
        }
    }
}
