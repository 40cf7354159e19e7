package io.warden.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Id;
import io.warden.protocol.response.ReplyFrame;
import io.warden.server.admin.ConnectionInfo;
import io.warden.server.sequencer.ClientLink;
import io.warden.server.sequencer.Submission;
import io.warden.server.session.Auth;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client connection: the {@link ClientLink} the apply thread writes to, and the inbound
 * side's flow control. Requests go to the apply thread in arrival order while the connection
 * holds fewer than {@code maxOutstandingPerConnection} unanswered requests and the server-wide
 * limiter grants a permit; otherwise they wait in a backlog and the channel stops reading (netty
 * autoRead off), which pushes back on the client through TCP. Reading also stops while the
 * channel's unsent output is above the high-water mark, and a connection whose unsent output
 * passes {@code maxPendingWriteBytes} is closed (a client that never reads). Watches belong to
 * the connection (identity equality).
 *
 * <p>Threading: the backlog, in-flight count and autoRead decisions are confined to the channel's
 * event loop; the apply thread hands output over with {@link #deliver}, which hops onto the event
 * loop, so frames of one connection are written in the order the apply thread produced them.
 * Session, timeout and identities are volatile (written by the apply thread); counters are
 * atomic or guarded by {@code stats}. Latencies are whole milliseconds, as ZooKeeper's.
 */
final class Connection implements ClientLink {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    /**
     * ZooKeeper's {@code zookeeper.nio.sessionlessCnxnTimeout} default: the expiry of a connection
     * without a session, and the interval its connection expiry buckets are rounded to.
     */
    static final long SESSIONLESS_TIMEOUT_MS = 10_000;
    /** How long a closing connection may take to flush its last replies before it is cut. */
    static final long CLOSE_FLUSH_TIMEOUT_MS = 1_000;

    private final NetContext net;
    private final Channel channel;
    private final InetSocketAddress remote;
    private final long establishedMs;

    // event-loop confined
    private final ArrayDeque<Submission> backlog = new ArrayDeque<>();
    private int inFlight;
    private boolean parked;
    private boolean handshakeSubmitted;
    private boolean closing;

    // shared
    private volatile long sessionId;
    private volatile int timeoutMs;
    private volatile List<Id> identities;
    /** Last read or write, in ticker nanos (ZooKeeper touches a connection on each I/O). */
    private volatile long lastIoTickerNanos;
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final Object stats = new Object();
    private String lastOp = "NA";
    private long lastCxid = -1;
    private long lastZxid = -1;
    private long lastResponseTickerMs;
    private long lastLatencyMs;
    private long minLatencyMs = Long.MAX_VALUE;
    private long maxLatencyMs;
    private long totalLatencyMs;
    private long replies;

    Connection(NetContext net, Channel channel) {
        this.net = net;
        this.channel = channel;
        this.remote = (InetSocketAddress) channel.remoteAddress();
        this.establishedMs = net.clock().millis();
        this.lastIoTickerNanos = net.ticker().read();
        this.identities = List.of(Auth.ipIdentity(remote.getAddress()));
    }

    Channel channel() {
        return channel;
    }

    // ---- inbound (event loop) ----

    /** A frame after the four-letter-word check: counts it, touches the session, submits. */
    void received(Submission submission) {
        lastIoTickerNanos = net.ticker().read();
        received.increment();
        net.stats().packetReceived();
        long sid = sessionId;
        if (sid != 0) {
            net.tracker().touch(sid);
        }
        if (submission instanceof Submission.Handshake) {
            handshakeSubmitted = true;
        }
        if (closing) {
            return;
        }
        backlog.add(submission);
        queued.incrementAndGet();
        drain();
    }

    /**
     * A four-letter word arrived (event loop): counted as a received packet, as ZooKeeper counts
     * it, and the connection stops reading (ZooKeeper cancels its selection key), so {@code stat}
     * and {@code cons} list it as {@code [0](queued=0,recved=1,sent=0)}.
     */
    void fourLetterWord() {
        lastIoTickerNanos = net.ticker().read();
        received.increment();
        net.stats().packetReceived();
        closing = true;
        updateAutoRead();
    }

    /** Hands backlog entries to the apply thread while the limits allow. */
    private void drain() {
        int perConnection = net.config().maxOutstandingPerConnection();
        while (!backlog.isEmpty() && !closing) {
            if (inFlight >= perConnection) {
                break;
            }
            if (!net.limiter().tryAcquire()) {
                if (!parked) {
                    parked = true;
                    net.limiter().park(this);
                }
                break;
            }
            Submission s = backlog.poll();
            inFlight++;
            if (!net.sequencer().submit(s)) {
                inFlight--;
                net.limiter().release(1);
                LOG.log(System.Logger.Level.WARNING, "Server not accepting requests; closing connection from {0}",
                        remote);
                closeNow();
                return;
            }
        }
        updateAutoRead();
    }

    /** A limiter permit may be free: retry on the event loop. Called from any thread. */
    void wake() {
        execute(() -> {
            parked = false;
            drain();
        });
    }

    /** Reads only while nothing waits, the in-flight bound has room and output drains. */
    void updateAutoRead() {
        boolean read = !closing && backlog.isEmpty() && inFlight < net.config().maxOutstandingPerConnection()
                && channel.isWritable();
        if (channel.config().isAutoRead() != read) {
            channel.config().setAutoRead(read);
        }
    }

    /** The channel closed (event loop): tells the apply thread, so it drops the watches. */
    void closed() {
        closing = true;
        queued.addAndGet(-backlog.size());
        backlog.clear();
        if (handshakeSubmitted) {
            net.sequencer().linkClosed(this);
        }
    }

    // ---- ClientLink (apply thread) ----

    @Override
    public InetAddress remoteAddress() {
        return remote.getAddress();
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public List<Id> identities() {
        return identities;
    }

    @Override
    public void bindSession(long sessionId, int timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.sessionId = sessionId;
    }

    @Override
    public void setIdentities(List<Id> identities) {
        this.identities = List.copyOf(identities);
    }

    @Override
    public void deliver(List<Object> frames, int completedRequests, boolean closeAfter) {
        execute(() -> write(frames, completedRequests, closeAfter));
    }

    @Override
    public void closeNow() {
        execute(() -> {
            closing = true;
            channel.close();
        });
    }

    @Override
    public void recordReply(OpCode op, int cxid, long zxid, long latencyNanos) {
        long latencyMs = Math.max(0, latencyNanos) / 1_000_000;
        net.stats().recordLatencyMs(latencyMs);
        synchronized (stats) {
            lastOp = op.shortName();
            lastCxid = cxid;
            lastZxid = zxid;
            lastResponseTickerMs = net.ticker().read() / 1_000_000;
            lastLatencyMs = latencyMs;
            minLatencyMs = Math.min(minLatencyMs, latencyMs);
            maxLatencyMs = Math.max(maxLatencyMs, latencyMs);
            totalLatencyMs += latencyMs;
            replies++;
        }
    }

    // ---- outbound (event loop) ----

    private void write(List<Object> frames, int completedRequests, boolean closeAfter) {
        if (channel.isActive() && !closing && !frames.isEmpty()) {
            for (Object frame : frames) {
                if (frame instanceof ReplyFrame reply && reply.header().err() == ErrorCode.AUTHFAILED.code()) {
                    net.stats().authFailed();
                }
                channel.write(frame, channel.voidPromise());
            }
            channel.flush();
            lastIoTickerNanos = net.ticker().read();
            sent.add(frames.size());
            net.stats().packetsSent(frames.size());
        }
        inFlight -= completedRequests;
        queued.addAndGet(-completedRequests);
        net.limiter().release(completedRequests);
        if (closeAfter) {
            closing = true;
            updateAutoRead();
            // Flush what is queued (a closeSession reply), but never wait on a client that does
            // not read: its connection closes after CLOSE_FLUSH_TIMEOUT_MS whatever is unsent.
            closeAfterFlush(channel, Unpooled.EMPTY_BUFFER, CLOSE_FLUSH_TIMEOUT_MS);
            return;
        }
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        long pending = out == null ? 0 : out.totalPendingWriteBytes();
        if (pending > net.config().maxPendingWriteBytes()) {
            LOG.log(System.Logger.Level.WARNING, "Closing connection from {0} (session 0x{1}): {2} bytes unsent, "
                    + "over warden.maxPendingWriteBytes", remote, Long.toHexString(sessionId), String.valueOf(pending));
            closing = true;
            channel.close();
            return;
        }
        drain();
    }

    /**
     * Writes {@code last}, then closes the channel once it is flushed, or after {@code timeoutMs}
     * if the peer does not read it by then.
     */
    static void closeAfterFlush(Channel channel, Object last, long timeoutMs) {
        channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        if (channel.isActive()) {
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private void execute(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the event loop is shutting down with the server; the channel is closing too
        }
    }

    // ---- four-letter words ----

    ConnectionInfo info() {
        long sid = sessionId;
        int timeout = timeoutMs;
        long expiryTimeoutMs = sid == 0 || timeout <= 0 ? SESSIONLESS_TIMEOUT_MS : timeout;
        long expiry = lastIoTickerNanos / 1_000_000 + expiryTimeoutMs;
        long expiryBucketMs = (expiry / SESSIONLESS_TIMEOUT_MS + 1) * SESSIONLESS_TIMEOUT_MS;
        synchronized (stats) {
            return new ConnectionInfo(remote.toString(), channel.config().isAutoRead() ? 1 : 0, queued.get(),
                    received.sum(), sent.sum(), sid, lastOp, establishedMs, timeout, lastCxid, lastZxid,
                    lastResponseTickerMs, lastLatencyMs, replies == 0 ? 0 : minLatencyMs,
                    replies == 0 ? 0 : totalLatencyMs / replies, maxLatencyMs, expiryBucketMs);
        }
    }

    void resetStats() {
        received.reset();
        sent.reset();
        synchronized (stats) {
            lastOp = "NA";
            lastCxid = -1;
            lastZxid = -1;
            lastResponseTickerMs = 0;
            lastLatencyMs = 0;
            minLatencyMs = Long.MAX_VALUE;
            maxLatencyMs = 0;
            totalLatencyMs = 0;
            replies = 0;
        }
    }

    @Override
    public String toString() {
        return "Connection" + remote + "[0x" + Long.toHexString(sessionId) + "]";
    }
}
