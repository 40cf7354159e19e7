package io.warden.client.internal;

import com.google.common.base.Ticker;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.warden.client.AuthInfo;
import io.warden.client.ClientConfig;
import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.KeeperException;
import io.warden.client.WatchedEvent;
import io.warden.client.Watcher;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.Limits;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.netty.ClientFrameDecoder;
import io.warden.protocol.netty.FrameEncoder;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.response.ConnectResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.Response;
import io.warden.protocol.response.WatcherEvent;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's session and connection state machine: connects to the hosts in shuffled order,
 * handshakes, pings, detects dead connections, reconnects with the session id and password,
 * re-sends auth and re-registers watches, matches replies to requests (replies come in request
 * order: the head of the pending queue), hands results and events to the {@link EventDispatcher},
 * declares the session lost and starts a new one, and closes the session.
 *
 * <p>Rules it keeps (each pinned by a test of {@code AbstractClientTest}):
 * <ul>
 *   <li>xids grow across reconnects (1 to Integer.MAX_VALUE, then 1 again);</li>
 *   <li>lastZxid is the largest positive zxid of a reply, excluding notifications, pings and
 *       auth replies; it is sent as lastZxidSeen and as setWatches' relativeZxid;</li>
 *   <li>after the ConnectResponse, in this order: auth packets (xid -4), setWatches batches (101,
 *       or 105 when a batch holds persistent watches), then the requests queued meanwhile;</li>
 *   <li>a connection loss fails the sent requests with CONNECTIONLOSS; unsent ones stay queued
 *       for the next connection of the same session;</li>
 *   <li>ConnectResponse timeOut &lt;= 0, or no connection for a whole negotiated session timeout,
 *       ends the session: LOST is reported once, every request of the old session fails with
 *       SESSIONEXPIRED, watches are forgotten, and a new session is built (reported CONNECTED);
 *       credentials are kept and sent on the new session;</li>
 *   <li>a ping after a third of the negotiated timeout without sending (at most 10 s), and the
 *       connection dropped after two thirds without receiving anything;</li>
 *   <li>read-only mode (when allowed): while connected to a read-only server, the other hosts are
 *       asked {@code isro} (100 ms, then doubling up to 60 s); the first read-write one found is
 *       connected to next. As in the Java client, a session id is re-sent only once a read-write
 *       server has been seen: a session from a read-only server is never re-attached.</li>
 * </ul>
 *
 * <p>Thread-confined: all mutable state belongs to one netty {@link EventLoop}; the public methods
 * may be called from any thread and hand their work to the loop. The {@code volatile} views
 * ({@link #sessionId()}, {@link #state()}, ...) are written on the loop and read anywhere. Over
 * 500 lines because the state machine reads best in one place; value types, the watch tables and
 * the event thread live in their own classes.
 */
public final class ClientCore {
    private static final System.Logger LOG = System.getLogger(ClientCore.class.getName());
    private static final Bytes NO_PASSWORD = Bytes.wrapOwned(new byte[Limits.PASSWORD_BYTES]);
    private static final long MAX_PING_INTERVAL_MS = 10_000;
    private static final long MIN_CYCLE_BACKOFF_MS = 50;
    private static final int MAX_AUTH_INFOS = 64;
    private static final long MIN_RW_PROBE_DELAY_MS = 100;
    private static final long MAX_RW_PROBE_DELAY_MS = 60_000;

    private enum Phase { IDLE, CONNECTING, HANDSHAKING, CONNECTED, CLOSING, CLOSED }

    /** One credential: re-sent on every connection; waiters learn whether it was accepted. */
    private static final class AuthEntry {
        final AuthInfo info;
        final List<CompletableFuture<Void>> waiters = new ArrayList<>();

        AuthEntry(AuthInfo info) {
            this.info = info;
        }
    }

    private final ClientConfig config;
    private final Chroot chroot;
    private final Ticker ticker;
    private final Random random;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final EventDispatcher events;
    private final HostList hosts;
    private final WatchRegistry watches;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final List<ConnectionStateListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile long sessionIdView;
    private volatile Bytes passwordView = NO_PASSWORD;
    private volatile int negotiatedTimeoutView;
    private volatile long lastZxidView;
    private volatile ConnectionState stateView;
    private volatile CompletableFuture<Void> nextConnect = new CompletableFuture<>();

    private Phase phase = Phase.IDLE;
    private Channel channel;
    private InetSocketAddress currentHost;
    private long attemptDeadlineNanos;
    private long sessionId;
    private long requestedSessionId;
    private Bytes password = NO_PASSWORD;
    private boolean seenReadWrite;
    private boolean readOnlyConnection;
    private InetSocketAddress preferredHost;
    private long rwProbeDelayMs = MIN_RW_PROBE_DELAY_MS;
    private int rwProbeCursor;
    private int negotiatedTimeoutMs;
    private long lastZxid;
    private long disconnectedSinceNanos = -1;
    private long lastSendNanos;
    private long lastRecvNanos;
    private int nextXid = 1;
    private boolean readsPaused;
    private boolean flushScheduled;
    private final ArrayDeque<Call<?>> outgoing = new ArrayDeque<>();
    private final ArrayDeque<Call<?>> pending = new ArrayDeque<>();
    private final ArrayDeque<AuthEntry> authPending = new ArrayDeque<>();
    private final List<AuthEntry> authInfos = new ArrayList<>();
    private ScheduledFuture<?> tickTask;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> closeTimeoutTask;
    private ScheduledFuture<?> rwProbeTask;

    public ClientCore(ClientConfig config, EventLoop loop, EventDispatcher events) {
        this.config = config;
        this.chroot = new Chroot(config.connectString().chroot());
        this.ticker = config.ticker();
        this.random = new Random(config.randomSeed());
        this.loop = loop;
        this.events = events;
        this.hosts = new HostList(config.connectString().hosts(), random);
        this.watches = new WatchRegistry(config.maxWatches());
        listeners.addAll(config.listeners());
        for (AuthInfo info : config.authInfos()) {
            authInfos.add(new AuthEntry(info));
        }
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new ClientFrameDecoder(config.maxFrameBytes(), xid -> pendingOp(ch, xid)),
                                FrameEncoder.INSTANCE,
                                new CoreHandler(ClientCore.this));
                    }
                });
        LOG.log(Level.INFO, "{0}: hosts {1}, chroot {2}, random seed {3}", config.name(),
                hosts.order(), chroot.root(), Long.toString(config.randomSeed()));
    }

    // ---------------------------------------------------------------- any thread

    /** Starts connecting. */
    public void start() {
        loop.execute(() -> {
            long tickMs = Math.max(10, Math.min(100, config.sessionTimeoutMs() / 40));
            tickTask = loop.scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
            connect();
        });
    }

    /** The ticker reading used for submission times and deadlines. */
    public long nowNanos() {
        return ticker.read();
    }

    /**
     * Submits a call; its future completes on the event thread. Counted calls beyond
     * maxPendingRequests fail at once with THROTTLEDOP.
     */
    public <T> CompletableFuture<T> submit(Call<T> call) {
        if (call.counted && inFlight.incrementAndGet() > config.maxPendingRequests()) {
            inFlight.decrementAndGet();
            call.state = Call.State.DONE;
            call.future.completeExceptionally(new KeeperException(ErrorCode.THROTTLEDOP, call.clientPath,
                    List.of(), "maxPendingRequests " + config.maxPendingRequests() + " reached"));
            return call.future;
        }
        try {
            loop.execute(() -> enqueue(call));
        } catch (RejectedExecutionException e) {
            if (call.counted) {
                inFlight.decrementAndGet();
            }
            call.future.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, call.clientPath,
                    List.of(), "client closed"));
        }
        return call.future;
    }

    /** Sends credentials now (if connected) and on every later connection; see WardenClient#addAuth. */
    public CompletableFuture<Void> addAuth(AuthInfo info) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> addAuthOnLoop(info, done));
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, null, List.of(), "client closed"));
        }
        return done;
    }

    /** Sends closeSession (if connected) and stops; completes when everything is released. */
    public CompletableFuture<Void> closeAsync() {
        try {
            loop.execute(this::beginClose);
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
        return closed;
    }

    /** Closes the current connection as if the network had dropped it (test support). */
    public void injectConnectionLoss() {
        loop.execute(() -> {
            if (phase == Phase.CONNECTED) {
                dropConnection("connection loss injected");
            } else if (channel != null) {
                abortAttempt("connection loss injected");
            }
        });
    }

    /** Runs {@code task} on the event thread after {@code delayMs} (for retries). */
    public void scheduleOnEventThread(Runnable task, long delayMs) {
        loop.schedule(() -> events.execute(task), delayMs, TimeUnit.MILLISECONDS);
    }

    public void addListener(ConnectionStateListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ConnectionStateListener listener) {
        listeners.remove(listener);
    }

    /** Completes (on the event thread) when the client is connected; at once if it is. */
    public CompletableFuture<Void> whenConnected() {
        ConnectionState s = stateView;
        return s != null && s.isConnected() ? CompletableFuture.completedFuture(null) : nextConnect;
    }

    public Chroot chroot() {
        return chroot;
    }

    public EventDispatcher events() {
        return events;
    }

    public ClientConfig config() {
        return config;
    }

    /** The current session id (0 while there is none). */
    public long sessionId() {
        return sessionIdView;
    }

    /** The current session password (16 zero bytes while there is none). */
    public Bytes sessionPassword() {
        return passwordView;
    }

    /** The negotiated session timeout (0 while there is no session). */
    public int negotiatedSessionTimeoutMs() {
        return negotiatedTimeoutView;
    }

    public long lastZxid() {
        return lastZxidView;
    }

    /** The last reported state, {@code null} before the first connection. */
    public ConnectionState state() {
        return stateView;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    // ---------------------------------------------------------------- connecting

    private void connect() {
        reconnectTask = null;
        if (phase != Phase.IDLE) {
            return;
        }
        InetSocketAddress host = preferredHost != null ? preferredHost : hosts.next();
        preferredHost = null;
        int attemptMs = attemptTimeoutMs();
        attemptDeadlineNanos = ticker.read() + TimeUnit.MILLISECONDS.toNanos(attemptMs);
        phase = Phase.CONNECTING;
        currentHost = host;
        ChannelFuture f = bootstrap.clone().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, attemptMs).connect(host);
        channel = f.channel();
        f.addListener(done -> onConnectDone(f.channel(), done.isSuccess(), done.cause()));
    }

    private int attemptTimeoutMs() {
        int timeout = negotiatedTimeoutMs > 0 ? negotiatedTimeoutMs : config.sessionTimeoutMs();
        return Math.max(1, Math.min(config.connectTimeoutMs(), timeout / hosts.size()));
    }

    private void onConnectDone(Channel ch, boolean success, Throwable cause) {
        if (ch != channel) {
            ch.close();
            return;
        }
        if (!success) {
            channel = null;
            attemptFailed("connect to " + currentHost + " failed: " + cause);
            return;
        }
        phase = Phase.HANDSHAKING;
        requestedSessionId = seenReadWrite ? sessionId : 0;
        write(new ConnectRequest(lastZxid, config.sessionTimeoutMs(), requestedSessionId,
                requestedSessionId == 0 ? NO_PASSWORD : password, config.canBeReadOnly()));
    }

    private void attemptFailed(String reason) {
        phase = Phase.IDLE;
        LOG.log(Level.DEBUG, "{0}: {1}", config.name(), reason);
        checkLocalExpiry(ticker.read());
        long delayMs = 0;
        if (hosts.cycleCompleted()) {
            long max = Math.max(MIN_CYCLE_BACKOFF_MS, config.maxReconnectDelayMs());
            delayMs = max / 2 + random.nextInt((int) (max - max / 2) + 1);
        }
        scheduleConnect(delayMs);
    }

    private void abortAttempt(String reason) {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
        attemptFailed(reason);
    }

    private void scheduleConnect(long delayMs) {
        if (reconnectTask != null || phase != Phase.IDLE) {
            return;
        }
        reconnectTask = loop.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    private void onConnectResponse(ConnectResponse resp) {
        if (phase != Phase.HANDSHAKING) {
            protocolError("unexpected ConnectResponse");
            return;
        }
        if (resp.timeOut() <= 0) {
            Channel ch = channel;
            channel = null;
            phase = Phase.IDLE;
            ch.close();
            if (requestedSessionId != 0) {
                sessionLost("server " + currentHost + " reports the session expired");
                scheduleConnect(0);
            } else {
                attemptFailed("server " + currentHost + " refused a new session");
            }
            return;
        }
        boolean fresh = requestedSessionId == 0;
        sessionId = resp.sessionId();
        password = resp.passwd() == null ? NO_PASSWORD : resp.passwd();
        negotiatedTimeoutMs = resp.timeOut();
        phase = Phase.CONNECTED;
        hosts.connected();
        disconnectedSinceNanos = -1;
        lastRecvNanos = ticker.read();
        lastSendNanos = lastRecvNanos;
        publishSession();
        readOnlyConnection = resp.readOnly();
        if (readOnlyConnection) {
            rwProbeDelayMs = MIN_RW_PROBE_DELAY_MS;
            scheduleReadWriteProbe();
        } else {
            seenReadWrite = true;
        }
        LOG.log(Level.INFO, "{0}: {1} session 0x{2} on {3}, timeout {4} ms{5}", config.name(),
                fresh ? "new" : "re-attached", Long.toHexString(sessionId), currentHost,
                negotiatedTimeoutMs, resp.readOnly() ? " (read-only server)" : "");
        ConnectionState state = resp.readOnly() ? ConnectionState.READ_ONLY
                : fresh ? ConnectionState.CONNECTED : ConnectionState.RECONNECTED;
        report(state, sessionId);
        for (AuthEntry entry : authInfos) {
            sendAuth(entry);
        }
        if (!watches.isEmpty()) {
            for (Request r : watches.setWatchesRequests(lastZxid, chroot, WatchRegistry.SET_WATCHES_MAX_BYTES)) {
                OpCode op = r instanceof io.warden.protocol.request.SetWatches ? OpCode.SET_WATCHES : OpCode.SET_WATCHES2;
                Call<Void> c = internalCall(op, r);
                c.future.whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.log(Level.WARNING, "{0}: re-registering watches failed: {1}", config.name(), e.toString());
                    }
                });
                send(c);
            }
        }
        Call<?> c;
        while ((c = outgoing.poll()) != null) {
            if (c.state == Call.State.QUEUED) {
                send(c);
            }
        }
    }

    private void publishSession() {
        sessionIdView = sessionId;
        passwordView = password;
        negotiatedTimeoutView = negotiatedTimeoutMs;
    }

    // ---------------------------------------------------------------- requests

    private void enqueue(Call<?> call) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            fail(call, ErrorCode.SESSIONEXPIRED, "client closed");
            return;
        }
        if (call.registration != null && !watches.hasRoom()) {
            finish(call, null, new IllegalStateException("maxWatches " + config.maxWatches() + " reached"));
            return;
        }
        Call.Removal removal = call.removal;
        if (removal != null) {
            if (!watches.contains(removal.clientPath(), removal.watcher(), removal.type())) {
                fail(call, ErrorCode.NOWATCHER, null);
                return;
            }
            if (removal.local() && phase != Phase.CONNECTED) {
                removeLocally(call);
                return;
            }
        }
        if (phase == Phase.CONNECTED) {
            send(call);
        } else {
            call.state = Call.State.QUEUED;
            outgoing.add(call);
        }
    }

    private void send(Call<?> call) {
        call.xid = nextXid;
        nextXid = nextXid == Integer.MAX_VALUE ? 1 : nextXid + 1;
        call.state = Call.State.SENT;
        pending.add(call);
        write(new RequestFrame(call.xid, call.op, call.request));
    }

    private Call<Void> internalCall(OpCode op, Request request) {
        return new Call<>(op, request, null, (err, resp) -> {
            if (err != ErrorCode.OK) {
                throw new KeeperException(err, null);
            }
            return null;
        }, null, null, false, ticker.read(), Long.MAX_VALUE);
    }

    private void write(Object msg) {
        channel.write(msg, channel.voidPromise());
        lastSendNanos = ticker.read();
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        if (channel != null) {
            channel.flush();
        }
    }

    private OpCode pendingOp(Channel ch, int xid) {
        if (ch != channel) {
            return null;
        }
        Call<?> head = pending.peek();
        return head != null && head.xid == xid ? head.op : null;
    }

    private void addAuthOnLoop(AuthInfo info, CompletableFuture<Void> done) {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            done.completeExceptionally(new KeeperException(ErrorCode.SESSIONEXPIRED, null, List.of(), "client closed"));
            return;
        }
        AuthEntry entry = null;
        for (AuthEntry e : authInfos) {
            if (e.info.equals(info)) {
                entry = e;
            }
        }
        if (entry == null) {
            if (authInfos.size() >= MAX_AUTH_INFOS) {
                done.completeExceptionally(new IllegalStateException("at most " + MAX_AUTH_INFOS + " credentials"));
                return;
            }
            entry = new AuthEntry(info);
            authInfos.add(entry);
        }
        entry.waiters.add(done);
        if (phase == Phase.CONNECTED) {
            sendAuth(entry);
        }
    }

    private void sendAuth(AuthEntry entry) {
        authPending.add(entry);
        write(new RequestFrame(Xids.AUTH, OpCode.AUTH, new AuthPacket(0, entry.info.scheme(), entry.info.auth())));
    }

    // ---------------------------------------------------------------- replies

    void onFrame(Channel ch, Object msg) {
        if (ch != channel) {
            return;
        }
        lastRecvNanos = ticker.read();
        if (msg instanceof ConnectResponse resp) {
            onConnectResponse(resp);
        } else if (msg instanceof ReplyFrame frame && (phase == Phase.CONNECTED || phase == Phase.CLOSING)) {
            onReply(frame);
        } else {
            protocolError("unexpected " + msg.getClass().getSimpleName() + " while " + phase);
        }
    }

    private void onReply(ReplyFrame frame) {
        int xid = frame.xid();
        if (xid == Xids.NOTIFICATION) {
            onNotification(frame);
            return;
        }
        if (xid == Xids.PING) {
            return;
        }
        if (xid == Xids.AUTH) {
            onAuthReply(frame.header().err());
            return;
        }
        Call<?> call = pending.poll();
        if (call == null || call.xid != xid) {
            protocolError("xid out of order: got " + xid + ", expected " + (call == null ? "none" : call.xid));
            return;
        }
        long zxid = frame.header().zxid();
        if (zxid > lastZxid) {
            lastZxid = zxid;
            lastZxidView = zxid;
        }
        onCallReply(call, codeOf(frame.header().err()), frame.response());
    }

    private static ErrorCode codeOf(int err) {
        ErrorCode code = ErrorCode.fromCode(err);
        if (code == null) {
            LOG.log(Level.WARNING, "unknown error code {0} from the server", err);
            return ErrorCode.SYSTEMERROR;
        }
        return code;
    }

    private void onCallReply(Call<?> call, ErrorCode err, Response response) {
        if (call.state == Call.State.DONE) {
            return; // timed out earlier; the late reply is dropped
        }
        Call.Registration reg = call.registration;
        if (reg != null) {
            if (err == ErrorCode.OK) {
                watches.add(reg.onOk(), reg.clientPath(), reg.watcher());
            } else if (err == ErrorCode.NONODE && reg.onNoNode() != null) {
                watches.add(reg.onNoNode(), reg.clientPath(), reg.watcher());
            }
        }
        if (call.removal != null) {
            if (err != ErrorCode.OK && !call.removal.local()) {
                fail(call, err, null);
            } else {
                removeLocally(call);
            }
            return;
        }
        decodeAndFinish(call, err, response);
    }

    private <T> void decodeAndFinish(Call<T> call, ErrorCode err, Response response) {
        T value;
        try {
            value = call.decoder.decode(err, response);
        } catch (KeeperException | RuntimeException e) {
            finish(call, null, e);
            return;
        }
        finish(call, value, null);
    }

    private void removeLocally(Call<?> call) {
        Call.Removal r = call.removal;
        Map<EventType, Set<Watcher>> removed = watches.remove(r.clientPath(), r.watcher(), r.type());
        if (removed.isEmpty()) {
            fail(call, ErrorCode.NOWATCHER, null);
            return;
        }
        removed.forEach((type, ws) -> deliver(ws, new WatchedEvent(type, r.clientPath(), -1)));
        finish(call, null, null);
    }

    private void onNotification(ReplyFrame frame) {
        if (!(frame.response() instanceof WatcherEvent ev)) {
            protocolError("notification without a WatcherEvent");
            return;
        }
        EventType type = EventType.fromCode(ev.type());
        if (type == null || ev.path() == null) {
            LOG.log(Level.WARNING, "{0}: ignoring notification {1}", config.name(), ev);
            return;
        }
        String path = chroot.toClient(ev.path());
        Set<Watcher> ws = watches.materialize(type, path);
        if (!ws.isEmpty()) {
            deliver(ws, new WatchedEvent(type, path, frame.header().zxid()));
        }
    }

    private void deliver(Set<Watcher> ws, WatchedEvent event) {
        List<Watcher> targets = List.copyOf(ws);
        events.execute(() -> {
            for (Watcher w : targets) {
                try {
                    w.process(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, config.name() + ": watcher threw on " + event, e);
                }
            }
        });
    }

    private void onAuthReply(int err) {
        AuthEntry entry = authPending.poll();
        if (entry == null) {
            LOG.log(Level.WARNING, "{0}: auth reply without an auth request", config.name());
            return;
        }
        List<CompletableFuture<Void>> waiters = List.copyOf(entry.waiters);
        entry.waiters.clear();
        if (err == 0) {
            events.execute(() -> waiters.forEach(w -> w.complete(null)));
            return;
        }
        // The server closes the connection after AUTHFAILED; the next one goes without this credential.
        authInfos.remove(entry);
        ErrorCode code = codeOf(err);
        LOG.log(Level.WARNING, "{0}: auth scheme {1} rejected: {2}", config.name(), entry.info.scheme(), code);
        KeeperException e = new KeeperException(code, null, List.of(), "auth scheme " + entry.info.scheme());
        events.execute(() -> waiters.forEach(w -> w.completeExceptionally(e)));
    }

    private <T> void finish(Call<T> call, T value, Throwable error) {
        if (call.state == Call.State.DONE) {
            return;
        }
        call.state = Call.State.DONE;
        if (call.counted) {
            inFlight.decrementAndGet();
        }
        CompletableFuture<T> f = call.future;
        events.execute(() -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(value);
            }
        });
    }

    private void fail(Call<?> call, ErrorCode code, String detail) {
        finish(call, null, new KeeperException(code, call.clientPath, List.of(), detail));
    }

    // ---------------------------------------------------------------- losing things

    void onChannelClosed(Channel ch, String reason) {
        if (ch != channel) {
            return;
        }
        switch (phase) {
            case CONNECTING, HANDSHAKING -> abortAttempt(reason + " (" + currentHost + ")");
            case CONNECTED -> dropConnection(reason);
            case CLOSING -> finishClose();
            case IDLE, CLOSED -> channel = null;
        }
    }

    void afterRead(Channel ch) {
        if (ch != channel || readsPaused || events.backlog() <= config.maxEventBacklog()) {
            return;
        }
        readsPaused = true;
        ch.config().setAutoRead(false);
        LOG.log(Level.DEBUG, "{0}: event backlog {1}, pausing reads", config.name(), events.backlog());
        events.whenBelow(config.maxEventBacklog() / 2, () -> loop.execute(() -> resumeReads(ch)));
    }

    private void resumeReads(Channel ch) {
        if (ch == channel && readsPaused) {
            readsPaused = false;
            lastRecvNanos = ticker.read();
            ch.config().setAutoRead(true);
        }
    }

    private void protocolError(String reason) {
        LOG.log(Level.WARNING, "{0}: protocol error from {1}: {2}", config.name(), currentHost, reason);
        if (phase == Phase.CONNECTED) {
            dropConnection("protocol error: " + reason);
        } else if (phase == Phase.CLOSING) {
            finishClose();
        } else if (channel != null) {
            abortAttempt("protocol error: " + reason);
        }
    }

    /** The connection of a live session is gone: fail what was sent, keep what was not. */
    private void dropConnection(String reason) {
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
        phase = Phase.IDLE;
        readsPaused = false;
        readOnlyConnection = false;
        authPending.clear();
        failSent(ErrorCode.CONNECTIONLOSS);
        disconnectedSinceNanos = ticker.read();
        LOG.log(Level.INFO, "{0}: lost connection to {1} (session 0x{2}): {3}", config.name(), currentHost,
                Long.toHexString(sessionId), reason);
        report(ConnectionState.SUSPENDED, sessionId);
        int jitter = config.maxReconnectDelayMs();
        scheduleConnect(jitter == 0 ? 0 : random.nextInt(jitter));
    }

    private void failSent(ErrorCode code) {
        Call<?> c;
        while ((c = pending.poll()) != null) {
            if (c.state == Call.State.DONE) {
                continue;
            }
            if (c.removal != null && c.removal.local()) {
                removeLocally(c);
            } else {
                fail(c, code, null);
            }
        }
    }

    private void failQueued(ErrorCode code) {
        Call<?> c;
        while ((c = outgoing.poll()) != null) {
            fail(c, code, null);
        }
    }

    private boolean checkLocalExpiry(long now) {
        if (sessionId == 0 || disconnectedSinceNanos < 0
                || now - disconnectedSinceNanos < TimeUnit.MILLISECONDS.toNanos(negotiatedTimeoutMs)) {
            return false;
        }
        if (channel != null) {
            Channel ch = channel;
            channel = null;
            ch.close();
        }
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
            reconnectTask = null;
        }
        phase = Phase.IDLE;
        sessionLost("no connection for " + negotiatedTimeoutMs + " ms (the session timeout)");
        scheduleConnect(0);
        return true;
    }

    /** The session is gone: report LOST, fail its requests, forget its watches, start afresh. */
    private void sessionLost(String reason) {
        long old = sessionId;
        LOG.log(Level.WARNING, "{0}: session 0x{1} lost: {2}", config.name(), Long.toHexString(old), reason);
        report(ConnectionState.LOST, old);
        authPending.clear();
        failSent(ErrorCode.SESSIONEXPIRED);
        failQueued(ErrorCode.SESSIONEXPIRED);
        watches.clear();
        sessionId = 0;
        password = NO_PASSWORD;
        negotiatedTimeoutMs = 0;
        disconnectedSinceNanos = -1;
        publishSession();
    }

    private void report(ConnectionState state, long sid) {
        stateView = state;
        CompletableFuture<Void> waiter = nextConnect;
        if (!state.isConnected() && waiter.isDone()) {
            nextConnect = new CompletableFuture<>();
        }
        events.execute(() -> {
            for (ConnectionStateListener l : listeners) {
                try {
                    l.stateChanged(state, sid);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, config.name() + ": connection state listener threw on " + state, e);
                }
            }
            if (state.isConnected()) {
                waiter.complete(null);
            }
        });
    }

    private void tick() {
        long now = ticker.read();
        switch (phase) {
            case CONNECTED -> {
                long readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(negotiatedTimeoutMs) * 2 / 3;
                long pingNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(negotiatedTimeoutMs / 3, MAX_PING_INTERVAL_MS));
                if (!readsPaused && now - lastRecvNanos > readTimeoutNanos) {
                    dropConnection("nothing received for " + TimeUnit.NANOSECONDS.toMillis(now - lastRecvNanos) + " ms");
                } else if (now - lastSendNanos >= pingNanos) {
                    write(new RequestFrame(Xids.PING, OpCode.PING, EmptyRequest.INSTANCE));
                }
            }
            case CONNECTING, HANDSHAKING -> {
                if (now - attemptDeadlineNanos > 0) {
                    abortAttempt("no handshake with " + currentHost + " in " + attemptTimeoutMs() + " ms");
                }
            }
            case IDLE, CLOSING, CLOSED -> {
            }
        }
        if (phase == Phase.IDLE || phase == Phase.CONNECTING || phase == Phase.HANDSHAKING) {
            if (!checkLocalExpiry(now) && sessionId == 0) {
                expireUnsent(now);
            }
        }
        if (config.requestTimeoutMs() > 0) {
            expireRequests(now);
        }
    }

    /** Without a session, an unsent request waits at most one (requested) session timeout. */
    private void expireUnsent(long now) {
        long maxWait = TimeUnit.MILLISECONDS.toNanos(config.sessionTimeoutMs());
        while (!outgoing.isEmpty() && now - outgoing.peek().submittedNanos >= maxWait) {
            fail(outgoing.poll(), ErrorCode.CONNECTIONLOSS, "no connection for " + config.sessionTimeoutMs() + " ms");
        }
    }

    private void expireRequests(long now) {
        while (!outgoing.isEmpty() && now - outgoing.peek().deadlineNanos >= 0) {
            fail(outgoing.poll(), ErrorCode.REQUESTTIMEOUT, "no reply in " + config.requestTimeoutMs() + " ms");
        }
        for (Iterator<Call<?>> it = pending.iterator(); it.hasNext(); ) {
            Call<?> c = it.next();
            if (c.state == Call.State.DONE || !c.counted) {
                continue;
            }
            if (now - c.deadlineNanos < 0) {
                break;
            }
            fail(c, ErrorCode.REQUESTTIMEOUT, "no reply in " + config.requestTimeoutMs() + " ms");
        }
    }

    // ---------------------------------------------------------------- read-only mode

    private void scheduleReadWriteProbe() {
        if (hosts.size() > 1) {
            rwProbeTask = loop.schedule(this::probeReadWrite, rwProbeDelayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void probeReadWrite() {
        if (phase != Phase.CONNECTED || !readOnlyConnection) {
            return;
        }
        List<InetSocketAddress> order = hosts.order();
        InetSocketAddress host = order.get(rwProbeCursor++ % order.size());
        if (host.equals(currentHost)) {
            host = order.get(rwProbeCursor++ % order.size());
        }
        InetSocketAddress probed = host;
        Channel connection = channel;
        ReadWriteProbe.probe(loop, probed, attemptTimeoutMs(), rw -> {
            if (phase != Phase.CONNECTED || !readOnlyConnection || channel != connection) {
                return;
            }
            if (rw) {
                preferredHost = probed;
                dropConnection("read-write server " + probed + " found");
            } else {
                rwProbeDelayMs = Math.min(rwProbeDelayMs * 2, MAX_RW_PROBE_DELAY_MS);
                scheduleReadWriteProbe();
            }
        });
    }

    // ---------------------------------------------------------------- closing

    private void beginClose() {
        if (phase == Phase.CLOSING || phase == Phase.CLOSED) {
            return;
        }
        if (phase != Phase.CONNECTED) {
            finishClose();
            return;
        }
        phase = Phase.CLOSING;
        Call<Void> close = internalCall(OpCode.CLOSE_SESSION, EmptyRequest.INSTANCE);
        close.future.whenComplete((v, e) -> loop.execute(this::finishClose));
        send(close);
        closeTimeoutTask = loop.schedule(this::finishClose, config.closeTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private void finishClose() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {tickTask, reconnectTask, closeTimeoutTask, rwProbeTask}) {
            if (t != null) {
                t.cancel(false);
            }
        }
        Channel ch = channel;
        channel = null;
        if (ch != null) {
            ch.close();
        }
        failSent(ErrorCode.CONNECTIONLOSS);
        failQueued(ErrorCode.SESSIONEXPIRED);
        KeeperException closedError = new KeeperException(ErrorCode.SESSIONEXPIRED, null, List.of(), "client closed");
        List<CompletableFuture<Void>> authWaiters = new ArrayList<>();
        authInfos.forEach(e -> authWaiters.addAll(e.waiters));
        watches.clear();
        LOG.log(Level.INFO, "{0}: closed (session 0x{1})", config.name(), Long.toHexString(sessionId));
        CompletableFuture<Void> waiter = nextConnect;
        events.execute(() -> {
            authWaiters.forEach(w -> w.completeExceptionally(closedError));
            waiter.completeExceptionally(closedError);
            closed.complete(null);
        });
        events.shutdown();
    }
}
