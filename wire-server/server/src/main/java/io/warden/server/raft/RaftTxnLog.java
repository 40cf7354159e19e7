package io.warden.server.raft;

import com.google.common.base.Ticker;
import io.warden.server.persist.SnapshotHeader;
import io.warden.server.persist.SnapshotInfo;
import io.warden.server.persist.SnapshotSettings;
import io.warden.server.persist.SnapshotStore;
import io.warden.server.sequencer.LogPosition;
import io.warden.server.sequencer.StateStore;
import io.warden.server.sequencer.TxnLog;
import io.warden.server.state.FrozenState;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.txn.StampedTxn;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The durable log of a standalone server: a 1-peer Apache Ratis group, one log entry per
 * sequencer batch, fsync on (Ratis's group commit: one fsync covers every entry queued behind the
 * one being written), plus snapshots and recovery.
 *
 * <p><b>Start-up</b> ({@link #open}): load the newest valid snapshot (falling back to an older one
 * if it is corrupt), start the Ratis server on it, let Ratis replay the log after the snapshot's
 * (term, index) into the state machine, and return once this peer leads with everything applied.
 * The caller then starts the apply thread on {@link #state()}.
 *
 * <p><b>Writes</b> ({@link #append}): submitted in-process to the local Ratis server (no client
 * loopback); the future completes with the entry's position once Ratis has committed it, which for
 * a single peer means written and fsynced. A failure (I/O error, disk full, Ratis closed) is
 * reported inside the reply and turns into an exceptionally completed future.
 *
 * <p><b>Snapshots</b> ({@link #applied}): once {@code snapCount} transactions have been applied since
 * the last one, the state is frozen on the apply thread (O(1) copy-on-write) and written on a
 * background thread; the file records the Raft term and index of the last batch it includes.
 * After each snapshot the log is purged up to the oldest snapshot kept (not the newest: falling
 * back to an older snapshot must find its log tail), using {@code RaftLog.purge}, which drops
 * only whole closed segments.
 *
 * <p>Thread-safe: {@link #append} and {@link #applied} on the apply thread; the snapshot thread
 * and Ratis's threads otherwise.
 */
public final class RaftTxnLog implements TxnLog {
    private static final System.Logger LOG = System.getLogger(RaftTxnLog.class.getName());
    /** One fixed group: a standalone server is a 1-peer group; its data survives a rename of the host. */
    static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("warden-standalone".getBytes(StandardCharsets.UTF_8)));
    static final RaftPeerId PEER_ID = RaftPeerId.valueOf("warden-1");
    /**
     * Largest payload of one log entry. A batch that encodes bigger is split over several entries
     * (a batch can hold maxBatchSize writes of up to jute.maxbuffer each); a single transaction
     * bigger than this (only with jute.maxbuffer raised above it) cannot be logged.
     */
    static final int MAX_ENTRY_BYTES = 7 << 20;
    /** Replay of a very large log is bounded too; a log that takes longer is an operator matter. */
    private static final long MAX_STARTUP_MINUTES = 30;

    static {
        // Ratis calls System.exit on some internal errors (an uncaught exception in one of its
        // threads, e.g. while closing). A Warden server must not vanish: a failed log makes it
        // read-only (see Sequencer), and its owner decides about the process.
        ExitUtils.disableSystemExit();
    }

    private final Settings settings;
    private final SnapshotStore snapshots;
    private final StateMachine state;
    private final RaftServer server;
    private final WardenRaftStateMachine raftState;
    private final ClientId clientId = ClientId.randomId();
    private final ExecutorService snapshotThread;
    private final AtomicBoolean snapshotRunning = new AtomicBoolean();
    /**
     * Appends not yet acknowledged (at most maxBatchesInFlight, a few more when a batch is split):
     * failed at once when Ratis reports the log failed, because Ratis leaves their requests pending.
     */
    private final java.util.Set<CompletableFuture<LogPosition>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long purgeableIndex;
    private long callId;
    private long lastSnapshotZxid;

    /**
     * Where and how the log runs. Immutable.
     *
     * @param logDir Ratis storage directory (under dataLogDir)
     * @param snapshotDir snapshot directory (under dataDir)
     * @param host the address gRPC binds
     * @param port the gRPC port; 0 picks a free one
     * @param snapCount transactions between snapshots
     * @param snapshotSettings retention and block size of snapshots
     * @param stateConfig the state machine's settings
     */
    public record Settings(Path logDir, Path snapshotDir, String host, int port, int snapCount,
            SnapshotSettings snapshotSettings, StateConfig stateConfig) {
    }

    private RaftTxnLog(Settings settings, SnapshotStore snapshots, StateMachine state, RaftServer server,
            WardenRaftStateMachine raftState, long lastSnapshotZxid) {
        this.settings = settings;
        this.snapshots = snapshots;
        this.state = state;
        this.server = server;
        this.raftState = raftState;
        this.lastSnapshotZxid = lastSnapshotZxid;
        this.snapshotThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Recovers the state (newest valid snapshot plus the log after it) and starts the log.
     *
     * @throws IOException if the storage cannot be used, the log cannot be replayed, or the
     *     peer does not become ready within {@value #MAX_STARTUP_MINUTES} minutes
     */
    public static RaftTxnLog open(Settings settings, Ticker ticker) throws IOException {
        long startNanos = ticker.read();
        Files.createDirectories(settings.logDir());
        SnapshotStore snapshots = new SnapshotStore(settings.snapshotDir(), settings.snapshotSettings(), ticker);
        Optional<SnapshotStore.Loaded> loaded = snapshots.loadNewest(settings.stateConfig());
        StateMachine state = loaded.map(SnapshotStore.Loaded::stateMachine)
                .orElseGet(() -> new StateMachine(settings.stateConfig()));
        TermIndex snapshotPosition = null;
        long snapshotZxid = 0;
        if (loaded.isPresent()) {
            SnapshotHeader h = loaded.get().header();
            snapshotZxid = h.lastZxid();
            if (h.lastIndex() >= 0) {
                snapshotPosition = TermIndex.valueOf(h.lastTerm(), h.lastIndex());
            }
        }
        long[] purgeable = {oldestKeptIndex(snapshots)};
        RaftTxnLog[] self = new RaftTxnLog[1];
        WardenRaftStateMachine raftState = new WardenRaftStateMachine(state, snapshotPosition,
                () -> self[0] == null ? purgeable[0] : self[0].purgeableIndex, ticker);
        RaftServer server = RaftServer.newBuilder()
                .setServerId(PEER_ID)
                .setGroup(RaftGroup.valueOf(GROUP_ID, RaftPeer.newBuilder().setId(PEER_ID)
                        .setAddress(settings.host() + ":" + settings.port()).build()))
                .setProperties(properties(settings))
                .setStateMachine(raftState)
                .setOption(Files.isDirectory(settings.logDir().resolve(GROUP_ID.getUuid().toString()))
                        ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        RaftTxnLog log = new RaftTxnLog(settings, snapshots, state, server, raftState, snapshotZxid);
        raftState.onLogFailed(log::failPending);
        log.purgeableIndex = purgeable[0];
        self[0] = log;
        try {
            server.start();
            raftState.ready().get(MAX_STARTUP_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.close();
            throw new InterruptedIOException("interrupted while replaying the log");
        } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
            log.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("cannot start the log in " + settings.logDir() + ": " + cause.getMessage(), cause);
        }
        raftState.goLive();
        LOG.log(System.Logger.Level.INFO, "log ready in {0} ms: {1} (snapshot {2}), zxid 0x{3}, {4} znodes",
                String.valueOf((ticker.read() - startNanos) / 1_000_000), settings.logDir(),
                loaded.map(l -> l.path().getFileName().toString()).orElse("none"), Long.toHexString(state.lastZxid()),
                String.valueOf(state.stats().nodeCount()));
        return log;
    }

    /**
     * The Ratis settings. Measured on a 2-core machine (see README, durability): fsync stays on and
     * is never unsafe; the flush runs off the log worker thread (async-flush: the commit index still
     * advances only after the fsync), so the worker keeps writing the next entries while one fsync
     * is running, which with a few batches in flight gives group commit across batches.
     */
    private static RaftProperties properties(Settings settings) {
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(p, settings.host());
        GrpcConfigKeys.Server.setPort(p, settings.port());
        RaftServerConfigKeys.setStorageDir(p, List.of(settings.logDir().toFile()));
        // One peer: the first election only has to notice there is nobody else.
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, TimeDuration.valueOf(5, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, TimeDuration.valueOf(10, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(1, TimeUnit.SECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2, TimeUnit.SECONDS));
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, true);
        RaftServerConfigKeys.Log.setForceSyncNum(p, 128);
        // The write buffer must hold the largest entry (appender byte limit + 8): entries are
        // capped at MAX_ENTRY_BYTES by append, which splits a bigger batch.
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("9MB"));
        // Small segments and a small segment cache: the state machine keeps the tree, so cached
        // log entries only cost heap (with 64 MB segments and the default 200 MB cache they held
        // ~140-190 B per znode of a 1M-znode server), and a restart replays less because purge
        // drops whole closed segments.
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("16MB"));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf("32MB"));
        // Metadata entries (the commit index, for followers) cost an extra record per commit; a
        // lone leader re-commits its whole log at start anyway.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("8MB"));
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("10MB"));
        RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf("256MB"));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
        return p;
    }

    /** The recovered state machine, for the apply thread (which owns it from now on). */
    public StateMachine state() {
        return state;
    }

    /**
     * The Raft position of the last entry applied to {@link #state()} (after {@link #open}: the
     * end of the replayed log), or null if none; what a seed sealed from this state records.
     */
    TermIndex lastAppliedPosition() {
        return raftState.getLastAppliedTermIndex();
    }

    /** Where the last snapshot (if any) was loaded from or written. */
    public Path snapshotDirectory() {
        return snapshots.directory();
    }

    @Override
    public CompletableFuture<LogPosition> append(List<StampedTxn> txns) {
        Throwable failed = raftState.logFailure();
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        try {
            ByteString payload = LogPayload.encode(txns);
            if (payload.size() <= MAX_ENTRY_BYTES || txns.size() == 1) {
                return submit(payload);
            }
            // Too big for one entry: halves, in order; the batch is durable when its last part is
            // (Ratis commits entries in order). Rare: only batches of many large writes.
            CompletableFuture<LogPosition> first = append(txns.subList(0, txns.size() / 2));
            CompletableFuture<LogPosition> second = append(txns.subList(txns.size() / 2, txns.size()));
            return first.thenCombine(second, (a, b) -> b);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<LogPosition> submit(ByteString payload) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(clientId)
                .setServerId(PEER_ID)
                .setGroupId(GROUP_ID)
                .setCallId(callId++)
                .setMessage(Message.valueOf(payload))
                .setType(RaftClientRequest.writeRequestType())
                .build();
        CompletableFuture<LogPosition> result = new CompletableFuture<>();
        pending.add(result);
        try {
            server.submitClientRequestAsync(request).thenApply(RaftTxnLog::position).whenComplete((p, t) -> {
                pending.remove(result);
                if (t != null) {
                    result.completeExceptionally(t instanceof CompletionException && t.getCause() != null
                            ? t.getCause() : t);
                } else {
                    result.complete(p);
                }
            });
        } catch (IOException | RuntimeException e) {
            pending.remove(result);
            result.completeExceptionally(e);
        }
        Throwable failed = raftState.logFailure();
        if (failed != null) {
            failPending(failed);
        }
        return result;
    }

    /** The log failed: every append not yet acknowledged fails (its outcome is unknown). */
    private void failPending(Throwable cause) {
        for (CompletableFuture<LogPosition> f : pending) {
            pending.remove(f);
            f.completeExceptionally(cause);
        }
    }

    private static LogPosition position(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            Throwable cause = reply.getException();
            throw new CompletionException(cause != null ? cause : new IOException("log append failed: " + reply));
        }
        ByteBuffer b = reply.getMessage().getContent().asReadOnlyByteBuffer();
        return new LogPosition(b.getLong(), b.getLong());
    }

    @Override
    public void applied(LogPosition position, StateStore store) {
        if (store.lastZxid() - lastSnapshotZxid < settings.snapCount() || !snapshotRunning.compareAndSet(false, true)) {
            return;
        }
        FrozenState frozen = store.freeze();
        lastSnapshotZxid = frozen.lastZxid();
        try {
            snapshotThread.execute(() -> writeSnapshot(frozen, position));
        } catch (RuntimeException e) {
            frozen.close();
            snapshotRunning.set(false);
        }
    }

    private void writeSnapshot(FrozenState frozen, LogPosition position) {
        try {
            SnapshotInfo info = snapshots.save(frozen, position.term(), position.index());
            long purgeUpTo = oldestKeptIndex(snapshots);
            purgeableIndex = purgeUpTo;
            if (purgeUpTo > 0) {
                long purged = server.getDivision(GROUP_ID).getRaftLog().purge(purgeUpTo).get(1, TimeUnit.MINUTES);
                LOG.log(System.Logger.Level.INFO, "snapshot at index {0} written; log purged up to index {1} "
                        + "(requested {2}, the oldest snapshot kept)", String.valueOf(info.lastIndex()),
                        String.valueOf(purged), String.valueOf(purgeUpTo));
            }
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "snapshot at zxid 0x" + Long.toHexString(frozen.lastZxid())
                    + " failed; the log keeps every entry until a later snapshot succeeds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            snapshotRunning.set(false);
        }
    }

    /** The Raft index of the oldest snapshot kept (everything up to it may be purged), or -1. */
    private static long oldestKeptIndex(SnapshotStore snapshots) {
        try {
            List<Path> kept = snapshots.snapshots();
            long oldest = -1;
            for (Path p : kept) {
                long index = io.warden.server.persist.SnapshotReader.readHeader(p).lastIndex();
                if (index < 0) {
                    return -1;
                }
                oldest = oldest < 0 ? index : Math.min(oldest, index);
            }
            return oldest;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list snapshots; the log is not purged: {0}", e.toString());
            return -1;
        }
    }

    /** Whether a snapshot is being written now (tests). */
    public boolean snapshotInProgress() {
        return snapshotRunning.get();
    }

    @Override
    public void close() {
        snapshotThread.shutdown();
        try {
            if (!snapshotThread.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "snapshot writer did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Ratis server: {0}", e.toString());
        }
    }
}
