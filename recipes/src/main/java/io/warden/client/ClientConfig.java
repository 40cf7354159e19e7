package io.warden.client;

import com.google.common.base.Ticker;
import io.netty.channel.EventLoopGroup;
import io.warden.client.internal.ConnectString;
import io.warden.client.internal.SystemSources;
import io.warden.protocol.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link WardenClient}, validated when built. Immutable.
 *
 * <p>Time values are milliseconds; every bound has a default:
 * <ul>
 *   <li>{@code sessionTimeoutMs} (30000): requested; the server clamps it (ZooKeeper: 2 to 20
 *       ticks). Pings go out after a third of the negotiated timeout without sending; the
 *       connection is dropped after two thirds without receiving; after a whole timeout without a
 *       connection the client declares the session LOST.</li>
 *   <li>{@code connectTimeoutMs} (15000): cap for one connection attempt (TCP connect plus
 *       handshake); an attempt is also capped at session timeout / number of hosts, as the
 *       ZooKeeper Java client does.</li>
 *   <li>{@code requestTimeoutMs} (0 = none): a request without its reply this long after it was
 *       submitted fails with REQUESTTIMEOUT (a late reply is then ignored). Without it every wait is
 *       still bounded: a sent request ends with its reply or CONNECTIONLOSS, an unsent one is sent
 *       or fails with SESSIONEXPIRED when the session is lost.</li>
 *   <li>{@code maxReconnectDelayMs} (1000): a reconnect waits a random time in [0, this) first, so
 *       that clients of a restarted server do not all arrive at once.</li>
 *   <li>{@code maxPendingRequests} (10000): submitted but unanswered requests; beyond it a request
 *       fails at once with THROTTLEDOP, unsent.</li>
 *   <li>{@code maxWatches} (1000000): client-side watch registrations; a watching read beyond it
 *       fails at once with IllegalStateException.</li>
 *   <li>{@code maxEventBacklog} (10000): events waiting for the event thread; above it the client
 *       stops reading from the socket until the backlog halves (backpressure, not loss).</li>
 *   <li>{@code maxFrameBytes} (1048575, jute.maxbuffer): largest reply frame accepted.</li>
 *   <li>{@code closeTimeoutMs} (5000): how long {@link WardenClient#close()} waits for the
 *       closeSession reply.</li>
 * </ul>
 * {@code ticker} (system) and {@code randomSeed} (fresh per client, logged) are the only sources
 * of time and randomness (host shuffling, reconnect jitter). An {@code eventLoopGroup} given here
 * is shared and not shut down by the client; otherwise the client owns a one-thread group.
 */
public final class ClientConfig {
    private final ConnectString connectString;
    private final int sessionTimeoutMs;
    private final int connectTimeoutMs;
    private final int requestTimeoutMs;
    private final int maxReconnectDelayMs;
    private final boolean canBeReadOnly;
    private final int maxPendingRequests;
    private final int maxWatches;
    private final int maxEventBacklog;
    private final int maxFrameBytes;
    private final int closeTimeoutMs;
    private final List<AuthInfo> authInfos;
    private final List<ConnectionStateListener> listeners;
    private final Ticker ticker;
    private final long randomSeed;
    private final EventLoopGroup eventLoopGroup;
    private final String name;

    private ClientConfig(Builder b) {
        this.connectString = ConnectString.parse(b.connectString);
        this.sessionTimeoutMs = positive("sessionTimeoutMs", b.sessionTimeoutMs);
        this.connectTimeoutMs = positive("connectTimeoutMs", b.connectTimeoutMs);
        this.requestTimeoutMs = atLeast("requestTimeoutMs", b.requestTimeoutMs, 0);
        this.maxReconnectDelayMs = atLeast("maxReconnectDelayMs", b.maxReconnectDelayMs, 0);
        this.canBeReadOnly = b.canBeReadOnly;
        this.maxPendingRequests = positive("maxPendingRequests", b.maxPendingRequests);
        this.maxWatches = positive("maxWatches", b.maxWatches);
        this.maxEventBacklog = atLeast("maxEventBacklog", b.maxEventBacklog, 2);
        this.maxFrameBytes = atLeast("maxFrameBytes", b.maxFrameBytes, 1024);
        this.closeTimeoutMs = atLeast("closeTimeoutMs", b.closeTimeoutMs, 0);
        this.authInfos = List.copyOf(b.authInfos);
        this.listeners = List.copyOf(b.listeners);
        this.ticker = Objects.requireNonNull(b.ticker, "ticker");
        this.randomSeed = b.randomSeed != null ? b.randomSeed : SystemSources.freshSeed();
        this.eventLoopGroup = b.eventLoopGroup;
        this.name = Objects.requireNonNull(b.name, "name");
    }

    /** A builder for a connect string such as {@code "h1:2181,h2:2181/app"}. */
    public static Builder builder(String connectString) {
        return new Builder(connectString);
    }

    private static int positive(String name, int value) {
        return atLeast(name, value, 1);
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ": " + value);
        }
        return value;
    }

    /** Hosts and chroot, parsed. */
    public ConnectString connectString() {
        return connectString;
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public int maxReconnectDelayMs() {
        return maxReconnectDelayMs;
    }

    public boolean canBeReadOnly() {
        return canBeReadOnly;
    }

    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    public int maxWatches() {
        return maxWatches;
    }

    public int maxEventBacklog() {
        return maxEventBacklog;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int closeTimeoutMs() {
        return closeTimeoutMs;
    }

    public List<AuthInfo> authInfos() {
        return authInfos;
    }

    /** Listeners registered before the first connection (so none misses CONNECTED). */
    public List<ConnectionStateListener> listeners() {
        return listeners;
    }

    public Ticker ticker() {
        return ticker;
    }

    public long randomSeed() {
        return randomSeed;
    }

    /** The shared event loop group, or {@code null} if the client owns one. */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    /** Prefix of the client's thread names and log lines. */
    public String name() {
        return name;
    }

    /** Builder for {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private final String connectString;
        private int sessionTimeoutMs = 30_000;
        private int connectTimeoutMs = 15_000;
        private int requestTimeoutMs;
        private int maxReconnectDelayMs = 1000;
        private boolean canBeReadOnly;
        private int maxPendingRequests = 10_000;
        private int maxWatches = 1_000_000;
        private int maxEventBacklog = 10_000;
        private int maxFrameBytes = Limits.DEFAULT_MAX_FRAME_BYTES;
        private int closeTimeoutMs = 5000;
        private final List<AuthInfo> authInfos = new ArrayList<>();
        private final List<ConnectionStateListener> listeners = new ArrayList<>();
        private Ticker ticker = SystemSources.ticker();
        private Long randomSeed;
        private EventLoopGroup eventLoopGroup;
        private String name = "warden-client";

        private Builder(String connectString) {
            this.connectString = Objects.requireNonNull(connectString, "connectString");
        }

        public Builder sessionTimeoutMs(int ms) {
            this.sessionTimeoutMs = ms;
            return this;
        }

        public Builder connectTimeoutMs(int ms) {
            this.connectTimeoutMs = ms;
            return this;
        }

        public Builder requestTimeoutMs(int ms) {
            this.requestTimeoutMs = ms;
            return this;
        }

        public Builder maxReconnectDelayMs(int ms) {
            this.maxReconnectDelayMs = ms;
            return this;
        }

        /** Accept read-only servers (the handshake's readOnly flag); reported as READ_ONLY. */
        public Builder canBeReadOnly(boolean canBeReadOnly) {
            this.canBeReadOnly = canBeReadOnly;
            return this;
        }

        public Builder maxPendingRequests(int max) {
            this.maxPendingRequests = max;
            return this;
        }

        public Builder maxWatches(int max) {
            this.maxWatches = max;
            return this;
        }

        public Builder maxEventBacklog(int max) {
            this.maxEventBacklog = max;
            return this;
        }

        public Builder maxFrameBytes(int max) {
            this.maxFrameBytes = max;
            return this;
        }

        public Builder closeTimeoutMs(int ms) {
            this.closeTimeoutMs = ms;
            return this;
        }

        /** Credentials sent on every connection, before any request (like addAuth at start). */
        public Builder auth(AuthInfo auth) {
            authInfos.add(Objects.requireNonNull(auth, "auth"));
            return this;
        }

        /** A connection-state listener in place before the client starts connecting. */
        public Builder listener(ConnectionStateListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /** Seed of the client's random source (host order, reconnect jitter). */
        public Builder randomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        /** Share an event loop group (not shut down by the client). */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
