package io.warden.server;

import io.warden.protocol.Limits;
import io.warden.protocol.netty.FourLetterWord;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.state.StateConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated settings of one standalone server. Every bound the server enforces is here, so
 * nothing is unbounded by accident; {@link ZooCfg} builds it from a zoo.cfg, ZooKeeper's system
 * properties and command-line overrides, and tests use {@link #builder()}. The key named in each
 * validation error is the zoo.cfg key. Immutable.
 *
 * @param clientPort {@code clientPort}; 0 binds an ephemeral port (tests)
 * @param clientPortAddress {@code clientPortAddress}, an address or host name; null binds every
 *     interface (0.0.0.0)
 * @param clientPortListenBacklog {@code clientPortListenBacklog}; -1 keeps the platform default
 * @param dataDir {@code dataDir}
 * @param dataLogDir {@code dataLogDir} (defaults to dataDir)
 * @param tickTimeMs {@code tickTime}: session expiry granularity
 * @param minSessionTimeoutMs {@code minSessionTimeout} (default 2 ticks)
 * @param maxSessionTimeoutMs {@code maxSessionTimeout} (default 20 ticks)
 * @param maxClientCnxns {@code maxClientCnxns}: concurrent connections per client IP; 0 = no limit
 * @param maxCnxns {@code maxCnxns}: concurrent connections in total (ZooKeeper's 0, "no limit",
 *     becomes {@link #DEFAULT_MAX_CNXNS})
 * @param globalOutstandingLimit {@code globalOutstandingLimit}: requests in flight in the whole
 *     server before the server stops reading from clients
 * @param maxOutstandingPerConnection {@code warden.maxOutstandingPerConnection}: the same per
 *     connection
 * @param maxFrameBytes {@code jute.maxbuffer}: largest frame payload accepted (and znode data)
 * @param fourLetterWordWhitelist {@code 4lw.commands.whitelist}, resolved: always has srvr, and
 *     isro when read-only mode is enabled
 * @param skipAcl {@code zookeeper.skipACL}
 * @param extendedTypesEnabled {@code zookeeper.extendedTypesEnabled} (TTL nodes)
 * @param enforceQuota {@code zookeeper.enforceQuota}: writes over a hard quota get QUOTAEXCEEDED
 * @param superDigest {@code zookeeper.DigestAuthenticationProvider.superDigest}
 *     ({@code super:<base64-sha1>}), or null
 * @param readOnlyModeEnabled {@code readonlymode.enabled} (only whitelists isro; this server is
 *     always read-write)
 * @param containerCheckIntervalMs {@code znode.container.checkIntervalMs}
 * @param containerMaxPerMinute {@code znode.container.maxPerMinute}
 * @param handshakeTimeoutMs {@code zookeeper.nio.sessionlessCnxnTimeout}: a connection that sends
 *     no ConnectRequest (or four-letter word) within this is closed
 * @param writeBufferLowWaterBytes {@code warden.writeBufferLowWaterBytes}: a paused connection
 *     resumes reading below this many unsent bytes
 * @param writeBufferHighWaterBytes {@code warden.writeBufferHighWaterBytes}: the server stops
 *     reading from a connection with this many unsent bytes
 * @param maxPendingWriteBytes {@code warden.maxPendingWriteBytes}: a connection with more unsent
 *     bytes than this (a client that does not read) is closed
 * @param maxSessions {@code warden.maxSessions}: live sessions; a new session beyond it is refused
 * @param maxBatchSize {@code warden.maxBatchSize}: submissions applied per group-commit batch
 * @param maxWatchesPerConnection {@code warden.maxWatchesPerConnection}
 * @param ioThreads {@code warden.ioThreads}: netty event-loop threads for client connections
 * @param durability {@code warden.durability}: {@code raft} (the default: every write is made
 *     durable in a 1-peer Apache Ratis log under dataLogDir before it is applied or answered) or
 *     {@code none} (state in memory only, lost at exit: for tests that do not concern durability)
 * @param raftPort {@code warden.raft.port}: the Ratis gRPC port, bound on clientPortAddress (or
 *     127.0.0.1); 0 (the default) picks a free port, which is enough for a standalone server
 *     (no other peer connects to it)
 * @param snapCount {@code snapCount} (system property {@code zookeeper.snapCount}): a snapshot is
 *     taken after this many transactions
 * @param snapRetainCount {@code autopurge.snapRetainCount}: snapshots kept (at least 3, as
 *     ZooKeeper); the log is purged only behind the oldest kept snapshot
 * @param maxBatchesInFlight {@code warden.maxBatchesInFlight}: batches handed to the log and not
 *     yet applied (the next batch is planned while one is being made durable)
 * @param electionTimeoutMinMs {@code warden.electionTimeoutMinMs} (1000): an ensemble's Raft election
 *     timeout is drawn between this and {@code electionTimeoutMaxMs} (long enough for JVM pauses)
 * @param electionTimeoutMaxMs {@code warden.electionTimeoutMaxMs} (2000)
 * @param linearizableReads {@code warden.linearizableReads} (false): in an ensemble, every read is
 *     ordered through the log like a {@code sync} before it (linearizable, at the cost of a log
 *     round per read batch; beyond ZooKeeper, whose reads are sequentially consistent)
 * @param ensemble the {@code server.N} lines, {@code myid} and the other ensemble settings
 *     ({@link EnsembleConfig#none()} without server lines); see docs/ensemble-design.md
 */
public record ServerConfig(
        int clientPort,
        String clientPortAddress,
        int clientPortListenBacklog,
        Path dataDir,
        Path dataLogDir,
        int tickTimeMs,
        int minSessionTimeoutMs,
        int maxSessionTimeoutMs,
        int maxClientCnxns,
        int maxCnxns,
        int globalOutstandingLimit,
        int maxOutstandingPerConnection,
        int maxFrameBytes,
        Set<String> fourLetterWordWhitelist,
        boolean skipAcl,
        boolean extendedTypesEnabled,
        boolean enforceQuota,
        String superDigest,
        boolean readOnlyModeEnabled,
        long containerCheckIntervalMs,
        int containerMaxPerMinute,
        int handshakeTimeoutMs,
        int writeBufferLowWaterBytes,
        int writeBufferHighWaterBytes,
        long maxPendingWriteBytes,
        int maxSessions,
        int maxBatchSize,
        int maxWatchesPerConnection,
        int ioThreads,
        Durability durability,
        int raftPort,
        int snapCount,
        int snapRetainCount,
        int maxBatchesInFlight,
        int electionTimeoutMinMs,
        int electionTimeoutMaxMs,
        boolean linearizableReads,
        EnsembleConfig ensemble) {

    /** Whether writes are made durable. */
    public enum Durability {
        /** A 1-peer Apache Ratis log with fsync (the product default). */
        RAFT,
        /** Memory only (unit tests that do not concern durability). */
        NONE
    }

    /** ZooKeeper's default tickTime (ms). */
    public static final int DEFAULT_TICK_TIME_MS = 3000;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    /** What {@code maxCnxns=0} (ZooKeeper: no limit) means here. */
    public static final int DEFAULT_MAX_CNXNS = 60_000;
    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
    public static final long DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_CONTAINER_MAX_PER_MINUTE = 10_000;

    public ServerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(dataLogDir, "dataLogDir");
        fourLetterWordWhitelist = Set.copyOf(fourLetterWordWhitelist);
        range("clientPort", clientPort, 0, 65535);
        if (clientPortListenBacklog != -1) {
            range("clientPortListenBacklog", clientPortListenBacklog, 1, 65535);
        }
        range("tickTime", tickTimeMs, 1, 3_600_000);
        range("minSessionTimeout", minSessionTimeoutMs, 1, Integer.MAX_VALUE);
        range("maxSessionTimeout", maxSessionTimeoutMs, 1, Integer.MAX_VALUE);
        if (minSessionTimeoutMs > maxSessionTimeoutMs) {
            throw new ConfigException("minSessionTimeout (" + minSessionTimeoutMs
                    + ") must not be larger than maxSessionTimeout (" + maxSessionTimeoutMs + ")");
        }
        range("maxClientCnxns", maxClientCnxns, 0, 1_000_000);
        range("maxCnxns", maxCnxns, 1, 1_000_000);
        range("globalOutstandingLimit", globalOutstandingLimit, 1, 1_000_000);
        range("warden.maxOutstandingPerConnection", maxOutstandingPerConnection, 1, 1_000_000);
        range("jute.maxbuffer", maxFrameBytes, 1024, 1 << 30);
        for (String command : fourLetterWordWhitelist) {
            if (!FourLetterWord.COMMANDS.contains(command)) {
                throw ConfigException.invalid("4lw.commands.whitelist", command, "not a four-letter word");
            }
        }
        range("znode.container.checkIntervalMs", containerCheckIntervalMs, 1, 365L * 24 * 3600 * 1000);
        range("znode.container.maxPerMinute", containerMaxPerMinute, 1, 10_000_000);
        range("zookeeper.nio.sessionlessCnxnTimeout", handshakeTimeoutMs, 1, 3_600_000);
        range("warden.writeBufferLowWaterBytes", writeBufferLowWaterBytes, 1, 1 << 30);
        range("warden.writeBufferHighWaterBytes", writeBufferHighWaterBytes, writeBufferLowWaterBytes, 1 << 30);
        range("warden.maxPendingWriteBytes", maxPendingWriteBytes, writeBufferHighWaterBytes, 1L << 40);
        range("warden.maxSessions", maxSessions, 1, 100_000_000);
        range("warden.maxBatchSize", maxBatchSize, 1, 1_000_000);
        range("warden.maxWatchesPerConnection", maxWatchesPerConnection, 1, Integer.MAX_VALUE);
        range("warden.ioThreads", ioThreads, 1, 1024);
        Objects.requireNonNull(durability, "durability");
        range("warden.raft.port", raftPort, 0, 65535);
        range("snapCount", snapCount, 2, Integer.MAX_VALUE);
        range("autopurge.snapRetainCount", snapRetainCount, 3, 10_000);
        range("warden.maxBatchesInFlight", maxBatchesInFlight, 1, 64);
        range("warden.electionTimeoutMinMs", electionTimeoutMinMs, 50, 600_000);
        range("warden.electionTimeoutMaxMs", electionTimeoutMaxMs, electionTimeoutMinMs + 1, 600_000);
        Objects.requireNonNull(ensemble, "ensemble");
    }

    private static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw ConfigException.invalid(key, value, "expected " + min + ".." + max);
        }
    }

    /** The settings that change what apply does (identical on every replica). */
    public StateConfig stateConfig() {
        return new StateConfig(extendedTypesEnabled, skipAcl, superDigest, maxFrameBytes, maxWatchesPerConnection,
                enforceQuota);
    }

    /** {@code minSessionTimeout <= timeoutMs <= maxSessionTimeout}, as ZooKeeper negotiates. */
    public int negotiateSessionTimeoutMs(int requestedMs) {
        return Math.max(minSessionTimeoutMs, Math.min(maxSessionTimeoutMs, requestedMs));
    }

    /**
     * The submission queue bound of the apply thread: every client request (handshakes included)
     * holds one of the {@code globalOutstandingLimit} permits while queued; the rest is control
     * traffic, about a close and a four-letter word per connection (closes that do not fit are
     * kept aside, one per connection, never dropped).
     */
    public int applyQueueCapacity() {
        return globalOutstandingLimit + 3 * maxCnxns + 16;
    }

    /** A builder with ZooKeeper's defaults; {@code dataDir} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clientPort = clientPort;
        b.clientPortAddress = clientPortAddress;
        b.clientPortListenBacklog = clientPortListenBacklog;
        b.dataDir = dataDir;
        b.dataLogDir = dataLogDir;
        b.tickTimeMs = tickTimeMs;
        b.minSessionTimeoutMs = minSessionTimeoutMs;
        b.maxSessionTimeoutMs = maxSessionTimeoutMs;
        b.maxClientCnxns = maxClientCnxns;
        b.maxCnxns = maxCnxns;
        b.globalOutstandingLimit = globalOutstandingLimit;
        b.maxOutstandingPerConnection = maxOutstandingPerConnection;
        b.maxFrameBytes = maxFrameBytes;
        b.fourLetterWordWhitelist = fourLetterWordWhitelist;
        b.skipAcl = skipAcl;
        b.extendedTypesEnabled = extendedTypesEnabled;
        b.enforceQuota = enforceQuota;
        b.superDigest = superDigest;
        b.readOnlyModeEnabled = readOnlyModeEnabled;
        b.containerCheckIntervalMs = containerCheckIntervalMs;
        b.containerMaxPerMinute = containerMaxPerMinute;
        b.handshakeTimeoutMs = handshakeTimeoutMs;
        b.writeBufferLowWaterBytes = writeBufferLowWaterBytes;
        b.writeBufferHighWaterBytes = writeBufferHighWaterBytes;
        b.maxPendingWriteBytes = maxPendingWriteBytes;
        b.maxSessions = maxSessions;
        b.maxBatchSize = maxBatchSize;
        b.maxWatchesPerConnection = maxWatchesPerConnection;
        b.ioThreads = ioThreads;
        b.durability = durability;
        b.raftPort = raftPort;
        b.snapCount = snapCount;
        b.snapRetainCount = snapRetainCount;
        b.maxBatchesInFlight = maxBatchesInFlight;
        b.electionTimeoutMinMs = electionTimeoutMinMs;
        b.electionTimeoutMaxMs = electionTimeoutMaxMs;
        b.linearizableReads = linearizableReads;
        b.ensemble = ensemble;
        return b;
    }

    /**
     * Mutable builder; {@link #build()} resolves the derived defaults (session timeouts from the
     * tick, dataLogDir from dataDir, the whitelist's always-on commands) and validates.
     * Thread-confined.
     */
    public static final class Builder {
        private int clientPort = 2181;
        private String clientPortAddress;
        private int clientPortListenBacklog = -1;
        private Path dataDir;
        private Path dataLogDir;
        private int tickTimeMs = DEFAULT_TICK_TIME_MS;
        private int minSessionTimeoutMs = -1;
        private int maxSessionTimeoutMs = -1;
        private int maxClientCnxns = DEFAULT_MAX_CLIENT_CNXNS;
        private int maxCnxns = DEFAULT_MAX_CNXNS;
        private int globalOutstandingLimit = DEFAULT_GLOBAL_OUTSTANDING_LIMIT;
        private int maxOutstandingPerConnection = DEFAULT_GLOBAL_OUTSTANDING_LIMIT;
        private int maxFrameBytes = Limits.DEFAULT_MAX_FRAME_BYTES;
        private Set<String> fourLetterWordWhitelist = Set.of("srvr");
        private boolean skipAcl;
        private boolean extendedTypesEnabled;
        private boolean enforceQuota;
        private String superDigest;
        private boolean readOnlyModeEnabled;
        private long containerCheckIntervalMs = DEFAULT_CONTAINER_CHECK_INTERVAL_MS;
        private int containerMaxPerMinute = DEFAULT_CONTAINER_MAX_PER_MINUTE;
        private int handshakeTimeoutMs = DEFAULT_HANDSHAKE_TIMEOUT_MS;
        private int writeBufferLowWaterBytes = 512 * 1024;
        private int writeBufferHighWaterBytes = 2 * 1024 * 1024;
        private long maxPendingWriteBytes = 64L * 1024 * 1024;
        private int maxSessions = 1_000_000;
        private int maxBatchSize = 1000;
        private int maxWatchesPerConnection = StateConfig.defaults().maxWatchesPerConnection();
        private int ioThreads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        private Durability durability = Durability.RAFT;
        private int raftPort;
        private int snapCount = 100_000;
        private int snapRetainCount = 3;
        private int maxBatchesInFlight = 3;
        private int electionTimeoutMinMs = 1000;
        private int electionTimeoutMaxMs = 2000;
        private boolean linearizableReads;
        private EnsembleConfig ensemble = EnsembleConfig.none();

        private Builder() {
        }

        public Builder clientPort(int v) {
            clientPort = v;
            return this;
        }

        public Builder clientPortAddress(String v) {
            clientPortAddress = v;
            return this;
        }

        public Builder clientPortListenBacklog(int v) {
            clientPortListenBacklog = v;
            return this;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder dataLogDir(Path v) {
            dataLogDir = v;
            return this;
        }

        public Builder tickTimeMs(int v) {
            tickTimeMs = v;
            return this;
        }

        /** -1 restores the default of 2 ticks. */
        public Builder minSessionTimeoutMs(int v) {
            minSessionTimeoutMs = v;
            return this;
        }

        /** -1 restores the default of 20 ticks. */
        public Builder maxSessionTimeoutMs(int v) {
            maxSessionTimeoutMs = v;
            return this;
        }

        public Builder maxClientCnxns(int v) {
            maxClientCnxns = v;
            return this;
        }

        /** 0 means the default cap, {@link #DEFAULT_MAX_CNXNS}. */
        public Builder maxCnxns(int v) {
            maxCnxns = v == 0 ? DEFAULT_MAX_CNXNS : v;
            return this;
        }

        public Builder globalOutstandingLimit(int v) {
            globalOutstandingLimit = v;
            return this;
        }

        public Builder maxOutstandingPerConnection(int v) {
            maxOutstandingPerConnection = v;
            return this;
        }

        public Builder maxFrameBytes(int v) {
            maxFrameBytes = v;
            return this;
        }

        /** The configured list; srvr (and isro in read-only mode) are added at build. */
        public Builder fourLetterWordWhitelist(Set<String> v) {
            fourLetterWordWhitelist = Set.copyOf(v);
            return this;
        }

        /** Whitelists every four-letter word ({@code 4lw.commands.whitelist=*}). */
        public Builder allFourLetterWords() {
            return fourLetterWordWhitelist(FourLetterWord.COMMANDS);
        }

        public Builder skipAcl(boolean v) {
            skipAcl = v;
            return this;
        }

        public Builder extendedTypesEnabled(boolean v) {
            extendedTypesEnabled = v;
            return this;
        }

        public Builder enforceQuota(boolean v) {
            enforceQuota = v;
            return this;
        }

        public Builder superDigest(String v) {
            superDigest = v;
            return this;
        }

        public Builder readOnlyModeEnabled(boolean v) {
            readOnlyModeEnabled = v;
            return this;
        }

        public Builder containerCheckIntervalMs(long v) {
            containerCheckIntervalMs = v;
            return this;
        }

        public Builder containerMaxPerMinute(int v) {
            containerMaxPerMinute = v;
            return this;
        }

        public Builder handshakeTimeoutMs(int v) {
            handshakeTimeoutMs = v;
            return this;
        }

        public Builder writeBufferLowWaterBytes(int v) {
            writeBufferLowWaterBytes = v;
            return this;
        }

        public Builder writeBufferHighWaterBytes(int v) {
            writeBufferHighWaterBytes = v;
            return this;
        }

        public Builder maxPendingWriteBytes(long v) {
            maxPendingWriteBytes = v;
            return this;
        }

        public Builder maxSessions(int v) {
            maxSessions = v;
            return this;
        }

        public Builder maxBatchSize(int v) {
            maxBatchSize = v;
            return this;
        }

        public Builder maxWatchesPerConnection(int v) {
            maxWatchesPerConnection = v;
            return this;
        }

        public Builder ioThreads(int v) {
            ioThreads = v;
            return this;
        }

        public Builder durability(Durability v) {
            durability = v;
            return this;
        }

        public Builder raftPort(int v) {
            raftPort = v;
            return this;
        }

        public Builder snapCount(int v) {
            snapCount = v;
            return this;
        }

        public Builder snapRetainCount(int v) {
            snapRetainCount = v;
            return this;
        }

        public Builder maxBatchesInFlight(int v) {
            maxBatchesInFlight = v;
            return this;
        }

        public Builder electionTimeoutMinMs(int v) {
            electionTimeoutMinMs = v;
            return this;
        }

        public Builder electionTimeoutMaxMs(int v) {
            electionTimeoutMaxMs = v;
            return this;
        }

        public Builder linearizableReads(boolean v) {
            linearizableReads = v;
            return this;
        }

        public Builder ensemble(EnsembleConfig v) {
            ensemble = v;
            return this;
        }

        /** Resolves derived defaults and validates. @throws ConfigException on an invalid value */
        public ServerConfig build() {
            if (dataDir == null) {
                throw new ConfigException("dataDir is not set");
            }
            range("tickTime", tickTimeMs, 1, 3_600_000);
            int min = minSessionTimeoutMs == -1 ? 2 * tickTimeMs : minSessionTimeoutMs;
            int max = maxSessionTimeoutMs == -1 ? 20 * tickTimeMs : maxSessionTimeoutMs;
            Set<String> whitelist = new TreeSet<>(fourLetterWordWhitelist);
            whitelist.add("srvr");
            if (readOnlyModeEnabled) {
                whitelist.add("isro");
            }
            return new ServerConfig(clientPort, clientPortAddress, clientPortListenBacklog, dataDir,
                    dataLogDir == null ? dataDir : dataLogDir, tickTimeMs, min, max, maxClientCnxns,
                    maxCnxns, globalOutstandingLimit, maxOutstandingPerConnection, maxFrameBytes, whitelist,
                    skipAcl, extendedTypesEnabled, enforceQuota, superDigest, readOnlyModeEnabled,
                    containerCheckIntervalMs, containerMaxPerMinute, handshakeTimeoutMs, writeBufferLowWaterBytes,
                    writeBufferHighWaterBytes, maxPendingWriteBytes, maxSessions, maxBatchSize,
                    maxWatchesPerConnection, ioThreads, durability, raftPort, snapCount, snapRetainCount,
                    maxBatchesInFlight, electionTimeoutMinMs, electionTimeoutMaxMs, linearizableReads, ensemble);
        }
    }
}
