package io.warden.server.raft;

import com.google.common.base.Ticker;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleMember;
import io.warden.server.ensemble.EnsembleStatus;
import io.warden.server.ensemble.EnsembleView;
import io.warden.server.ensemble.ServerRole;
import io.warden.server.persist.SnapshotHeader;
import io.warden.server.persist.SnapshotSettings;
import io.warden.server.persist.SnapshotStore;
import io.warden.server.sequencer.LogPosition;
import io.warden.server.sequencer.ReplicatedLog;
import io.warden.server.sequencer.StateStore;
import io.warden.server.state.FrozenState;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.txn.StampedTxn;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * The log of an ensemble member (docs/ensemble-design.md): one Ratis peer (id = myid, gRPC on the
 * server line's peer address, bound on that host only) in the ensemble's one group, plus one
 * {@link RaftClient} through which this server's batches reach the leader, in order (Ratis's
 * ordered async client keeps the submission order across retries and leader changes).
 *
 * <p>On the leader, batches are submitted in-process instead (no gRPC loopback).
 *
 * <p>Every committed entry, this server's or another's, is handed to the apply thread in log order
 * ({@link #poll}); Ratis's applied index advances only once the apply thread has applied it
 * ({@link EnsembleStateMachine}), so a snapshot or ReadIndex never runs ahead of the tree. The
 * leader stamps each entry with its time in {@code startTransaction}; zxids are assigned at
 * apply.
 *
 * <p>An append whose reply does not come within {@code unknownOutcomeMs} (or comes back failed)
 * completes exceptionally: the apply thread closes the connections of its writes (outcome
 * unknown). If it is committed later all the same, every replica applies it as usual.
 *
 * <p>Snapshots are written as standalone (every {@code snapCount} zxids, frozen on the apply
 * thread, written in the background, with the Raft position they cover) and loaded at start.
 * After each one the log is purged up to the oldest snapshot kept (as standalone: whole closed
 * segments only; segments are at most {@link #segmentBytes} long, so that a small snapCount
 * purges too). A member behind the leader's purged log gets the leader's newest snapshot through
 * Ratis's chunked snapshot install; it stops serving from the first chunk (its clients are closed,
 * as a ZooKeeper follower that resyncs with its leader) and the apply thread loads the installed
 * snapshot into the tree ({@link #poll}) before any later entry, then re-tracks the sessions
 * ({@link #onStateReloaded}).
 *
 * <p>Observers ({@code :observer} server lines) are Ratis listeners: in the group with the startup
 * role {@code LISTENER}, they receive and apply the log, serve reads, watches and sync, and
 * forward writes through their RaftClient as followers do, but never vote, never lead and never
 * count for the majority. An observer serves while it hears from a leader, as a follower.
 *
 * <p>Thread-safe: {@link #append}, {@link #poll}, {@link #applied} on the apply thread; the rest
 * from any thread.
 */
public final class EnsembleLog implements ReplicatedLog, EnsembleStatus {
    private static final System.Logger LOG = System.getLogger(EnsembleLog.class.getName());
    /** Ratis storage of an ensemble member, under dataLogDir (not the standalone's {@code raft}). */
    public static final String STORAGE_DIR = "raft-ensemble";
    /** Committed entries waiting for the apply thread. */
    private static final int MAX_WAITING_ENTRIES = 1024;
    /** A follower that answers but takes no entry for this long lost its log (see checkStuckFollowers). */
    private static final long STUCK_FOLLOWER_NANOS = 5_000_000_000L;

    private final Settings settings;
    private final EnsembleConfig ensemble;
    private final SnapshotStore snapshots;
    private final StateMachine state;
    private final SwappableStore store;
    private volatile java.util.function.Consumer<StateStore> onReloaded = s -> { };
    /** The apply thread (the one calling {@link #poll}), to tell its serving() calls. */
    private volatile Thread applyThread;
    /** The install (count) during which the apply thread saw serving() false: its clients are closed. */
    private volatile long applyStoppedServingAt = -1;
    private final RaftServer server;
    private final RaftClient client;
    private final EnsembleStateMachine machine;
    private final long incarnation;
    private final ExecutorService snapshotThread;
    private final AtomicBoolean snapshotRunning = new AtomicBoolean();
    private final Ticker ticker;
    private final InstantSource clock;
    private long lastSnapshotZxid;
    /** Ticker time of the last leader contact seen (a follower's), for {@link #view()}. */
    private volatile long lastLeaderContactNanos;

    /**
     * Where and how the member runs. Immutable.
     *
     * @param logDir Ratis storage directory (under dataLogDir)
     * @param snapshotDir snapshot directory (under dataDir)
     * @param snapCount transactions between snapshots
     * @param snapshotSettings retention and block size of snapshots
     * @param stateConfig the state machine's settings
     * @param electionTimeoutMinMs lower bound of the Raft election timeout
     * @param electionTimeoutMaxMs upper bound of the Raft election timeout
     * @param unknownOutcomeMs how long an append may wait for its reply before its outcome is
     *     reported unknown
     * @param noLeaderServingMs a follower with no leader contact for this long stops serving
     * @param syncLimitMs a follower heard from within this long counts as synced ({@code syncLimit *
     *     tickTime})
     */
    public record Settings(Path logDir, Path snapshotDir, int snapCount, SnapshotSettings snapshotSettings,
            StateConfig stateConfig, int electionTimeoutMinMs, int electionTimeoutMaxMs, long unknownOutcomeMs,
            long noLeaderServingMs, long syncLimitMs) {
    }

    private EnsembleLog(Settings settings, EnsembleConfig ensemble, SnapshotStore snapshots, StateMachine state,
            RaftServer server, RaftClient client, EnsembleStateMachine machine, long incarnation,
            long lastSnapshotZxid, Ticker ticker, InstantSource clock) {
        this.clock = clock;
        this.settings = settings;
        this.ensemble = ensemble;
        this.snapshots = snapshots;
        this.state = state;
        this.store = new SwappableStore(state);
        this.server = server;
        this.client = client;
        this.machine = machine;
        this.incarnation = incarnation;
        this.lastSnapshotZxid = lastSnapshotZxid;
        this.ticker = ticker;
        // not serving until a leader is heard of (ZooKeeper serves once it has joined a quorum)
        this.lastLeaderContactNanos = ticker.read() - settings.noLeaderServingMs() * 1_000_000L - 1;
        this.snapshotThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-snapshot");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Loads the newest valid snapshot and starts the Ratis peer; returns at once (the group
     * elects a leader once a majority runs; committed entries then reach the apply thread).
     *
     * @throws IOException if the storage cannot be used or the peer not started
     */
    public static EnsembleLog open(Settings settings, EnsembleConfig ensemble, Ticker ticker, InstantSource clock)
            throws IOException {
        EnsembleMember self = ensemble.self().orElseThrow(() -> new io.warden.server.ConfigException(
                "My id " + ensemble.myId() + " not in the peer list"));
        Files.createDirectories(settings.logDir());
        SnapshotStore snapshots = new SnapshotStore(settings.snapshotDir(), settings.snapshotSettings(), ticker);
        EnsembleSeed seed = EnsembleSeed.open(settings.logDir(), snapshots); // refuses unsealed standalone data
        Optional<SnapshotStore.Loaded> loaded = snapshots.loadNewest(settings.stateConfig());
        StateMachine state = loaded.map(SnapshotStore.Loaded::stateMachine)
                .orElseGet(() -> new StateMachine(settings.stateConfig()));
        TermIndex snapshotPosition = null;
        long snapshotZxid = 0;
        if (loaded.isPresent()) {
            SnapshotHeader h = loaded.get().header();
            snapshotZxid = h.lastZxid();
            if (h.lastIndex() >= 0 && !h.seed()) { // a seed's position is in the standalone's log
                snapshotPosition = TermIndex.valueOf(h.lastTerm(), h.lastIndex());
            }
        }
        // Observers are Ratis listeners: in the group with startup role LISTENER, Ratis keeps them
        // out of the voting configuration (ServerState builds its conf from the FOLLOWER peers and
        // the LISTENER peers apart): they take the log, never vote, never count for the majority.
        List<RaftPeer> peers = new ArrayList<>();
        List<RaftPeer> voters = new ArrayList<>();
        for (EnsembleMember m : ensemble.members()) {
            boolean observer = m.role() == ServerRole.OBSERVER;
            RaftPeer peer = RaftPeer.newBuilder().setId(peerId(m.id()))
                    .setAddress(resolve(m) + ":" + m.peerAddress().port())
                    .setStartupRole(observer ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER).build();
            peers.add(peer);
            if (!observer) {
                voters.add(peer);
            }
        }
        RaftGroup group = RaftGroup.valueOf(RaftTxnLog.GROUP_ID, peers);
        RaftProperties properties = properties(settings, resolve(self), self.peerAddress().port());
        long incarnation = clock.millis();
        EnsembleStateMachine machine = new EnsembleStateMachine(loaded.map(SnapshotStore.Loaded::path).orElse(null),
                snapshotPosition, MAX_WAITING_ENTRIES, clock);
        machine.useSeed(seed);
        RaftServer server = RaftServer.newBuilder()
                .setServerId(peerId(self.id()))
                .setGroup(group)
                .setProperties(properties)
                .setStateMachine(machine)
                .setOption(Files.isDirectory(settings.logDir().resolve(RaftTxnLog.GROUP_ID.getUuid().toString()))
                        ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                .build();
        RaftProperties clientProperties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(clientProperties, SupportedRpcType.GRPC);
        GrpcConfigKeys.setMessageSizeMax(clientProperties, SizeInBytes.valueOf("10MB"));
        RaftClientConfigKeys.Rpc.setRequestTimeout(clientProperties, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        RaftClient client = RaftClient.newBuilder()
                .setClientId(ClientId.randomId())
                .setRaftGroup(RaftGroup.valueOf(RaftTxnLog.GROUP_ID, voters))
                .setProperties(clientProperties)
                .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(50, TimeUnit.MILLISECONDS)))
                .build();
        EnsembleLog log = new EnsembleLog(settings, ensemble, snapshots, state, server, client, machine,
                incarnation, snapshotZxid, ticker, clock);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            log.close();
            throw new IOException("cannot start ensemble member " + self.id() + " on " + self.peerAddress() + ": "
                    + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "ensemble member {0} ({6}) of {1} started: Ratis on {2}:{3}, snapshot "
                + "{4}, zxid 0x{5}", String.valueOf(self.id()), String.valueOf(peers.size()), resolve(self),
                String.valueOf(self.peerAddress().port()),
                loaded.map(l -> l.path().getFileName().toString()).orElse("none"), Long.toHexString(state.lastZxid()),
                self.role().zooCfgName());
        return log;
    }

    static RaftPeerId peerId(long myId) {
        return RaftPeerId.valueOf(String.valueOf(myId));
    }

    private static String resolve(EnsembleMember m) {
        String h = m.peerAddress().host();
        try {
            return InetAddress.getByName(h).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw io.warden.server.ConfigException.invalid("server." + m.id(), h, "cannot resolve the peer host");
        }
    }

    private static RaftProperties properties(Settings settings, String host, int port) {
        RaftProperties p = new RaftProperties();
        // gRPC, with log appenders that send a new commit index to the followers at once
        RaftConfigKeys.Rpc.setType(p, new PromptCommitGrpc());
        GrpcConfigKeys.Server.setHost(p, host);
        GrpcConfigKeys.Server.setPort(p, port);
        RaftServerConfigKeys.setStorageDir(p, List.of(settings.logDir().toFile()));
        TimeDuration min = TimeDuration.valueOf(settings.electionTimeoutMinMs(), TimeUnit.MILLISECONDS);
        TimeDuration max = TimeDuration.valueOf(settings.electionTimeoutMaxMs(), TimeUnit.MILLISECONDS);
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(
                Math.max(3000, 2L * settings.electionTimeoutMaxMs()), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, false);
        RaftServerConfigKeys.Log.setAsyncFlushEnabled(p, true);
        RaftServerConfigKeys.Log.setForceSyncNum(p, 128);
        RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("9MB"));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(segmentBytes(settings.snapCount())));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(
                Math.min(4L << 20, segmentBytes(settings.snapCount()))));
        RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf("32MB"));
        RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("8MB"));
        // No commit-index metadata entries (as standalone): each cost a second log entry per commit
        // (append, fsync on every member, one more round). They were what sent a new commit index to
        // the followers at once; PromptCommitGrpc's appenders do that now with an empty append.
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        // Ratis waits 10 ms by default between two appends to a follower: that was the whole write
        // latency (p50 15 ms through leader or follower); entries are sent at once instead.
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.valueOf(0, TimeUnit.MILLISECONDS));
        GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("10MB"));
        RaftServerConfigKeys.Write.setByteLimit(p, SizeInBytes.valueOf("256MB"));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
        // Purged by applied() after each snapshot (Ratis's own snapshot trigger is off). A purge
        // request is honoured once this many entries lie beyond the last one.
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, settings.snapCount())));
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, false);
        // A member behind the purged log gets the leader's snapshot in chunks (each below the
        // gRPC message limit).
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SizeInBytes.valueOf("4MB"));
        readIndexProperties(p, settings);
        return p;
    }

    /**
     * Largest log segment: 16 MB, or about 1 KB per snapCount transaction when smaller (at least
     * 1 MB), so that the segments a purge drops whole close about as often as snapshots come.
     */
    static long segmentBytes(int snapCount) {
        return Math.max(1L << 20, Math.min(16L << 20, 1024L * Math.max(1, snapCount)));
    }

    /**
     * The store the apply thread uses: the recovered state, replaced by an installed snapshot
     * ({@link #poll}). Apply thread.
     */
    public StateStore store() {
        return store;
    }

    /**
     * Runs {@code action} on the apply thread after an installed snapshot replaced the state (with
     * the new store), e.g. to re-track its sessions. Set before the apply thread starts.
     */
    public void onStateReloaded(java.util.function.Consumer<StateStore> action) {
        onReloaded = action;
    }

    /** The recovered state machine at start (before any snapshot install); see {@link #store()}. */
    public StateMachine state() {
        return state;
    }

    @Override
    public long myId() {
        return ensemble.myId();
    }

    @Override
    public long incarnation() {
        return incarnation;
    }

    /** Appends submitted so far (the next one gets this plus one). Apply thread. */
    private long appended;

    /** The last submitted append's reply, and whether it went in-process. Apply thread. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private boolean tailInProcess;
    /** In-process submissions: their own client id and call ids. Apply thread. */
    private final ClientId localClientId = ClientId.randomId();
    private long localCallId;

    /**
     * Submits the batch: in-process when this server is the ready leader (no gRPC loopback),
     * else through the ordered RaftClient. Each path keeps the submission order; a switch of path
     * waits until every earlier append has its reply, so the log order of this server's batches
     * is always their append order.
     */
    @Override
    public CompletableFuture<LogPosition> append(List<StampedTxn> txns) {
        long seq = ++appended;
        CompletableFuture<LogPosition> result = new CompletableFuture<>();
        ByteString payload;
        try {
            payload = LogPayload.encodeEnsemble(myId(), incarnation, seq, txns);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return result;
        }
        if (payload.size() > RaftTxnLog.MAX_ENTRY_BYTES) {
            result.completeExceptionally(new IOException("batch of " + payload.size() + " bytes exceeds the "
                    + "log entry limit"));
            return result;
        }
        boolean inProcess = machine.isLeader();
        CompletableFuture<RaftClientReply> reply;
        if (inProcess == tailInProcess || tail.isDone()) {
            reply = submit(payload, inProcess);
        } else {
            reply = tail.handle((r, t) -> null).thenCompose(ignored -> submit(payload, inProcess));
        }
        tail = reply;
        tailInProcess = inProcess;
        reply.whenComplete((r, t) -> {
            if (t != null) {
                result.completeExceptionally(t instanceof CompletionException && t.getCause() != null
                        ? t.getCause() : t);
            } else if (!r.isSuccess()) {
                Throwable cause = r.getException();
                result.completeExceptionally(cause != null ? cause : new IOException("append failed: " + r));
            } else {
                result.complete(new LogPosition(0, r.getLogIndex()));
            }
        });
        return result.orTimeout(settings.unknownOutcomeMs(), TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<RaftClientReply> submit(ByteString payload, boolean inProcess) {
        try {
            if (!inProcess) {
                return client.async().send(Message.valueOf(payload));
            }
            RaftClientRequest request = RaftClientRequest.newBuilder()
                    .setClientId(localClientId)
                    .setServerId(peerId(myId()))
                    .setGroupId(RaftTxnLog.GROUP_ID)
                    .setCallId(localCallId++)
                    .setMessage(Message.valueOf(payload))
                    .setType(RaftClientRequest.writeRequestType())
                    .build();
            return server.submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The next committed entry. An installed snapshot waiting at the head is loaded here, on the
     * apply thread, once that thread has seen this member stop serving (its clients closed): the
     * state is replaced, the file copied into the snapshot directory (a restart loads it), and the
     * marker returned as an empty entry at the snapshot's position, whose {@code applied} lets
     * Ratis go on from there.
     */
    @Override
    public Committed poll() {
        applyThread = Thread.currentThread();
        EnsembleStateMachine.Waiting head = machine.peek();
        if (head == null) {
            return null;
        }
        if (head.reloadFrom() != null) {
            if (applyStoppedServingAt != machine.installs()) {
                return null;
            }
            loadInstalled(head.reloadFrom());
        }
        machine.remove();
        return head.committed();
    }

    private void loadInstalled(Path file) {
        long startNanos = ticker.read();
        try {
            io.warden.server.persist.SnapshotHeader h = io.warden.server.persist.SnapshotReader.readHeader(file);
            Path target = snapshots.directory().resolve(file.getFileName());
            Path temp = snapshots.directory().resolve(file.getFileName() + ".install");
            Files.copy(file, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(temp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            StateMachine loaded = io.warden.server.persist.SnapshotReader.load(target, settings.stateConfig(),
                    settings.snapshotSettings().progressEveryNodes());
            store.replace(loaded);
            lastSnapshotZxid = h.lastZxid();
            LOG.log(System.Logger.Level.INFO, "installed snapshot {0} loaded in {1} ms: zxid 0x{2}, {3} znodes, "
                    + "{4} sessions", file.getFileName(), String.valueOf((ticker.read() - startNanos) / 1_000_000),
                    Long.toHexString(loaded.lastZxid()), String.valueOf(loaded.stats().nodeCount()),
                    String.valueOf(loaded.sessions().size()));
        } catch (IOException e) {
            // the tree cannot follow the log any more: the apply thread stops (fatal), as for a bug
            throw new java.io.UncheckedIOException("cannot load the snapshot installed from the leader " + file, e);
        }
        onReloaded.accept(store);
    }

    @Override
    public void onCommitted(Runnable wakeup) {
        machine.onCommitted(wakeup);
    }

    @Override
    public boolean isLeader() {
        return machine.isLeader();
    }

    @Override
    public long leaderTerm() {
        return machine.leaderTerm();
    }

    @Override
    public void applied(LogPosition position, StateStore store) {
        if (store.lastZxid() - lastSnapshotZxid < settings.snapCount() || !snapshotRunning.compareAndSet(false, true)) {
            return;
        }
        FrozenState frozen = store.freeze();
        lastSnapshotZxid = frozen.lastZxid();
        try {
            snapshotThread.execute(() -> {
                try {
                    io.warden.server.persist.SnapshotInfo info = snapshots.save(frozen, position.term(),
                            position.index(), io.warden.server.persist.SnapshotHeader.ENSEMBLE);
                    machine.publish(info.path(), TermIndex.valueOf(position.term(), position.index()));
                    purge();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "snapshot at zxid 0x" + Long.toHexString(frozen.lastZxid())
                            + " failed", e);
                } finally {
                    snapshotRunning.set(false);
                }
            });
        } catch (RuntimeException e) {
            frozen.close();
            snapshotRunning.set(false);
        }
    }

    /**
     * Purges the log up to the oldest snapshot kept (falling back to an older snapshot must find
     * its log tail; a member behind gets the newest by install). Snapshot thread.
     */
    private void purge() {
        long upTo = oldestKeptIndex();
        if (upTo <= 0) {
            return;
        }
        try {
            long purged = server.getDivision(RaftTxnLog.GROUP_ID).getRaftLog().purge(upTo).get(1, TimeUnit.MINUTES);
            LOG.log(System.Logger.Level.DEBUG, "log purged up to index {0} (requested {1})", String.valueOf(purged),
                    String.valueOf(upTo));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "log purge up to {0} failed: {1}", String.valueOf(upTo),
                    e.toString());
        }
    }

    /** The Raft index of the oldest snapshot kept, or -1 (then nothing is purged). */
    private long oldestKeptIndex() {
        try {
            long oldest = -1;
            for (Path p : snapshots.snapshots()) {
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

    /** Leader: when to look for a follower that lost its log next; its match index and since when. Apply thread. */
    private long nextStuckCheckNanos;
    private final java.util.Map<String, long[]> followerProgress = new java.util.HashMap<>();
    private volatile boolean transferring;

    /**
     * Leader (apply thread, once a second): a follower that answers but whose match index has
     * not moved for {@link #STUCK_FOLLOWER_NANOS} although the leader's log holds the entries it
     * is sent lost its log (a wiped dataDir with the same myid): Ratis's leader never sends below
     * the match index it remembers, so it would never get a snapshot. This leader hands its
     * leadership to the most advanced other follower; a new leader starts with no memory of match
     * indexes and installs its snapshot on that follower.
     */
    private void checkStuckFollowers(DivisionInfo info, long now) {
        long[] next;
        long[] match;
        List<ServerRpcProto> followers;
        long logStart;
        long lastIndex;
        try {
            next = info.getFollowerNextIndices();
            match = info.getFollowerMatchIndices();
            followers = info.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
            var raftLog = server.getDivision(RaftTxnLog.GROUP_ID).getRaftLog();
            logStart = raftLog.getStartIndex();
            lastIndex = raftLog.getLastCommittedIndex();
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (next == null || match == null || next.length != followers.size() || match.length != followers.size()) {
            return;
        }
        String stuck = null;
        java.util.Set<String> present = new java.util.HashSet<>();
        for (int i = 0; i < followers.size(); i++) {
            String id = followers.get(i).getId().getId().toStringUtf8();
            present.add(id);
            long[] seen = followerProgress.get(id);
            if (seen == null || seen[0] != match[i]) {
                followerProgress.put(id, new long[] {match[i], now});
                continue;
            }
            boolean answers = followers.get(i).getLastRpcElapsedTimeMs() < settings.syncLimitMs();
            boolean behind = match[i] < lastIndex && next[i] <= match[i] + 1 && next[i] >= logStart;
            if (answers && behind && now - seen[1] > STUCK_FOLLOWER_NANOS) {
                stuck = id;
            }
        }
        followerProgress.keySet().retainAll(present);
        if (stuck == null || transferring) {
            return;
        }
        String target = null;
        long best = -1;
        for (int i = 0; i < followers.size(); i++) {
            String id = followers.get(i).getId().getId().toStringUtf8();
            if (!id.equals(stuck) && !isObserver(id)
                    && followers.get(i).getLastRpcElapsedTimeMs() < settings.syncLimitMs() && match[i] > best) {
                best = match[i];
                target = id;
            }
        }
        if (target == null) {
            LOG.log(System.Logger.Level.WARNING, "member {0} lost its log (it cannot take entries the leader "
                    + "holds) and no other follower can take over the leadership to send it a snapshot", stuck);
            return;
        }
        String to = target;
        String lost = stuck;
        transferring = true;
        followerProgress.clear();
        LOG.log(System.Logger.Level.WARNING, "member {0} lost its log (wiped dataDir?): handing the leadership to "
                + "member {1} so that a new leader sends it a snapshot", lost, to);
        CompletableFuture.runAsync(() -> {
            try {
                RaftClientReply r = client.admin().transferLeadership(RaftPeerId.valueOf(to), 10_000);
                if (!r.isSuccess()) {
                    LOG.log(System.Logger.Level.WARNING, "leadership transfer to {0} failed: {1}", to,
                            String.valueOf(r.getException()));
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "leadership transfer to {0} failed: {1}", to, e.toString());
            } finally {
                transferring = false;
            }
        }, snapshotThread);
    }

    /**
     * Why this member refused the ensemble's data (its seed differs from the group's genesis
     * entry, see {@link EnsembleSeed}); it then serves nothing and has left the group. Empty if not.
     */
    public Optional<String> seedRefusal() {
        return Optional.ofNullable(machine.seedRefusal());
    }

    /** Snapshot installs from the leader begun since this member started (tests, monitoring). */
    public long snapshotsInstalled() {
        return machine.installs();
    }

    /** Ratis's view of this member, or null when the division is not available (closing). */
    private DivisionInfo info() {
        try {
            return server.getDivision(RaftTxnLog.GROUP_ID).getInfo();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether this member should serve clients: it leads, or (a follower or an observer) it heard
     * from a leader within {@code noLeaderServingMs} (a partitioned minority, or an observer whose
     * participants lost their quorum, stops serving so that clients move on).
     */
    @Override
    public boolean serving() {
        if (machine.installing()) {
            if (Thread.currentThread() == applyThread) {
                applyStoppedServingAt = machine.installs();
            }
            return false;
        }
        if (!machine.seedVerified()) {
            return false; // its data is not known to be the group's yet (EnsembleSeed)
        }
        DivisionInfo info = info();
        if (info == null) {
            return false;
        }
        long now = ticker.read();
        if (info.isLeader()) {
            lastLeaderContactNanos = now;
            if (now - nextStuckCheckNanos >= 0) {
                nextStuckCheckNanos = now + 1_000_000_000L;
                checkStuckFollowers(info, now);
            }
            return true;
        }
        // A follower or listener that knows its leader: the time since the leader's last RPC (Ratis
        // reports a listener's as a follower's). Without a known leader (a candidate, or a follower
        // again after a failed (pre-)vote, whose RPC timer was reset) the time since the last
        // contact seen here.
        RoleInfoProto role = info.getRoleInfoProto();
        if ((info.isFollower() || info.isListener()) && info.getLeaderId() != null && role.hasFollowerInfo()
                && role.getFollowerInfo().hasLeaderInfo()) {
            long elapsedMs = role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
            if (elapsedMs < settings.noLeaderServingMs()) {
                lastLeaderContactNanos = Math.max(lastLeaderContactNanos, now - elapsedMs * 1_000_000L);
            }
        }
        return now - lastLeaderContactNanos < settings.noLeaderServingMs() * 1_000_000L;
    }

    /** Whether the Ratis peer id names an observer (a listener) of the configuration. */
    private boolean isObserver(String peerId) {
        for (EnsembleMember m : ensemble.observers()) {
            if (String.valueOf(m.id()).equals(peerId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public EnsembleView view() {
        DivisionInfo info = info();
        String mode = "looking";
        long leaderId = -1;
        List<EnsembleView.Learner> learners = new ArrayList<>();
        if (info != null) {
            if (info.isLeader()) {
                mode = "leader";
            } else if (info.isListener() && info.getLeaderId() != null) {
                mode = "observer";
            } else if (info.isFollower() && info.getLeaderId() != null) {
                mode = "follower";
            }
            RaftPeerId leader = info.getLeaderId();
            if (leader != null) {
                try {
                    leaderId = Long.parseLong(leader.toString());
                } catch (NumberFormatException e) {
                    leaderId = -1;
                }
            }
            if (info.isLeader()) {
                RoleInfoProto role = info.getRoleInfoProto();
                for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                    long id;
                    try {
                        id = Long.parseLong(f.getId().getId().toStringUtf8());
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    learners.add(new EnsembleView.Learner(id, isObserver(f.getId().getId().toStringUtf8())
                            ? ServerRole.OBSERVER : ServerRole.PARTICIPANT,
                            f.getLastRpcElapsedTimeMs() < settings.syncLimitMs()));
                }
            }
        }
        long[] sizes = machine.proposalBytes();
        boolean leads = mode.equals("leader");
        return new EnsembleView(mode, myId(), leaderId, ensemble.participants().size(), learners, 0,
                leads ? sizes[0] : 0, leads ? sizes[1] : 0, leads ? sizes[2] : 0, ensemble.members(),
                ensemble.version(), serving(), leads ? Math.max(0, clock.millis() - machine.leaderSinceMs()) : 0);
    }

    @Override
    public void close() {
        machine.shutdown();
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Ratis client: {0}", e.toString());
        }
        try {
            server.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the Ratis server: {0}", e.toString());
        }
        snapshotThread.shutdown();
        try {
            if (!snapshotThread.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "snapshot writer did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** ReadIndex reads: their own client id and call ids. Any thread. */
    private final ClientId readClientId = ClientId.randomId();
    private final java.util.concurrent.atomic.AtomicLong readCallId = new java.util.concurrent.atomic.AtomicLong();
    /** ReadIndex rounds asked for since start (tests, monitoring). */
    private final java.util.concurrent.atomic.AtomicLong readIndexes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Reads are linearizable through ReadIndex (Raft thesis 6.4): a member asks its own Division,
     * which, on a follower or observer, gets the read index from the leader; the leader confirms
     * with a heartbeat round that a majority still follows it. No leader lease: it would save that
     * round on the leader only by trusting timing (the lease is a fraction of the election timeout,
     * measured against heartbeat replies), and a sync is rare enough to pay for one round.
     */
    private static void readIndexProperties(RaftProperties p, Settings settings) {
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, false);
        RaftServerConfigKeys.Read.setTimeout(p, TimeDuration.valueOf(settings.unknownOutcomeMs(), TimeUnit.MILLISECONDS));
    }

    /**
     * A ReadIndex through this member's Division (in-process, on the leader and elsewhere alike):
     * Ratis gets the leader's commit index once a majority has confirmed its leadership, and waits
     * until its own applied index reaches it. That applied index moves only once the apply thread
     * has applied an entry ({@link EnsembleStateMachine}), except for a no-op or configuration
     * entry, which Ratis counts as applied once handed over; so the future completes with the
     * commit index seen then (at or above the read index, every entry up to it already handed to
     * the apply thread), and the apply thread waits until it has applied that far itself. No log
     * entry. Fails (no leader, timeout after {@code unknownOutcomeMs}) exceptionally.
     */
    @Override
    public CompletableFuture<Long> readIndex() {
        readIndexes.incrementAndGet();
        RaftServer.Division division;
        CompletableFuture<RaftClientReply> reply;
        try {
            division = server.getDivision(RaftTxnLog.GROUP_ID);
            RaftClientRequest request = RaftClientRequest.newBuilder()
                    .setClientId(readClientId)
                    .setServerId(peerId(myId()))
                    .setGroupId(RaftTxnLog.GROUP_ID)
                    .setCallId(readCallId.incrementAndGet())
                    .setMessage(Message.EMPTY)
                    .setType(RaftClientRequest.readRequestType())
                    .build();
            reply = server.submitClientRequestAsync(request);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return reply.thenApply(r -> {
            if (!r.isSuccess()) {
                Throwable cause = r.getException();
                throw new CompletionException(cause != null ? cause : new IOException("read index failed: " + r));
            }
            return division.getRaftLog().getLastCommittedIndex();
        }).orTimeout(settings.unknownOutcomeMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public long appliedIndex() {
        TermIndex applied = machine.getLastAppliedTermIndex();
        return applied == null ? 0 : applied.getIndex();
    }

    /** ReadIndex rounds asked for since this member started (tests, monitoring). */
    public long readIndexCount() {
        return readIndexes.get();
    }

    /** The index of the last entry in this member's Raft log (tests: a sync appends nothing). */
    public long lastLogIndex() {
        try {
            TermIndex last = server.getDivision(RaftTxnLog.GROUP_ID).getRaftLog().getLastEntryTermIndex();
            return last == null ? 0 : last.getIndex();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
