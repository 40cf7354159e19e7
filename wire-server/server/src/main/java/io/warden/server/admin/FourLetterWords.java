package io.warden.server.admin;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import io.warden.server.ServerConfig;
import io.warden.server.ensemble.ConfigNode;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleMember;
import io.warden.server.ensemble.EnsembleStatus;
import io.warden.server.ensemble.EnsembleView;
import io.warden.server.ensemble.ServerRole;
import io.warden.server.sequencer.StateSnapshot;
import io.warden.server.session.SessionTracker.SessionEntry;
import io.warden.server.state.StateStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * ZooKeeper's four-letter words (PROTOCOL.md section 19), with its whitelist rules and output
 * formats: {@code ruok isro srvr stat mntr conf cons crst srst envi wchs wchc wchp dump dirs gtmk
 * stmk hash}. Commands that report server state ({@link #needsState}) are rendered from a
 * {@link StateSnapshot} taken on the apply thread; the others from the config and the network
 * layer's counters. In an ensemble the {@link EnsembleStatus}'s view adds what ZooKeeper 3.9.5
 * prints there (checked against a real ensemble by compat-tests'
 * {@code EnsembleFourLetterWordsVsZooKeeperTest}): the {@code Mode:} line and a leader's
 * {@code Proposal sizes last/min/max:} line, mntr's {@code zk_peer_state}, {@code zk_quorum_size}
 * and leader keys, conf's quorum part and membership, and while not serving (or looking for a
 * leader) ZooKeeper's refusal.
 *
 * <p>Thread-safe: rendering reads immutable inputs and thread-safe counters; the trace mask is
 * atomic.
 */
public final class FourLetterWords {
    /** ZooKeeper's answer while it cannot serve. */
    public static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";
    /** ZooKeeper's default trace mask (client requests, packets, sessions, warnings). */
    private static final long DEFAULT_TRACE_MASK = 0b1_0011_0010;
    /** What ZooKeeper answers with {@link #NOT_SERVING} while it has no running server. */
    private static final Set<String> REFUSED_WHILE_NOT_SERVING = Set.of("srvr", "stat", "mntr", "conf", "cons",
            "crst", "srst", "wchs", "wchc", "wchp", "dump", "dirs", "hash");
    private static final Set<String> STATEFUL = Set.of("srvr", "stat", "mntr", "wchs", "wchc", "wchp", "dump");
    /** {@code java.util.Date#toString}'s format, which ZooKeeper prints expiry times with. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy",
            Locale.US);
    private static final int MAX_DIR_ENTRIES = 100_000;

    private final ServerConfig config;
    private final AdminContext context;
    private final WardenVersion version;
    private final InstantSource clock;
    private final long startedMs;
    /** Resolved on first use: a DNS lookup may be slow, and only envi needs it. */
    private final Supplier<String> hostName = Suppliers.memoize(FourLetterWords::localHostName);
    private final AtomicLong traceMask = new AtomicLong(DEFAULT_TRACE_MASK);
    private final EnsembleStatus ensemble;

    /** A standalone server's words ({@link EnsembleStatus#STANDALONE}). */
    public FourLetterWords(ServerConfig config, AdminContext context, WardenVersion version, InstantSource clock) {
        this(config, context, version, clock, EnsembleStatus.STANDALONE);
    }

    /**
     * The words of a server whose ensemble role and peers {@code ensemble} reports.
     * {@link EnsembleStatus#STANDALONE} with a group of one in {@code config} (one server line,
     * standaloneEnabled=false) means {@link EnsembleStatus#groupOfOne}: the server runs it alone.
     */
    public FourLetterWords(ServerConfig config, AdminContext context, WardenVersion version, InstantSource clock,
            EnsembleStatus ensemble) {
        java.util.Objects.requireNonNull(ensemble, "ensemble");
        EnsembleConfig lines = config.ensemble();
        this.ensemble = ensemble == EnsembleStatus.STANDALONE && lines.distributed() && lines.members().size() == 1
                ? EnsembleStatus.groupOfOne(lines, clock) : ensemble;
        this.config = config;
        this.context = context;
        this.version = version;
        this.clock = clock;
        this.startedMs = clock.millis();
    }

    /** Whether {@code command} is whitelisted ({@code 4lw.commands.whitelist}). */
    public boolean allowed(String command) {
        return config.fourLetterWordWhitelist().contains(command);
    }

    /** ZooKeeper's answer to a command that is not whitelisted. */
    public static String notWhitelisted(String command) {
        return command + " is not executed because it is not in the whitelist.\n";
    }

    /** Whether the command reports replicated state (and needs a snapshot). */
    public static boolean needsState(String command) {
        return STATEFUL.contains(command);
    }

    /** The optional snapshot parts the command prints. */
    public static Set<StateSnapshot.Detail> details(String command) {
        return switch (command) {
            case "dump" -> Set.of(StateSnapshot.Detail.EPHEMERALS);
            case "wchc" -> Set.of(StateSnapshot.Detail.WATCHES_BY_SESSION);
            case "wchp" -> Set.of(StateSnapshot.Detail.WATCHES_BY_PATH);
            default -> StateSnapshot.BASIC;
        };
    }

    /**
     * The command's output. {@code argument} is stmk's mask; {@code snapshot} is required exactly
     * when {@link #needsState} says so.
     */
    public String render(String command, long argument, StateSnapshot snapshot) {
        EnsembleView view = ensemble.view();
        // A ZooKeeper peer has no running server while it looks for a leader, whatever its clients see.
        boolean serving = view.serving() && !view.mode().equals("looking");
        if (!serving && REFUSED_WHILE_NOT_SERVING.contains(command)) {
            // ZooKeeper prints hash's refusal without the line end
            return command.equals("hash") ? NOT_SERVING.substring(0, NOT_SERVING.length() - 1) : NOT_SERVING;
        }
        return switch (command) {
            case "ruok" -> "imok";
            case "isro" -> serving ? "rw" : "null";
            case "srvr" -> srvr(snapshot, view);
            case "stat" -> stat(snapshot, view);
            case "mntr" -> mntr(snapshot, view);
            case "conf" -> conf(view);
            case "cons" -> cons();
            case "crst" -> {
                context.resetConnectionStats();
                yield "Connection stats reset.\n";
            }
            case "srst" -> {
                context.stats().reset();
                yield "Server stats reset.\n";
            }
            case "envi" -> envi();
            case "wchs" -> wchs(snapshot.stats());
            case "wchc" -> wchc(snapshot);
            case "wchp" -> wchp(snapshot);
            case "dump" -> dump(snapshot);
            case "dirs" -> "datadir_size: " + dirSize(config.dataDir()) + "\nlogdir_size: "
                    + dirSize(config.dataLogDir()) + "\n";
            case "gtmk" -> Long.toString(traceMask.get());
            case "stmk" -> {
                traceMask.set(argument);
                yield Long.toString(argument);
            }
            case "hash" -> "";
            default -> throw new IllegalArgumentException("not a four-letter word: " + command);
        };
    }

    private String srvr(StateSnapshot s, EnsembleView view) {
        return "Zookeeper version: " + version.fullVersion() + "\n" + serverStats(s, view);
    }

    private String stat(StateSnapshot s, EnsembleView view) {
        StringBuilder b = new StringBuilder("Zookeeper version: ").append(version.fullVersion()).append('\n');
        b.append("Clients:\n");
        for (ConnectionInfo c : context.connections()) {
            b.append(connectionLine(c, true)).append('\n');
        }
        return b.append('\n').append(serverStats(s, view)).toString();
    }

    /**
     * ZooKeeper's {@code ServerStats.toString()} plus the node count, and on a leader its
     * proposal sizes ({@code -1} for none, as ZooKeeper's).
     */
    private String serverStats(StateSnapshot s, EnsembleView view) {
        ServerStats.Snapshot n = context.stats().snapshot();
        return "Latency min/avg/max: " + n.minLatencyMs() + "/" + n.avgLatencyMs() + "/" + n.maxLatencyMs() + "\n"
                + "Received: " + n.packetsReceived() + "\n"
                + "Sent: " + n.packetsSent() + "\n"
                + "Connections: " + context.connections().size() + "\n"
                + "Outstanding: " + context.outstandingRequests() + "\n"
                + "Zxid: 0x" + Long.toHexString(s.lastZxid()) + "\n"
                + "Mode: " + view.mode() + "\n"
                + "Node count: " + s.stats().nodeCount() + "\n"
                + (view.isLeader() ? "Proposal sizes last/min/max: " + proposalSize(view.lastProposalBytes()) + "/"
                        + proposalSize(view.minProposalBytes()) + "/" + proposalSize(view.maxProposalBytes()) + "\n"
                        : "");
    }

    /** ZooKeeper's {@code BufferStats}: -1 until the first proposal. */
    private static long proposalSize(long bytes) {
        return bytes == 0 ? -1 : bytes;
    }

    private String mntr(StateSnapshot s, EnsembleView view) {
        ServerStats.Snapshot n = context.stats().snapshot();
        StateStats st = s.stats();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("version", version.fullVersion());
        m.put("server_state", view.mode());
        if (!view.isStandalone()) {
            m.put("peer_state", peerState(view.mode()));
        }
        if (view.mode().equals("observer")) {
            // the server it learns from (ZooKeeper 3.9.5 prints it on an observer only)
            m.put("observer_master_id", view.leaderId());
        }
        m.put("ephemerals_count", st.ephemeralsCount());
        m.put("num_alive_connections", context.connections().size());
        m.put("avg_latency", n.avgLatencyMs());
        m.put("outstanding_requests", context.outstandingRequests());
        m.put("znode_count", st.nodeCount());
        m.put("global_sessions", st.sessionCount());
        m.put("local_sessions", 0);
        m.put("packets_sent", n.packetsSent());
        m.put("packets_received", n.packetsReceived());
        m.put("watch_count", st.watchCount());
        m.put("min_latency", n.minLatencyMs());
        m.put("max_latency", n.maxLatencyMs());
        m.put("approximate_data_size", st.approximateDataSize());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            m.put("open_file_descriptor_count", unix.getOpenFileDescriptorCount());
            m.put("max_file_descriptor_count", unix.getMaxFileDescriptorCount());
        }
        m.put("uptime", clock.millis() - startedMs);
        m.put("last_zxid", s.lastZxid());
        m.put("bytes_received_count", n.bytesReceived());
        m.put("connection_rejected", n.connectionsRejected());
        m.put("auth_failed_count", n.authFailures());
        if (!view.isStandalone()) {
            m.put("quorum_size", view.votingMembers());
        }
        if (view.isLeader()) {
            List<EnsembleView.Learner> learners = view.learners();
            m.put("learners", learners.size());
            m.put("synced_followers", learners.stream()
                    .filter(l -> l.synced() && l.role() == ServerRole.PARTICIPANT).count());
            // Followers that do not vote exist in ZooKeeper only while a reconfig moves them.
            m.put("synced_non_voting_followers", 0);
            m.put("synced_observers", learners.stream()
                    .filter(l -> l.synced() && l.role() == ServerRole.OBSERVER).count());
            m.put("pending_syncs", view.pendingSyncs());
            m.put("leader_uptime", view.leaderUptimeMs());
            m.put("last_proposal_size", proposalSize(view.lastProposalBytes()));
            m.put("max_proposal_size", proposalSize(view.maxProposalBytes()));
            m.put("min_proposal_size", proposalSize(view.minProposalBytes()));
        }
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append("zk_").append(k).append('\t').append(v).append('\n'));
        return b.toString();
    }

    /**
     * ZooKeeper's {@code ZooKeeperServer.dumpConf}, and in an ensemble its quorum part: limits,
     * this server's ports and role, then {@code membership: } and the {@code /zookeeper/config}
     * text (no line end after its {@code version=} line, as ZooKeeper's).
     */
    private String conf(EnsembleView view) {
        if (view.isStandalone()) {
            return standaloneConf("0");
        }
        EnsembleConfig staticConfig = config.ensemble();
        EnsembleMember self = view.members().stream().filter(m -> m.id() == view.myId()).findFirst()
                .or(staticConfig::self).orElse(null);
        StringBuilder b = new StringBuilder(standaloneConf(Long.toString(view.myId())));
        b.append("initLimit=").append(staticConfig.initLimit()).append('\n');
        b.append("syncLimit=").append(staticConfig.syncLimit()).append('\n');
        b.append("electionAlg=3\n");
        b.append("electionPort=").append(self == null ? -1 : self.electionAddress().port()).append('\n');
        b.append("quorumPort=").append(self == null ? -1 : self.peerAddress().port()).append('\n');
        // ZooKeeper prints its LearnerType's ordinal: 0 participant, 1 observer
        b.append("peerType=").append(self == null || self.role() == ServerRole.PARTICIPANT ? 0 : 1).append('\n');
        b.append("membership: \n");
        return b.append(ConfigNode.content(view.members(), view.configVersion())).toString();
    }

    /** ZooKeeper's {@code ZooKeeperServer.dumpConf}. */
    private String standaloneConf(String serverId) {
        return "clientPort=" + context.clientPort() + "\n"
                + "secureClientPort=-1\n"
                + "dataDir=" + config.dataDir().toAbsolutePath().resolve("version-2") + "\n"
                + "dataDirSize=" + dirSize(config.dataDir()) + "\n"
                + "dataLogDir=" + config.dataLogDir().toAbsolutePath().resolve("version-2") + "\n"
                + "dataLogSize=" + dirSize(config.dataLogDir()) + "\n"
                + "tickTime=" + config.tickTimeMs() + "\n"
                + "maxClientCnxns=" + config.maxClientCnxns() + "\n"
                + "minSessionTimeout=" + config.minSessionTimeoutMs() + "\n"
                + "maxSessionTimeout=" + config.maxSessionTimeoutMs() + "\n"
                + "clientPortListenBacklog=" + config.clientPortListenBacklog() + "\n"
                + "serverId=" + serverId + "\n";
    }

    /**
     * ZooKeeper's {@code QuorumPeer.getDetailedPeerState}: the peer state and, past the election,
     * the Zab phase; Warden reports a known role only in broadcast.
     */
    private static String peerState(String mode) {
        return switch (mode) {
            case "leader" -> "leading - broadcast";
            case "follower" -> "following - broadcast";
            case "observer" -> "observing - broadcast";
            default -> "looking";
        };
    }

    private String cons() {
        StringBuilder b = new StringBuilder();
        for (ConnectionInfo c : context.connections()) {
            b.append(connectionLine(c, false)).append('\n');
        }
        return b.append('\n').toString();
    }

    /** ZooKeeper's {@code ServerCnxn.dumpConnectionInfo}: brief for stat, full for cons. */
    static String connectionLine(ConnectionInfo c, boolean brief) {
        StringBuilder b = new StringBuilder(" ").append(c.remote()).append('[')
                .append(Integer.toHexString(c.interestOps())).append("](queued=").append(c.queued())
                .append(",recved=").append(c.received()).append(",sent=").append(c.sent());
        if (!brief && c.sessionId() != 0) {
            b.append(",sid=0x").append(Long.toHexString(c.sessionId()))
                    .append(",lop=").append(c.lastOp())
                    .append(",est=").append(c.establishedMs())
                    .append(",to=").append(c.timeoutMs())
                    .append(",lcxid=0x").append(Long.toHexString(c.lastCxid()))
                    .append(",lzxid=0x").append(Long.toHexString(c.lastZxid()))
                    .append(",lresp=").append(c.lastResponseTickerMs())
                    .append(",llat=").append(c.lastLatencyMs())
                    .append(",minlat=").append(c.minLatencyMs())
                    .append(",avglat=").append(c.avgLatencyMs())
                    .append(",maxlat=").append(c.maxLatencyMs());
        }
        return b.append(')').toString();
    }

    private String envi() {
        Runtime rt = Runtime.getRuntime();
        StringBuilder b = new StringBuilder("Environment:\n");
        b.append("zookeeper.version=").append(version.fullVersion()).append('\n');
        b.append("warden.version=").append(version.warden()).append('\n');
        b.append("host.name=").append(hostName.get()).append('\n');
        for (String key : List.of("java.version", "java.vendor", "java.home", "java.class.path", "java.library.path",
                "java.io.tmpdir")) {
            b.append(key).append('=').append(System.getProperty(key, "<NA>")).append('\n');
        }
        b.append("java.compiler=<NA>\n");
        for (String key : List.of("os.name", "os.arch", "os.version", "user.name", "user.home", "user.dir")) {
            b.append(key).append('=').append(System.getProperty(key, "<NA>")).append('\n');
        }
        b.append("os.memory.free=").append(rt.freeMemory() / (1024 * 1024)).append("MB\n");
        b.append("os.memory.max=").append(rt.maxMemory() / (1024 * 1024)).append("MB\n");
        b.append("os.memory.total=").append(rt.totalMemory() / (1024 * 1024)).append("MB\n");
        return b.toString();
    }

    private static String wchs(StateStats st) {
        return st.watchingConnections() + " connections watching " + st.watchedPaths() + " paths\nTotal watches:"
                + st.watchCount() + "\n";
    }

    /** Per session {@code 0x<sid>} then a tab-indented line per watched path; then an empty line. */
    private static String wchc(StateSnapshot s) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(s.watchesBySession()).entrySet()) {
            b.append("0x").append(Long.toHexString(e.getKey())).append('\n');
            for (String path : e.getValue().stream().sorted().toList()) {
                b.append('\t').append(path).append('\n');
            }
        }
        return b.append('\n').toString();
    }

    /** Per path the path, then a tab-indented {@code 0x<sid>} per watching session; then an empty line. */
    private static String wchp(StateSnapshot s) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<Long>> e : new TreeMap<>(s.watchersByPath()).entrySet()) {
            b.append(e.getKey()).append('\n');
            for (long sid : e.getValue().stream().sorted().toList()) {
                b.append("\t0x").append(Long.toHexString(sid)).append('\n');
            }
        }
        return b.append('\n').toString();
    }

    private String dump(StateSnapshot s) {
        long nowTicker = s.tickerNanos();
        long nowMs = clock.millis();
        DateTimeFormatter date = DATE.withZone(ZoneId.systemDefault());
        Map<Long, List<Long>> buckets = new TreeMap<>();
        for (SessionEntry e : s.sessions()) {
            buckets.computeIfAbsent(e.closing() ? Long.MIN_VALUE : e.expiryNanos(), k -> new ArrayList<>())
                    .add(e.sessionId());
        }
        StringBuilder b = new StringBuilder("SessionTracker dump:\n");
        b.append("Session Sets (").append(buckets.size()).append(")/(").append(s.sessions().size()).append("):\n");
        for (Map.Entry<Long, List<Long>> bucket : buckets.entrySet()) {
            long atMs = bucket.getKey() == Long.MIN_VALUE ? nowMs
                    : nowMs + (bucket.getKey() - nowTicker) / 1_000_000;
            b.append(bucket.getValue().size()).append(" expire at ").append(date.format(Instant.ofEpochMilli(atMs)))
                    .append(":\n");
            for (long sid : bucket.getValue()) {
                b.append("\t0x").append(Long.toHexString(sid)).append('\n');
            }
        }
        b.append("ephemeral nodes dump:\n");
        b.append("Sessions with Ephemerals (").append(s.ephemerals().size()).append("):\n");
        for (Map.Entry<Long, List<String>> e : new TreeMap<>(s.ephemerals()).entrySet()) {
            b.append("0x").append(Long.toHexString(e.getKey())).append(":\n");
            for (String path : e.getValue().stream().sorted().toList()) {
                b.append('\t').append(path).append('\n');
            }
        }
        b.append("Connections dump:\n");
        List<ConnectionInfo> connections = context.connections();
        Map<Long, List<ConnectionInfo>> byExpiry = new TreeMap<>();
        for (ConnectionInfo c : connections) {
            byExpiry.computeIfAbsent(c.expiryTickerMs(), k -> new ArrayList<>()).add(c);
        }
        long nowTickerMs = nowTicker / 1_000_000;
        b.append("Connections Sets (").append(byExpiry.size()).append(")/(").append(connections.size()).append("):\n");
        for (Map.Entry<Long, List<ConnectionInfo>> bucket : byExpiry.entrySet()) {
            long atMs = nowMs + bucket.getKey() - nowTickerMs;
            b.append(bucket.getValue().size()).append(" expire at ").append(date.format(Instant.ofEpochMilli(atMs)))
                    .append(":\n");
            for (ConnectionInfo c : bucket.getValue().stream().sorted(Comparator.comparing(ConnectionInfo::remote))
                    .toList()) {
                b.append("\tip: ").append(c.remote()).append(" sessionId: 0x").append(Long.toHexString(c.sessionId()))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /** Bytes under {@code dir} (0 if missing), counting at most {@value #MAX_DIR_ENTRIES} entries. */
    private static long dirSize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.limit(MAX_DIR_ENTRIES).filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "<NA>";
        }
    }
}
