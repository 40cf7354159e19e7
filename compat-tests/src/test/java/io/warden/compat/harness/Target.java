package io.warden.compat.harness;

import io.warden.client.testing.WardenTestServer;
import io.warden.server.ServerConfig;
import io.warden.server.WardenServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A server a compatibility test runs against: real Apache ZooKeeper 3.9.5 (the reference, through
 * {@link RealZooKeeper}) or Warden in this JVM, standalone, configured from one {@link Settings}
 * so that both kinds get the same tickTime, TTL nodes, container interval, quota enforcement,
 * ACL skipping and super user. The one way the diff, peers, curator, node, javaclients and docker
 * tests start their servers (the crash tests fork theirs: {@code io.warden.compat.crash}).
 *
 * <p>{@link #restart()} stops the server and starts it again on the same port, keeping its data:
 * ZooKeeper reloads its snapshot and transaction log from its data directory (in-process or
 * forked alike), so its sessions survive. The in-memory Warden ({@link WardenTestServer}) hands the
 * same state machine to the new server, whose live sessions it re-arms with a full timeout; the
 * durable Warden ({@link Settings#durableWarden}) starts again on its data directory and recovers
 * from its log.
 *
 * <p>Implementations are thread-safe: lifecycle methods are {@code synchronized} (they delegate
 * to {@link RealZooKeeper} and {@link WardenTestServer}, which are).
 */
public sealed interface Target extends AutoCloseable permits Target.OnZooKeeper, Target.OnWarden {

    /**
     * ZooKeeper's four-letter-word whitelist under {@link FourLetterWords#DEFAULT}: its default
     * (srvr) plus ruok and conf, which the harness needs to see that the server serves
     * ({@link RealZooKeeper}); Warden then keeps its own default (srvr).
     */
    List<String> ZOOKEEPER_MINIMAL_WHITELIST = List.of("srvr", "ruok", "conf");

    /** Which server: the parameter of every test that runs on both. */
    enum Kind {
        ZOOKEEPER("zookeeper"),
        WARDEN("warden");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** A short lower-case label for test names and messages. */
        public String label() {
            return label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Which four-letter words the server answers. */
    enum FourLetterWords {
        /** Every word ({@code 4lw.commands.whitelist=*}). */
        ALL,
        /**
         * The server's default (srvr only); ZooKeeper keeps {@link #ZOOKEEPER_MINIMAL_WHITELIST}
         * and runs forked, because its whitelist is a JVM-wide, cached system property.
         */
        DEFAULT
    }

    /**
     * What a test needs from the server beyond the defaults. ZooKeeper reads most of these from
     * JVM-wide system properties once, so any of them (or {@code forked}) runs it in a child JVM.
     *
     * @param tickTimeMs {@code tickTime}; session timeouts are negotiated into [2, 20] ticks
     * @param extendedTypes TTL nodes ({@code zookeeper.extendedTypesEnabled=true})
     * @param containerCheckIntervalMs {@code znode.container.checkIntervalMs} (containers and TTL
     *     nodes reaped this often), or 0 for the default (one minute)
     * @param forked run a real ZooKeeper in a child JVM even when nothing else needs it
     * @param fourLetterWords the four-letter-word whitelist
     * @param enforceQuota hard quotas refused with QUOTAEXCEEDED ({@code zookeeper.enforceQuota})
     * @param skipAcl no ACL checks ({@code zookeeper.skipACL=yes})
     * @param superDigest the super user's digest
     *     ({@code zookeeper.DigestAuthenticationProvider.superDigest}), or {@code null} for none
     * @param durableWarden Warden writes through its durable log ({@link WardenServer#start(ServerConfig)}
     *     on its data directory) instead of keeping its state in memory ({@link WardenTestServer})
     * @param wardenAddress the address Warden binds ({@code ::1} for IPv6 tests); ZooKeeper binds
     *     {@value FreePorts#LOOPBACK_HOST} only
     */
    record Settings(int tickTimeMs, boolean extendedTypes, long containerCheckIntervalMs, boolean forked,
            FourLetterWords fourLetterWords, boolean enforceQuota, boolean skipAcl, String superDigest,
            boolean durableWarden, String wardenAddress) {
        /** The default tick, as most deployments and every fixture use it. */
        public static final int DEFAULT_TICK_TIME_MS = 2000;

        public Settings {
            if (tickTimeMs <= 0) {
                throw new IllegalArgumentException("tickTimeMs must be positive: " + tickTimeMs);
            }
            if (containerCheckIntervalMs < 0) {
                throw new IllegalArgumentException("containerCheckIntervalMs must be >= 0: " + containerCheckIntervalMs);
            }
            if (fourLetterWords == null || wardenAddress == null) {
                throw new NullPointerException("fourLetterWords and wardenAddress are required");
            }
        }

        /**
         * The defaults: tickTime 2000, no TTL nodes, default container interval, every
         * four-letter word, in-process ZooKeeper, in-memory Warden on {@code 127.0.0.1}.
         */
        public static Settings defaults() {
            return new Settings(DEFAULT_TICK_TIME_MS, false, 0, false, FourLetterWords.ALL, false, false, null,
                    false, FreePorts.LOOPBACK_HOST);
        }

        /** Curator's needs: TTL nodes and containers reaped every {@code intervalMs}; forked. */
        public static Settings extended(long intervalMs) {
            return defaults().withExtendedTypes(true).withContainerCheckIntervalMs(intervalMs).withForked(true);
        }

        public Settings withTickTimeMs(int v) {
            return new Settings(v, extendedTypes, containerCheckIntervalMs, forked, fourLetterWords, enforceQuota,
                    skipAcl, superDigest, durableWarden, wardenAddress);
        }

        public Settings withExtendedTypes(boolean v) {
            return new Settings(tickTimeMs, v, containerCheckIntervalMs, forked, fourLetterWords, enforceQuota,
                    skipAcl, superDigest, durableWarden, wardenAddress);
        }

        public Settings withContainerCheckIntervalMs(long v) {
            return new Settings(tickTimeMs, extendedTypes, v, forked, fourLetterWords, enforceQuota, skipAcl,
                    superDigest, durableWarden, wardenAddress);
        }

        public Settings withForked(boolean v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, v, fourLetterWords,
                    enforceQuota, skipAcl, superDigest, durableWarden, wardenAddress);
        }

        public Settings withFourLetterWords(FourLetterWords v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, forked, v, enforceQuota,
                    skipAcl, superDigest, durableWarden, wardenAddress);
        }

        public Settings withEnforceQuota(boolean v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, forked, fourLetterWords, v,
                    skipAcl, superDigest, durableWarden, wardenAddress);
        }

        public Settings withSkipAcl(boolean v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, forked, fourLetterWords,
                    enforceQuota, v, superDigest, durableWarden, wardenAddress);
        }

        public Settings withSuperDigest(String v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, forked, fourLetterWords,
                    enforceQuota, skipAcl, v, durableWarden, wardenAddress);
        }

        public Settings withDurableWarden(boolean v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, forked, fourLetterWords,
                    enforceQuota, skipAcl, superDigest, v, wardenAddress);
        }

        public Settings withWardenAddress(String v) {
            return new Settings(tickTimeMs, extendedTypes, containerCheckIntervalMs, forked, fourLetterWords,
                    enforceQuota, skipAcl, superDigest, durableWarden, v);
        }

        /** Whether a real ZooKeeper with these settings must run in a child JVM. */
        boolean zooKeeperForked() {
            return forked || extendedTypes || containerCheckIntervalMs > 0 || enforceQuota || skipAcl
                    || superDigest != null || fourLetterWords == FourLetterWords.DEFAULT;
        }

        /** {@code builder} (defaults: loopback, kernel-picked port, a data dir) with these settings. */
        ServerConfig.Builder applyTo(ServerConfig.Builder builder) {
            builder.clientPortAddress(wardenAddress)
                    .tickTimeMs(tickTimeMs)
                    .extendedTypesEnabled(extendedTypes)
                    .enforceQuota(enforceQuota)
                    .skipAcl(skipAcl);
            if (fourLetterWords == FourLetterWords.ALL) {
                builder.allFourLetterWords();
            } else {
                builder.fourLetterWordWhitelist(Set.of("srvr"));
            }
            if (containerCheckIntervalMs > 0) {
                builder.containerCheckIntervalMs(containerCheckIntervalMs);
            }
            if (superDigest != null) {
                builder.superDigest(superDigest);
            }
            return builder;
        }
    }

    /** Starts a fresh server of {@code kind} on a free port. */
    static Target start(Kind kind, Settings settings) throws IOException {
        return switch (kind) {
            case ZOOKEEPER -> OnZooKeeper.start(settings);
            case WARDEN -> OnWarden.start(settings);
        };
    }

    Kind kind();

    Settings settings();

    /** The address clients connect to: {@code 127.0.0.1} (or {@link Settings#wardenAddress}). */
    String host();

    /** The client port; the same after {@link #restart()}. */
    int port();

    /** {@code host:port}; the same across {@link #restart()}. */
    default String connectString() {
        return host() + ":" + port();
    }

    /** Stops the server and starts it again on the same port, keeping its data and sessions. */
    void restart() throws IOException;

    /** Stops the server and deletes its files. Idempotent. */
    @Override
    void close() throws IOException;

    /** Real ZooKeeper 3.9.5 through the harness ({@link RealZooKeeper}). */
    final class OnZooKeeper implements Target {
        private final Settings settings;
        private final RealZooKeeper server;

        private OnZooKeeper(Settings settings, RealZooKeeper server) {
            this.settings = settings;
            this.server = server;
        }

        static OnZooKeeper start(Settings settings) throws IOException {
            if (!settings.wardenAddress().equals(FreePorts.LOOPBACK_HOST)) {
                throw new IllegalArgumentException("the harness binds ZooKeeper to " + FreePorts.LOOPBACK_HOST
                        + " only, not " + settings.wardenAddress());
            }
            RealZooKeeper.Builder builder = RealZooKeeper.builder()
                    .forked(settings.zooKeeperForked())
                    .tickTimeMs(settings.tickTimeMs());
            if (settings.extendedTypes()) {
                builder.property("zookeeper.extendedTypesEnabled", "true");
            }
            if (settings.containerCheckIntervalMs() > 0) {
                builder.property("znode.container.checkIntervalMs",
                        Long.toString(settings.containerCheckIntervalMs()));
            }
            if (settings.enforceQuota()) {
                builder.property("zookeeper.enforceQuota", "true");
            }
            if (settings.skipAcl()) {
                builder.property("zookeeper.skipACL", "yes");
            }
            if (settings.superDigest() != null) {
                builder.property("zookeeper.DigestAuthenticationProvider.superDigest", settings.superDigest());
            }
            if (settings.fourLetterWords() == FourLetterWords.DEFAULT) {
                builder.config("4lw.commands.whitelist", String.join(",", ZOOKEEPER_MINIMAL_WHITELIST));
            }
            return new OnZooKeeper(settings, builder.start());
        }

        /** The harness server, for what only ZooKeeper has (its log file, kill()). */
        public RealZooKeeper server() {
            return server;
        }

        @Override
        public Kind kind() {
            return Kind.ZOOKEEPER;
        }

        @Override
        public Settings settings() {
            return settings;
        }

        @Override
        public String host() {
            return server.host();
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public String connectString() {
            return server.connectString();
        }

        @Override
        public void restart() throws IOException {
            server.restart();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        @Override
        public String toString() {
            return server.toString();
        }
    }

    /**
     * Warden in this JVM: the recipes module's fixture ({@link WardenTestServer}, state in memory),
     * or with {@link Settings#durableWarden} a {@link WardenServer} on its own data directory.
     */
    final class OnWarden implements Target {
        private final Settings settings;
        private final WardenTestServer inMemory; // null when durable
        private final Path baseDir; // durable only
        private final ServerConfig config; // durable only: the config with the bound port
        private WardenServer durable; // durable only; guarded by this; null while stopped

        private OnWarden(Settings settings, WardenTestServer inMemory, Path baseDir, ServerConfig config,
                WardenServer durable) {
            this.settings = settings;
            this.inMemory = inMemory;
            this.baseDir = baseDir;
            this.config = config;
            this.durable = durable;
        }

        static OnWarden start(Settings settings) throws IOException {
            if (!settings.durableWarden()) {
                return new OnWarden(settings, WardenTestServer.start(settings::applyTo), null, null, null);
            }
            Path baseDir = Files.createTempDirectory("warden-target-");
            try {
                ServerConfig config = settings.applyTo(ServerConfig.builder()
                        .clientPort(0)
                        .dataDir(baseDir.resolve("data")))
                        .build();
                WardenServer server = WardenServer.start(config);
                ServerConfig bound = config.toBuilder().clientPort(server.port()).build();
                return new OnWarden(settings, null, baseDir, bound, server);
            } catch (IOException | RuntimeException e) {
                try {
                    RealZooKeeper.deleteRecursively(baseDir);
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** The running server, or {@code null} while stopped. */
        public synchronized WardenServer server() {
            return inMemory != null ? inMemory.server() : durable;
        }

        @Override
        public Kind kind() {
            return Kind.WARDEN;
        }

        @Override
        public Settings settings() {
            return settings;
        }

        @Override
        public String host() {
            return settings.wardenAddress();
        }

        @Override
        public int port() {
            return inMemory != null ? inMemory.port() : config.clientPort();
        }

        @Override
        public synchronized void restart() throws IOException {
            if (inMemory != null) {
                inMemory.restart();
                return;
            }
            stopDurable();
            durable = WardenServer.start(config);
        }

        @Override
        public synchronized void close() throws IOException {
            if (inMemory != null) {
                inMemory.close();
                return;
            }
            try {
                stopDurable();
            } finally {
                RealZooKeeper.deleteRecursively(baseDir);
            }
        }

        private void stopDurable() {
            if (durable != null) {
                durable.close();
                durable = null;
            }
        }

        @Override
        public String toString() {
            return "Warden[" + connectString() + (settings.durableWarden() ? ", durable" : ", in memory") + "]";
        }
    }
}
