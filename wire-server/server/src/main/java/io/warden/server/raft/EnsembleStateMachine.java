package io.warden.server.raft;

import io.warden.server.persist.SnapshotHeader;
import io.warden.server.persist.SnapshotReader;
import io.warden.server.sequencer.LogPosition;
import io.warden.server.sequencer.ReplicatedLog.Committed;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;

/**
 * What Apache Ratis calls on an ensemble member. Every committed entry (state-machine entries,
 * and the leader's no-op and configuration entries as empty ones) is queued, in log order, for the
 * apply thread; the future Ratis gets completes, and the applied index advances, only once the
 * apply thread has applied it. The leader stamps its time into each entry it starts
 * ({@link #startTransaction}), never going back in time. Leadership is tracked from
 * {@code notifyLeaderReady} / {@code notifyNotLeader} / {@code notifyLeaderChanged}.
 *
 * <p><b>Snapshots</b>: the newest snapshot of this member is published (hard link, else copy) in
 * Ratis's state-machine directory ({@code <storage>/sm}) and reported by {@link #getLatestSnapshot}
 * with that file, so that a leader can ship it in chunks to a follower behind its purged log.
 * On the follower Ratis calls {@link #pause} (first chunk: the member stops serving, see
 * {@link #installing}), writes the file into its own {@code sm} directory, then
 * {@link #reinitialize} on its updater thread: that hands a reload marker to the apply thread,
 * behind every entry already handed, and waits until the apply thread has loaded the snapshot
 * into the tree ({@link EnsembleLog#poll}); only then does Ratis's applied index move to the
 * snapshot's index, so it never runs ahead of the tree.
 *
 * <p><b>Seed</b> ({@link EnsembleSeed}): the first leader of a fresh group appends a genesis entry
 * naming the data it started from, and accepts no other entry before it is applied; each member
 * compares it with its own at apply; one holding different data hands nothing more to the apply
 * thread and closes its Ratis peer. Until its data is verified a member does not serve.
 *
 * <p>Thread-safe: Ratis's threads and the apply thread (through {@link #poll}).
 */
final class EnsembleStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(EnsembleStateMachine.class.getName());

    /** The snapshot Ratis may ship or starts from, null if none. */
    private volatile SnapshotInfo latest;
    /** The snapshot loaded at start and its position (published at {@link #initialize}). */
    private final Path loadedFile;
    private final TermIndex loadedPosition;
    /** Ratis's state-machine directory, known once initialized. */
    private volatile Path smDir;
    private volatile boolean installing;
    /** Installs begun so far. */
    private volatile long installs;
    private final BlockingQueue<Waiting> waiting;
    private final InstantSource clock;
    private final AtomicLong lastStampedMs = new AtomicLong();
    private final AtomicLong leaderTerm = new AtomicLong();
    private volatile boolean leader;
    private volatile long leaderSinceMs;
    private volatile long lastProposalBytes;
    private volatile long minProposalBytes;
    private volatile long maxProposalBytes;
    private volatile boolean shutdown;
    private volatile Runnable wakeup = () -> { };
    /** What this member started from and whether its group's genesis matched it (null: not checked). */
    private volatile EnsembleSeed seed;
    private final AtomicBoolean left = new AtomicBoolean();
    /** Futures Ratis waits on, not yet completed by the apply thread (at most the waiting entries and the one being applied). */
    private final java.util.Set<CompletableFuture<Message>> outstanding = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A committed entry waiting for the apply thread, or (with {@code reloadFrom}) the marker of
     * an installed snapshot to load first. Immutable.
     */
    record Waiting(Committed committed, Path reloadFrom) {
    }

    /**
     * @param snapshotFile the snapshot loaded at start (null if none)
     * @param snapshot its Raft position (null if none or written without one)
     */
    EnsembleStateMachine(Path snapshotFile, TermIndex snapshot, int maxWaiting, InstantSource clock) {
        this.waiting = new ArrayBlockingQueue<>(maxWaiting);
        this.clock = clock;
        this.loadedFile = snapshot == null ? null : snapshotFile;
        this.loadedPosition = snapshot;
        this.latest = snapshot == null ? null : info(snapshotFile, snapshot);
        if (snapshot != null) {
            setLastAppliedTermIndex(snapshot);
        }
    }

    private static SnapshotInfo info(Path file, TermIndex position) {
        List<FileInfo> files = List.of(new FileInfo(file, null));
        return new SnapshotInfo() {
            @Override
            public TermIndex getTermIndex() {
                return position;
            }

            @Override
            public List<FileInfo> getFiles() {
                return files;
            }

            @Override
            public String toString() {
                return "snapshot " + position + " " + file;
            }
        };
    }

    @Override
    public void initialize(RaftServer raftServer, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(raftServer, groupId, storage);
        smDir = storage.getStorageDir().getStateMachineDir().toPath();
        Files.createDirectories(smDir);
        if (loadedFile != null) {
            publish(loadedFile, loadedPosition);
        }
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.NEW) {
            lc.transition(LifeCycle.State.STARTING);
            lc.transition(LifeCycle.State.RUNNING);
        }
    }

    /**
     * Makes {@code file} (a snapshot at {@code position}) the one a leader ships: linked (else
     * copied) into Ratis's state-machine directory, older ones there removed. Never goes back to
     * an older position. Snapshot thread or Ratis's threads.
     */
    synchronized void publish(Path file, TermIndex position) throws IOException {
        Path dir = smDir;
        SnapshotInfo current = latest;
        if (dir == null || position == null
                || (current != null && current.getIndex() > position.getIndex())) {
            return;
        }
        Path target = dir.resolve(file.getFileName());
        if (!target.equals(file)) {
            Path temp = dir.resolve(file.getFileName() + ".link");
            Files.deleteIfExists(temp);
            try {
                Files.createLink(temp, file);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        latest = info(target, position);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (!p.equals(target)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Checks the group's genesis entry against {@code memberSeed} ({@link EnsembleSeed}). Set
     * before the Ratis server starts.
     */
    void useSeed(EnsembleSeed memberSeed) {
        seed = memberSeed;
    }

    /**
     * Whether this member's data is known to be the group's (established, genesis matched, or
     * snapshot installed): until then it does not serve, and as leader accepts no entry but the
     * genesis.
     */
    boolean seedVerified() {
        EnsembleSeed s = seed;
        return s == null || s.verified();
    }

    /** Whether this member refused its group's data (then it has left the group). */
    private boolean seedRefused() {
        EnsembleSeed s = seed;
        return s != null && s.refusal() != null;
    }

    /** Why this member refused its group's data, or null. */
    String seedRefusal() {
        EnsembleSeed s = seed;
        return s == null ? null : s.refusal();
    }

    /**
     * The member refused the group's data: nothing after is handed to the apply thread (Ratis's
     * applied index stays put) and the Ratis peer is closed, on a thread of its own (not from
     * Ratis's updater), so that it neither votes nor leads: the others go on as with a member down.
     */
    private CompletableFuture<Message> refused() {
        if (left.compareAndSet(false, true)) {
            leader = false;
            getServer().thenAccept(server -> {
                Thread t = new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException | RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "closing the Ratis peer after a seed mismatch: {0}",
                                e.toString());
                    }
                }, "warden-seed-refused");
                t.setDaemon(true);
                t.start();
            });
        }
        return CompletableFuture.completedFuture(Message.EMPTY);
    }

    /**
     * The first leader of a group whose log holds no state-machine entry (and no snapshot) appends
     * the genesis entry, retrying (once a second, at most a minute) while it leads and the entry
     * is not applied. On a thread of its own: called from Ratis's notification.
     */
    private void appendGenesisIfFirst() {
        EnsembleSeed s = seed;
        if (s == null || s.verified() || s.refusal() != null || latest != null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                RaftServer server = getServer().get(10, TimeUnit.SECONDS);
                var log = server.getDivision(getGroupId()).getRaftLog();
                long last = log.getLastEntryTermIndex() == null ? -1 : log.getLastEntryTermIndex().getIndex();
                if (log.getStartIndex() > 0) {
                    return;
                }
                for (long i = Math.max(0, log.getStartIndex()); i <= last; i++) {
                    LogEntryProto e = log.get(i);
                    if (e != null && e.hasStateMachineLogEntry()) {
                        return; // a genesis (or an older group's data) is there: applying it decides
                    }
                }
                ClientId clientId = ClientId.randomId();
                for (int attempt = 0; attempt < 60 && leader && !s.verified() && s.refusal() == null && !shutdown;
                        attempt++) {
                    RaftClientRequest request = RaftClientRequest.newBuilder()
                            .setClientId(clientId)
                            .setServerId(getId())
                            .setGroupId(getGroupId())
                            .setCallId(attempt)
                            .setMessage(Message.valueOf(s.genesisPayload()))
                            .setType(RaftClientRequest.writeRequestType())
                            .build();
                    try {
                        var reply = server.submitClientRequestAsync(request).get(10, TimeUnit.SECONDS);
                        if (reply.isSuccess()) {
                            LOG.log(System.Logger.Level.INFO, "genesis entry appended at index {0}: {1}",
                                    String.valueOf(reply.getLogIndex()), s.describe());
                            return;
                        }
                        LOG.log(System.Logger.Level.WARNING, "genesis entry not appended: {0}",
                                String.valueOf(reply.getException()));
                    } catch (ExecutionException | TimeoutException e) {
                        LOG.log(System.Logger.Level.WARNING, "genesis entry not appended: {0}", e.toString());
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot append the genesis entry: {0}", e.toString());
            }
        }, "warden-genesis");
        t.setDaemon(true);
        t.start();
    }

    /** Whether a snapshot is being installed from the leader (first chunk until loaded). */
    boolean installing() {
        return installing;
    }

    /** Installs begun so far (an install begins at its first chunk). */
    long installs() {
        return installs;
    }

    @Override
    public synchronized void pause() {
        if (!installing) {
            installs++;
            installing = true;
        }
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
            lc.transition(LifeCycle.State.PAUSING);
            lc.transition(LifeCycle.State.PAUSED);
        }
    }

    /**
     * After a snapshot install: the newest snapshot file in the state-machine directory is
     * loaded by the apply thread (behind every entry handed before); waits for it (Ratis's
     * updater thread), then reports it as the latest snapshot, at whose index Ratis goes on.
     */
    @Override
    public void reinitialize() throws IOException {
        Path file = newestInstalled();
        SnapshotHeader h = SnapshotReader.readHeader(file);
        TermIndex position = TermIndex.valueOf(h.lastTerm(), h.lastIndex());
        LOG.log(System.Logger.Level.INFO, "snapshot installed from the leader: {0} (index {1}, zxid 0x{2}); "
                + "loading it on the apply thread", file.getFileName(), String.valueOf(h.lastIndex()),
                Long.toHexString(h.lastZxid()));
        CompletableFuture<Message> loaded = new CompletableFuture<>();
        Committed marker = new Committed(new LogPosition(position.getTerm(), position.getIndex()), 0, 0, 0, 0,
                List.of(), () -> loaded.complete(Message.EMPTY));
        try {
            while (!waiting.offer(new Waiting(marker, file), 100, TimeUnit.MILLISECONDS)) {
                if (shutdown) {
                    throw new IOException("closing");
                }
            }
            wakeup.run();
            while (!loaded.isDone()) {
                if (shutdown) {
                    throw new IOException("closing before the installed snapshot was loaded");
                }
                try {
                    loaded.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // keep waiting
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while loading the installed snapshot");
        } catch (ExecutionException e) {
            throw new IOException("loading the installed snapshot failed", e.getCause());
        }
        synchronized (this) {
            latest = info(file, position);
        }
        setLastAppliedTermIndex(position);
        EnsembleSeed s = seed;
        if (s != null) {
            s.onInstalled();
        }
        installing = false;
        LifeCycle lc = getLifeCycle();
        if (lc.getCurrentState() == LifeCycle.State.PAUSED) {
            lc.transition(LifeCycle.State.STARTING);
            lc.transition(LifeCycle.State.RUNNING);
        }
    }

    private Path newestInstalled() throws IOException {
        Path newest = null;
        long newestZxid = -1;
        try (DirectoryStream<Path> files =
                Files.newDirectoryStream(smDir, "snapshot.*")) {
            for (Path p : files) {
                String hex = p.getFileName().toString().substring("snapshot.".length());
                long zxid;
                try {
                    zxid = Long.parseUnsignedLong(hex, 16);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (zxid > newestZxid) {
                    newestZxid = zxid;
                    newest = p;
                }
            }
        }
        if (newest == null) {
            throw new IOException("no snapshot file in " + smDir + " after an install");
        }
        return newest;
    }

    void onCommitted(Runnable action) {
        wakeup = action;
    }

    /** The head of the waiting entries (apply thread; it alone removes them). */
    Waiting peek() {
        return waiting.peek();
    }

    /** Removes the head returned by {@link #peek}. */
    void remove() {
        waiting.poll();
    }

    boolean isLeader() {
        return leader && !seedRefused();
    }

    long leaderTerm() {
        return leaderTerm.get();
    }

    /** Wall time this server last became leader. */
    long leaderSinceMs() {
        return leaderSinceMs;
    }

    /** Sizes of the entries this server proposed as leader: last, min, max (0 if none). */
    synchronized long[] proposalBytes() {
        return new long[] {lastProposalBytes, minProposalBytes, maxProposalBytes};
    }

    /**
     * Stops waiting for the apply thread (closing): what it has not applied is released so that
     * Ratis's updater can stop (the applied index does not move: a restart applies it again).
     */
    void shutdown() {
        shutdown = true;
        waiting.clear();
        for (CompletableFuture<Message> f : outstanding) {
            f.complete(Message.EMPTY);
        }
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return latest;
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        if (EnsembleSeed.isGenesis(request.getMessage().getContent())) {
            return TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request)
                    .setLogData(request.getMessage().getContent()).build();
        }
        if (!seedVerified()) {
            throw new IOException("the ensemble is starting: its genesis entry is not applied yet");
        }
        long now = clock.millis();
        long stamp = lastStampedMs.accumulateAndGet(now, Math::max);
        long size = request.getMessage().getContent().size();
        synchronized (this) {
            lastProposalBytes = size;
            minProposalBytes = minProposalBytes == 0 ? size : Math.min(minProposalBytes, size);
            maxProposalBytes = Math.max(maxProposalBytes, size);
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(LogPayload.withLeaderTime(request.getMessage().getContent(), stamp))
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        org.apache.ratis.thirdparty.com.google.protobuf.ByteString data = entry.getStateMachineLogEntry().getLogData();
        EnsembleSeed s = seed;
        if (EnsembleSeed.isGenesis(data)) {
            if (s != null && !s.onGenesis(EnsembleSeed.decodeGenesis(data))) {
                return refused();
            }
            return hand(entry.getTerm(), entry.getIndex(), 0, 0, 0, 0, List.of());
        }
        if (s != null && !s.onData()) {
            return refused();
        }
        LogPayload.Ensemble payload = LogPayload.decodeEnsemble(data);
        // a later leader never stamps below what was applied
        lastStampedMs.accumulateAndGet(payload.leaderTimeMs(), Math::max);
        return hand(entry.getTerm(), entry.getIndex(), payload.originId(), payload.incarnation(), payload.originSeq(),
                payload.leaderTimeMs(), payload.batch().txns());
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        if (seedRefused()) {
            return;
        }
        // a no-op or configuration entry: applied in order behind the state-machine entries
        hand(term, index, 0, 0, 0, 0, List.of());
    }

    private CompletableFuture<Message> hand(long term, long index, long origin, long incarnation, long seq,
            long timeMs, List<io.warden.server.txn.StampedTxn> txns) {
        CompletableFuture<Message> done = new CompletableFuture<>();
        if (shutdown) {
            return CompletableFuture.completedFuture(Message.EMPTY);
        }
        outstanding.add(done);
        done.whenComplete((m, t) -> outstanding.remove(done));
        Committed c = new Committed(new LogPosition(term, index), origin, incarnation, seq, timeMs, txns, () -> {
            if (!shutdown) {
                updateLastAppliedTermIndex(term, index);
            }
            done.complete(Message.EMPTY);
        });
        try {
            while (!waiting.offer(new Waiting(c, null), 100, TimeUnit.MILLISECONDS)) {
                if (shutdown) {
                    done.complete(Message.EMPTY);
                    return done;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.complete(Message.EMPTY);
            return done;
        }
        if (shutdown) {
            done.complete(Message.EMPTY);
        }
        wakeup.run();
        return done;
    }

    @Override
    public void notifyLeaderReady() {
        leaderSinceMs = clock.millis();
        leaderTerm.incrementAndGet();
        leader = !seedRefused();
        LOG.log(System.Logger.Level.INFO, "this server leads the ensemble now");
        appendGenesisIfFirst();
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        if (!groupMemberId.getPeerId().equals(newLeaderId)) {
            leader = false;
        }
        LOG.log(System.Logger.Level.INFO, "ensemble member {0}: leader is now {1}", groupMemberId.getPeerId(),
                newLeaderId);
    }

    @Override
    public void notifyNotLeader(java.util.Collection<TransactionContext> pending) {
        leader = false;
    }

    /**
     * A ReadIndex read ({@link EnsembleLog#readIndex}): Ratis calls this once its applied index
     * has reached the read index; the read itself is answered by the apply thread, so there is
     * nothing to query here.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.EMPTY);
    }
}
