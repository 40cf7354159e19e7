package io.warden.server;

import io.warden.protocol.netty.FourLetterWord;
import io.warden.server.ensemble.EnsembleConfig;
import io.warden.server.ensemble.EnsembleMember;
import io.warden.server.ensemble.EnsembleParser;
import io.warden.server.ensemble.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads the server's settings the way ZooKeeper's standalone {@code ZooKeeperServerMain} does:
 * from a zoo.cfg ({@code java.util.Properties} syntax, values trimmed) or from the positional form
 * {@code port dataDir [tickTime [maxClientCnxns]]}, plus the Java system properties ZooKeeper
 * reads for the same settings, plus {@code --key=value} overrides (zoo.cfg key names).
 *
 * <p>Precedence, lowest first: built-in defaults, system properties, zoo.cfg (ZooKeeper copies an
 * unknown zoo.cfg key into the system property {@code zookeeper.<key>}, so the file wins there
 * too), then command-line overrides. The ensemble keys ({@code server.N}, {@code myid} in dataDir,
 * peerType, initLimit, syncLimit, standaloneEnabled, reconfigEnabled, dynamicConfigFile) are read
 * by {@link EnsembleParser}. Keys this server does not use (TLS, admin server, purge) are
 * accepted and reported; unknown keys are reported, never fatal.
 *
 * <p>Stateless.
 */
public final class ZooCfg {
    /** The one-line usage, as printed for a wrong invocation. */
    public static final String USAGE = "usage: java -jar warden-server.jar (zoo.cfg | port dataDir [tickTime "
            + "[maxClientCnxns]]) [--key=value ...]";

    /** A parsed configuration and what the operator should be told about it. Immutable. */
    public record Result(ServerConfig config, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    private static final Map<String, BiConsumer<ServerConfig.Builder, String>> SETTERS = setters();

    /** Keys that may also come from a system property, by property name. */
    private static final Map<String, String> SYSTEM_PROPERTIES = Map.ofEntries(
            Map.entry("jute.maxbuffer", "jute.maxbuffer"),
            Map.entry("zookeeper.skipACL", "skipACL"),
            Map.entry("zookeeper.extendedTypesEnabled", "extendedTypesEnabled"),
            Map.entry("zookeeper.enforceQuota", "enforceQuota"),
            Map.entry("znode.container.checkIntervalMs", "znode.container.checkIntervalMs"),
            Map.entry("znode.container.maxPerMinute", "znode.container.maxPerMinute"),
            Map.entry("zookeeper.DigestAuthenticationProvider.superDigest", "DigestAuthenticationProvider.superDigest"),
            Map.entry("readonlymode.enabled", "readonlymode.enabled"),
            Map.entry("zookeeper.4lw.commands.whitelist", "4lw.commands.whitelist"),
            Map.entry("zookeeper.globalOutstandingLimit", "globalOutstandingLimit"),
            Map.entry("zookeeper.nio.sessionlessCnxnTimeout", "nio.sessionlessCnxnTimeout"),
            Map.entry("zookeeper.maxCnxns", "maxCnxns"),
            Map.entry("zookeeper.snapCount", "snapCount"));

    /** ZooKeeper settings that a standalone Warden server accepts and does not use. */
    private static final Set<String> IGNORED = Set.of(
            "connectToLearnerMasterLimit", "electionAlg", "electionPortBindRetry", "syncEnabled",
            "autopurge.purgeInterval", "secureClientPort",
            "secureClientPortAddress", "observerMasterPort", "localSessionsEnabled",
            "localSessionsUpgradingEnabled", "quorumListenOnAllIPs", "sslQuorum", "portUnification",
            "sslQuorumReloadCertFiles", "client.portUnification", "preAllocSize", "forceSync",
            "audit.enable", "serverCnxnFactory", "jvm.pause.monitor", "digest.enabled", "snapshot.trust.empty",
            "maxResponseCacheSize", "maxGetChildrenResponseCacheSize", "fsync.warningthresholdms",
            "commitLogCount", "txnLogSizeLimitInKb", "zookeeper.snapshot.compression.method");
    private static final Pattern IGNORED_PREFIXES = Pattern.compile(
            "^(group|weight)\\.\\d+$|^(admin|metricsProvider|quorum|ssl|multiAddress|authProvider"
                    + "|snapshot|sessionRequireClientSASLAuth|learner|leader|follower|observer)\\b.*");

    private ZooCfg() {
    }

    /**
     * Parses command-line arguments ({@code zoo.cfg} or {@code port dataDir [tickTime
     * [maxClientCnxns]]}, with {@code --key=value} overrides anywhere) against the given system
     * properties.
     *
     * @throws ConfigException with a one-line message on a bad invocation or value
     */
    public static Result parseArgs(List<String> args, Map<String, String> systemProperties) {
        List<String> positional = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                if (eq < 3) {
                    throw new ConfigException("expected --key=value, got '" + arg + "'; " + USAGE);
                }
                overrides.put(arg.substring(2, eq), arg.substring(eq + 1).trim());
            } else {
                positional.add(arg);
            }
        }
        Map<String, String> file = new LinkedHashMap<>();
        if (positional.size() == 1) {
            file.putAll(readFile(Path.of(positional.get(0))));
        } else if (positional.size() >= 2 && positional.size() <= 4) {
            file.put("clientPort", positional.get(0).trim());
            file.put("dataDir", positional.get(1).trim());
            if (positional.size() >= 3) {
                file.put("tickTime", positional.get(2).trim());
            }
            if (positional.size() == 4) {
                file.put("maxClientCnxns", positional.get(3).trim());
            }
        } else {
            throw new ConfigException("invalid arguments " + positional + "; " + USAGE);
        }
        return resolve(systemProperties, file, overrides);
    }

    /** Reads a zoo.cfg file into trimmed key/value pairs, in file order. */
    public static Map<String, String> readFile(Path path) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + path + " not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            out.put(key.trim(), props.getProperty(key).trim());
        }
        return out;
    }

    /**
     * Merges system properties, zoo.cfg entries and overrides (each a map of key to raw value)
     * and builds the validated config.
     */
    public static Result resolve(Map<String, String> systemProperties, Map<String, String> file,
            Map<String, String> overrides) {
        List<String> notes = new ArrayList<>();
        Map<String, String> merged = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(systemProperties).entrySet()) {
            String key = SYSTEM_PROPERTIES.get(e.getKey());
            if (key == null && e.getKey().startsWith("warden.") && SETTERS.containsKey(e.getKey())) {
                key = e.getKey();
            }
            if (key != null) {
                merged.put(key, e.getValue().trim());
            }
        }
        Map<String, String> ensembleKeys = new LinkedHashMap<>();
        collect(file, merged, ensembleKeys, notes, "zoo.cfg");
        collect(overrides, merged, ensembleKeys, notes, "command line");
        ServerConfig.Builder builder = ServerConfig.builder();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            SETTERS.get(e.getKey()).accept(builder, e.getValue());
        }
        EnsembleConfig ensemble = EnsembleParser.parse(ensembleKeys,
                merged.containsKey("dataDir") ? path("dataDir", merged.get("dataDir")) : null, notes);
        builder.ensemble(ensemble);
        Optional<HostPort> lineClient = EnsembleParser.clientAddress(ensemble,
                merged.containsKey("clientPort") ? intValue("clientPort", merged.get("clientPort")) : null,
                merged.get("clientPortAddress"));
        if (lineClient.isPresent()) {
            // the server line's ;[host:]port, as ZooKeeper's setupClientPort
            builder.clientPort(lineClient.get().port()).clientPortAddress(lineClient.get().host());
        } else if (!merged.containsKey("clientPort")) {
            throw new ConfigException("clientPort is not set");
        }
        if (merged.containsKey("4lw.commands.whitelist")) {
            for (String command : whitelistEntries(merged.get("4lw.commands.whitelist"))) {
                if (!command.equals("*") && !FourLetterWord.COMMANDS.contains(command)) {
                    notes.add("ignoring unknown four-letter word '" + command + "' in 4lw.commands.whitelist");
                }
            }
        }
        return new Result(builder.build(), notes);
    }

    private static void collect(Map<String, String> source, Map<String, String> merged,
            Map<String, String> ensembleKeys, List<String> notes, String origin) {
        for (Map.Entry<String, String> e : source.entrySet()) {
            String key = e.getKey();
            if (SETTERS.containsKey(key)) {
                merged.put(key, e.getValue());
            } else if (EnsembleParser.isEnsembleKey(key)) {
                ensembleKeys.put(key, e.getValue());
            } else if (IGNORED.contains(key) || IGNORED_PREFIXES.matcher(key).matches()) {
                notes.add("ignoring " + origin + " setting " + key + " (not used by a standalone Warden server)");
            } else {
                notes.add("ignoring unknown " + origin + " setting " + key);
            }
        }
    }

    private static Map<String, BiConsumer<ServerConfig.Builder, String>> setters() {
        Map<String, BiConsumer<ServerConfig.Builder, String>> m = new LinkedHashMap<>();
        m.put("clientPort", (b, v) -> b.clientPort(intValue("clientPort", v)));
        m.put("clientPortAddress", (b, v) -> b.clientPortAddress(v.isEmpty() ? null : v));
        m.put("clientPortListenBacklog", (b, v) -> b.clientPortListenBacklog(intValue("clientPortListenBacklog", v)));
        m.put("dataDir", (b, v) -> b.dataDir(path("dataDir", v)));
        m.put("dataLogDir", (b, v) -> b.dataLogDir(path("dataLogDir", v)));
        m.put("tickTime", (b, v) -> b.tickTimeMs(intValue("tickTime", v)));
        m.put("minSessionTimeout", (b, v) -> b.minSessionTimeoutMs(intValue("minSessionTimeout", v)));
        m.put("maxSessionTimeout", (b, v) -> b.maxSessionTimeoutMs(intValue("maxSessionTimeout", v)));
        m.put("maxClientCnxns", (b, v) -> b.maxClientCnxns(intValue("maxClientCnxns", v)));
        m.put("maxCnxns", (b, v) -> b.maxCnxns(intValue("maxCnxns", v)));
        m.put("globalOutstandingLimit", (b, v) -> b.globalOutstandingLimit(intValue("globalOutstandingLimit", v)));
        m.put("jute.maxbuffer", (b, v) -> b.maxFrameBytes(intValue("jute.maxbuffer", v)));
        m.put("4lw.commands.whitelist", (b, v) -> b.fourLetterWordWhitelist(whitelist(v)));
        m.put("skipACL", (b, v) -> b.skipAcl(bool("skipACL", v)));
        m.put("extendedTypesEnabled", (b, v) -> b.extendedTypesEnabled(bool("extendedTypesEnabled", v)));
        m.put("enforceQuota", (b, v) -> b.enforceQuota(bool("enforceQuota", v)));
        m.put("DigestAuthenticationProvider.superDigest", (b, v) -> b.superDigest(v.isEmpty() ? null : v));
        m.put("readonlymode.enabled", (b, v) -> b.readOnlyModeEnabled(bool("readonlymode.enabled", v)));
        m.put("znode.container.checkIntervalMs",
                (b, v) -> b.containerCheckIntervalMs(longValue("znode.container.checkIntervalMs", v)));
        m.put("znode.container.maxPerMinute",
                (b, v) -> b.containerMaxPerMinute(intValue("znode.container.maxPerMinute", v)));
        m.put("nio.sessionlessCnxnTimeout",
                (b, v) -> b.handshakeTimeoutMs(intValue("zookeeper.nio.sessionlessCnxnTimeout", v)));
        m.put("warden.maxOutstandingPerConnection",
                (b, v) -> b.maxOutstandingPerConnection(intValue("warden.maxOutstandingPerConnection", v)));
        m.put("warden.writeBufferLowWaterBytes",
                (b, v) -> b.writeBufferLowWaterBytes(intValue("warden.writeBufferLowWaterBytes", v)));
        m.put("warden.writeBufferHighWaterBytes",
                (b, v) -> b.writeBufferHighWaterBytes(intValue("warden.writeBufferHighWaterBytes", v)));
        m.put("warden.maxPendingWriteBytes",
                (b, v) -> b.maxPendingWriteBytes(longValue("warden.maxPendingWriteBytes", v)));
        m.put("warden.maxSessions", (b, v) -> b.maxSessions(intValue("warden.maxSessions", v)));
        m.put("warden.maxBatchSize", (b, v) -> b.maxBatchSize(intValue("warden.maxBatchSize", v)));
        m.put("warden.maxWatchesPerConnection",
                (b, v) -> b.maxWatchesPerConnection(intValue("warden.maxWatchesPerConnection", v)));
        m.put("warden.ioThreads", (b, v) -> b.ioThreads(intValue("warden.ioThreads", v)));
        m.put("warden.durability", (b, v) -> b.durability(durability(v)));
        m.put("warden.raft.port", (b, v) -> b.raftPort(intValue("warden.raft.port", v)));
        m.put("snapCount", (b, v) -> b.snapCount(intValue("snapCount", v)));
        // ZooKeeper raises a value below 3 to 3 (with a warning); so do we.
        m.put("autopurge.snapRetainCount",
                (b, v) -> b.snapRetainCount(Math.max(3, intValue("autopurge.snapRetainCount", v))));
        m.put("warden.maxBatchesInFlight",
                (b, v) -> b.maxBatchesInFlight(intValue("warden.maxBatchesInFlight", v)));
        m.put("warden.electionTimeoutMinMs",
                (b, v) -> b.electionTimeoutMinMs(intValue("warden.electionTimeoutMinMs", v)));
        m.put("warden.linearizableReads", (b, v) -> b.linearizableReads(bool("warden.linearizableReads", v)));
        m.put("warden.electionTimeoutMaxMs",
                (b, v) -> b.electionTimeoutMaxMs(intValue("warden.electionTimeoutMaxMs", v)));
        return Map.copyOf(m);
    }

    private static ServerConfig.Durability durability(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "raft" -> ServerConfig.Durability.RAFT;
            case "none" -> ServerConfig.Durability.NONE;
            default -> throw ConfigException.invalid("warden.durability", v, "expected raft or none");
        };
    }

    private static int intValue(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "expected an integer");
        }
    }

    private static long longValue(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "expected an integer");
        }
    }

    /** true/false; ZooKeeper's skipACL also takes yes/no. */
    private static boolean bool(String key, String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw ConfigException.invalid(key, v, "expected true or false");
        };
    }

    private static Path path(String key, String v) {
        if (v.isBlank()) {
            throw ConfigException.invalid(key, v, "expected a directory");
        }
        try {
            return Path.of(v.trim());
        } catch (InvalidPathException e) {
            throw ConfigException.invalid(key, v, "expected a directory");
        }
    }

    private static List<String> whitelistEntries(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            String command = s.trim();
            if (!command.isEmpty()) {
                out.add(command);
            }
        }
        return out;
    }

    /** ZooKeeper's rules: comma-separated, trimmed, "*" for all, unknown names skipped. */
    private static Set<String> whitelist(String v) {
        Set<String> out = new TreeSet<>();
        for (String command : whitelistEntries(v)) {
            if (command.equals("*")) {
                out.addAll(FourLetterWord.COMMANDS);
            } else if (FourLetterWord.COMMANDS.contains(command)) {
                out.add(command);
            }
        }
        return out;
    }
}
