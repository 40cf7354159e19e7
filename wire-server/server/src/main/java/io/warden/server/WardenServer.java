package io.warden.server;

import io.warden.server.admin.FourLetterWords;
import io.warden.server.admin.ServerStats;
import io.warden.server.admin.WardenVersion;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleMember;
import io.warden.server.ensemble.ConfigNode;
import io.warden.server.ensemble.EnsembleStatus;
import io.warden.server.raft.EnsembleLog;
import io.warden.server.net.NetServer;
import io.warden.server.persist.SnapshotSettings;
import io.warden.server.raft.RaftTxnLog;
import io.warden.server.sequencer.Sequencer;
import io.warden.server.sequencer.SequencerSettings;
import io.warden.server.sequencer.Stamper;
import io.warden.server.sequencer.StateStore;
import io.warden.server.sequencer.Submission;
import io.warden.server.sequencer.TxnLog;
import io.warden.server.session.SessionTracker;
import io.warden.server.state.SessionInfo;
import io.warden.server.state.StateMachine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running standalone server: wiring and lifecycle only. {@link #start} creates the data
 * directories, the state machine, the session tracker, the apply thread ({@link Sequencer}) and
 * the client port ({@link NetServer}); {@link #close} stops them in reverse order. If the apply
 * thread fails (a bug), the server closes itself and {@link #failure()} says why.
 *
 * <pre>{@code
 * try (WardenServer server = WardenServer.start(ServerConfig.builder()
 *         .clientPortAddress("127.0.0.1").clientPort(0).dataDir(dir).build())) {
 *     int port = server.port();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class WardenServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WardenServer.class.getName());
    /** Sessions, paths... listed at most by one four-letter-word snapshot (dump, wchc, wchp). */
    private static final int MAX_SNAPSHOT_ENTRIES = 10_000;
    /** Ratis's storage, under dataLogDir. */
    public static final String RAFT_DIR = "raft";
    /** Snapshots, under dataDir. */
    public static final String SNAPSHOT_DIR = "snapshots";

    private final ServerConfig config;
    private final TxnLog log;
    private final Sequencer sequencer;
    private final SessionTracker tracker;
    private final AtomicReference<NetServer> net = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private WardenServer(ServerConfig config, ServerEnv env, StateStore store, TxnLog log) {
        this.config = config;
        this.log = log;
        this.tracker = new SessionTracker(env.ticker(), config.tickTimeMs(), config.maxSessions());
        // Sessions the state already holds (a restart on the same state) get a full timeout from
        // now, as ZooKeeper re-arms the sessions of a loaded snapshot.
        for (SessionInfo s : store.sessions()) {
            tracker.add(s.sessionId(), s.timeoutMs(), s.password());
        }
        // An ensemble member's session ids carry its myid in the top byte, as ZooKeeper's.
        int serverId = log instanceof EnsembleLog e ? (int) e.myId() : Stamper.STANDALONE_SERVER_ID;
        Stamper stamper = new Stamper(store.lastZxid(), env.wallClock(), env.entropy(), serverId);
        SequencerSettings settings = new SequencerSettings(config.tickTimeMs(), config.minSessionTimeoutMs(),
                config.maxSessionTimeoutMs(), config.maxBatchSize(), config.applyQueueCapacity(), config.superDigest(),
                MAX_SNAPSHOT_ENTRIES, config.containerCheckIntervalMs(), reapsPerCheck(config),
                config.maxBatchesInFlight());
        this.sequencer = new Sequencer(settings, store, tracker, stamper, log, env.ticker(), this::failed);
        if (log instanceof EnsembleLog e) {
            // a snapshot installed from the leader replaced the state (the member's clients were
            // closed first): track exactly its sessions, each with a full timeout from now
            e.onStateReloaded(reloaded -> {
                java.util.Set<Long> live = new java.util.HashSet<>();
                for (SessionInfo s : reloaded.sessions()) {
                    live.add(s.sessionId());
                    if (!tracker.knows(s.sessionId())) {
                        tracker.add(s.sessionId(), s.timeoutMs(), s.password());
                    }
                }
                for (SessionTracker.SessionEntry t : tracker.snapshot(Integer.MAX_VALUE)) {
                    if (!live.contains(t.sessionId())) {
                        tracker.remove(t.sessionId());
                    }
                }
            });
        }
        sequencer.linearizableReads(config.linearizableReads());
    }

    /** znode.container.maxPerMinute spread over one check interval, at least 1. */
    private static int reapsPerCheck(ServerConfig config) {
        long perCheck = config.containerMaxPerMinute() * config.containerCheckIntervalMs() / 60_000L;
        return (int) Math.max(1, Math.min(config.containerMaxPerMinute(), perCheck));
    }

    /** Starts a server with the system clocks and a secure random source. */
    public static WardenServer start(ServerConfig config) throws IOException {
        return start(config, ServerEnv.system());
    }

    /**
     * Starts a server with injected clocks and randomness (tests). With durability RAFT (the
     * default) the state is recovered from dataDir/dataLogDir (newest valid snapshot plus the
     * log after it) and every write is made durable before it is applied or answered; with NONE
     * it starts empty and lives in memory.
     *
     * @throws IOException if a data directory cannot be created, the log cannot be recovered, or
     *     the client port not bound
     */
    public static WardenServer start(ServerConfig config, ServerEnv env) throws IOException {
        if (isEnsemble(config)) {
            return startMember(config, env);
        }
        if (config.durability() == ServerConfig.Durability.NONE) {
            return start(config, env, StateStore.of(new StateMachine(config.stateConfig())));
        }
        createDirectory(config.dataDir(), "dataDir");
        createDirectory(config.dataLogDir(), "dataLogDir");
        RaftTxnLog log = RaftTxnLog.open(new RaftTxnLog.Settings(config.dataLogDir().resolve(RAFT_DIR),
                config.dataDir().resolve(SNAPSHOT_DIR), raftHost(config), raftPort(config), config.snapCount(),
                new SnapshotSettings(config.snapRetainCount(), SnapshotSettings.defaults().progressEveryNodes(),
                        SnapshotSettings.defaults().blockBytes()), config.stateConfig()), env.ticker());
        if (config.ensemble().distributed()) {
            writeConfigNode(config.ensemble(), log.state());
        }
        return start(config, env, StateStore.of(log.state()), log);
    }

    /**
     * /zookeeper/config as a ZooKeeper quorum peer shows it: this server's static configuration
     * (the same on every member, so replicas stay identical), set before the apply thread starts
     * (nobody watches it yet). mtime 0: a static configuration has no log time.
     */
    private static void writeConfigNode(EnsembleConfig ensemble, StateMachine state) {
        state.setConfigNode(ConfigNode.bytes(ensemble.members(), ensemble.version()), ensemble.version(), 0);
    }

    /**
     * Starts a server around the given state store, in memory (no log), which must be fresh or
     * hold exactly what it had applied: the stamper continues from its last zxid, and its live
     * sessions are re-armed with a full timeout (so clients can re-attach after a restart on the
     * same state).
     *
     * @throws IOException if a data directory cannot be created or the client port not bound
     * @throws ConfigException if {@code clientPortAddress} does not resolve
     */
    public static WardenServer start(ServerConfig config, ServerEnv env, StateStore store) throws IOException {
        refuseEnsembles(config);
        createDirectory(config.dataDir(), "dataDir");
        createDirectory(config.dataLogDir(), "dataLogDir");
        return start(config, env, store, TxnLog.NONE);
    }

    /** More than one server line: a replicated ensemble member (docs/ensemble-design.md). */
    private static boolean isEnsemble(ServerConfig config) {
        return config.ensemble().members().size() > 1;
    }

    /**
     * Starts an ensemble member: its Ratis peer on the server line's peer address (the election
     * port is reserved, not bound: Ratis elects over the peer port), clients on its client
     * address. Returns without waiting for a leader.
     */
    private static WardenServer startMember(ServerConfig config, ServerEnv env) throws IOException {
        EnsembleConfig ensemble = config.ensemble();
        if (ensemble.myId() < 1 || ensemble.myId() > 255) {
            throw new ConfigException("myid must be between 1 and 255 in an ensemble (it is the top byte of "
                    + "session ids), not " + ensemble.myId());
        }
        createDirectory(config.dataDir(), "dataDir");
        createDirectory(config.dataLogDir(), "dataLogDir");
        long tickMs = config.tickTimeMs();
        EnsembleLog log = EnsembleLog.open(new EnsembleLog.Settings(
                config.dataLogDir().resolve(EnsembleLog.STORAGE_DIR), config.dataDir().resolve(SNAPSHOT_DIR),
                config.snapCount(), new SnapshotSettings(config.snapRetainCount(),
                        SnapshotSettings.defaults().progressEveryNodes(), SnapshotSettings.defaults().blockBytes()),
                config.stateConfig(), config.electionTimeoutMinMs(), config.electionTimeoutMaxMs(),
                Math.max(10_000L, 4L * config.electionTimeoutMaxMs()),
                // a member stops serving after minSessionTimeout without a leader, but never within an
                // election timeout (it would not even have started an election of its own by then)
                Math.max(config.minSessionTimeoutMs(), config.electionTimeoutMaxMs()),
                Math.max(1, ensemble.syncLimit()) * tickMs), ensemble, env.ticker(), env.wallClock());
        writeConfigNode(ensemble, log.state());
        return start(config, env, log.store(), log);
    }

    /** This server's place in its ensemble ({@link EnsembleStatus#STANDALONE} without server lines). */
    public EnsembleStatus ensembleStatus() {
        return log instanceof EnsembleLog e ? e : EnsembleStatus.STANDALONE;
    }

    private static WardenServer start(ServerConfig config, ServerEnv env, StateStore store, TxnLog log)
            throws IOException {
        WardenServer server;
        try {
            server = new WardenServer(config, env, store, log);
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        server.sequencer.start();
        ServerStats stats = new ServerStats();
        EnsembleStatus status = server.ensembleStatus();
        try {
            server.net.set(NetServer.bind(config, server.sequencer, server.tracker, stats,
                    admin -> new FourLetterWords(config, admin, WardenVersion.current(), env.wallClock(), status),
                    env.ticker(), env.wallClock()));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "Warden {0} serving ZooKeeper {1} clients on {2} ({3})",
                WardenVersion.current().warden(), WardenVersion.ZOOKEEPER, server.address(),
                log == TxnLog.NONE ? "in memory, not durable" : log instanceof EnsembleLog e
                        ? "ensemble member " + e.myId() + " of " + config.ensemble().members().size()
                        : "durable log in " + config.dataLogDir());
        return server;
    }

    /** The in-memory form runs standalone only. */
    private static void refuseEnsembles(ServerConfig config) {
        if (isEnsemble(config)) {
            throw new ConfigException("an ensemble member needs its durable log: start it with "
                    + "WardenServer.start(config[, env])");
        }
    }

    /** A group of one ({@code server.N} line, standaloneEnabled=false): Ratis on that line's peer address. */
    private static Optional<EnsembleMember> raftPeer(ServerConfig config) {
        return config.ensemble().distributed() ? config.ensemble().self() : Optional.empty();
    }

    /** The Ratis gRPC port: the server line's peer port, else {@code warden.raft.port}. */
    private static int raftPort(ServerConfig config) {
        return raftPeer(config).map(m -> m.peerAddress().port()).orElse(config.raftPort());
    }

    /**
     * The Ratis gRPC host: the server line's peer host, else the client address if one is
     * configured, else the loopback.
     */
    private static String raftHost(ServerConfig config) {
        Optional<EnsembleMember> peer = raftPeer(config);
        if (peer.isPresent()) {
            String h = peer.get().peerAddress().host();
            try {
                return java.net.InetAddress.getByName(h).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                throw ConfigException.invalid("server." + peer.get().id(), h, "cannot resolve the peer host");
            }
        }
        String a = config.clientPortAddress();
        if (a == null || a.isBlank() || a.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        try {
            return java.net.InetAddress.getByName(a).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw ConfigException.invalid("clientPortAddress", a, "cannot resolve it");
        }
    }

    private static void createDirectory(Path dir, String key) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IOException("cannot create " + key + " " + dir + ": " + e.getFile() + " is not a directory", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot create " + key + " " + dir + ": permission denied on " + e.getFile(), e);
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot create " + key + " " + dir + ": "
                    + (e.getReason() != null ? e.getReason() : e.getFile()), e);
        } catch (IOException e) {
            throw new IOException("cannot create " + key + " " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(key + " " + dir + " is not writable");
        }
    }

    /** The bound client port (the real one when {@code clientPort} was 0). */
    public int port() {
        return address().getPort();
    }

    /** The bound client address. */
    public InetSocketAddress address() {
        NetServer n = net.get();
        if (n == null) {
            throw new IllegalStateException("not bound");
        }
        return n.localAddress();
    }

    public ServerConfig config() {
        return config;
    }

    /** Open client connections (four-letter-word connections included). */
    public int connectionCount() {
        NetServer n = net.get();
        return n == null ? 0 : n.connectionCount();
    }

    /** Live sessions (closing ones included). */
    public int sessionCount() {
        return tracker.size();
    }

    /**
     * Wakes the apply thread to run its timers now (session expiry, and the container/TTL reaper
     * when its interval has passed on the ticker) instead of at the next tick: for tests that
     * advance a fake ticker.
     */
    public void checkSessionExpiry() {
        sequencer.submit(new Submission.Wakeup());
    }

    /** Whether the transaction log failed and writes are refused (NOTREADONLY) until restart. */
    public boolean isReadOnly() {
        return sequencer.isReadOnly();
    }

    /** Whether the server is serving (not closed, apply thread alive). */
    public boolean isRunning() {
        return !closed.get() && sequencer.isRunning();
    }

    /** Why the server stopped by itself, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Waits until the server is closed. Returns false on timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops accepting, closes every connection and stops the apply thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        NetServer n = net.get();
        if (n != null) {
            n.close();
        }
        sequencer.close();
        log.close();
        if (n != null) {
            LOG.log(System.Logger.Level.INFO, "Warden server stopped");
        }
        terminated.countDown();
    }

    private void failed(Throwable t) {
        failure.set(t);
        // Not on the apply thread: close() waits for it to finish.
        Thread stopper = new Thread(this::close, "warden-shutdown");
        stopper.setDaemon(false);
        stopper.start();
    }
}
