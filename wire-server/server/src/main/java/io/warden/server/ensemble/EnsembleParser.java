package io.warden.server.ensemble;

import io.warden.server.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the ensemble settings of a zoo.cfg as ZooKeeper 3.5+'s {@code QuorumPeerConfig} does,
 * with its error messages (each one line, as a {@link ConfigException}): the 3.4 server line form
 * {@code server.N=host:peerPort:electionPort[:participant|:observer]} and the 3.5+ dynamic form
 * with {@code ;[clientHost:]clientPort}, IPv6 literals in brackets; the lines may instead come from
 * {@code dynamicConfigFile} (version = the file name's hex suffix). Differences from ZooKeeper,
 * all stricter: multiple addresses per server ({@code |}) and duplicate ids ({@code server.1} and
 * {@code server.01}) are refused, ports must be numbers in 1..65535 (the client port 0..65535),
 * and a myid not among the servers is a configuration error (exit 2; ZooKeeper fails the start
 * with the same message and exit 1). Stateless.
 */
public final class EnsembleParser {
    /** The zoo.cfg keys this parser reads (besides {@code server.*}). */
    public static final Set<String> KEYS = Set.of("peerType", "initLimit", "syncLimit", "standaloneEnabled",
            "reconfigEnabled", "dynamicConfigFile");

    private static final String FORM = "expected host:peerPort:electionPort[:participant|:observer]"
            + "[;[clientHost:]clientPort], IPv6 hosts in brackets";

    private EnsembleParser() {
    }

    /** Whether a zoo.cfg key belongs to the ensemble settings. */
    public static boolean isEnsembleKey(String key) {
        return KEYS.contains(key) || key.startsWith("server.");
    }

    /**
     * Builds the ensemble configuration from the ensemble keys of a zoo.cfg (see
     * {@link #isEnsembleKey}); reads {@code <dataDir>/myid} when there are server lines.
     *
     * @param settings ensemble keys to trimmed values
     * @param dataDir the dataDir, or null if none is set
     * @param notes receives warnings for the operator (ZooKeeper's logged warnings)
     * @throws ConfigException with a one-line message for an invalid setting
     */
    public static EnsembleConfig parse(Map<String, String> settings, Path dataDir, List<String> notes) {
        boolean standaloneEnabled = bool(settings, "standaloneEnabled", true);
        boolean reconfigEnabled = bool(settings, "reconfigEnabled", false);
        int initLimit = nonNegative(settings, "initLimit");
        int syncLimit = nonNegative(settings, "syncLimit");
        ServerRole peerType = settings.containsKey("peerType")
                ? ServerRole.parse("peerType", settings.get("peerType")) : ServerRole.PARTICIPANT;

        Path dynamicFile = settings.containsKey("dynamicConfigFile")
                ? path("dynamicConfigFile", settings.get("dynamicConfigFile")) : null;
        long version = dynamicFile == null ? 0 : versionFromFileName(dynamicFile);
        List<EnsembleMember> members = serverLines(settings, notes);
        if (members.isEmpty()) {
            return new EnsembleConfig(EnsembleConfig.UNSET_ID, List.of(), version, peerType, initLimit, syncLimit,
                    standaloneEnabled, reconfigEnabled, dynamicFile);
        }

        long participants = members.stream().filter(m -> m.role() == ServerRole.PARTICIPANT).count();
        long observers = members.size() - participants;
        if (participants == 0) {
            if (!standaloneEnabled) {
                throw new ConfigException("standaloneEnabled = false then number of participants should be >0");
            }
            throw new ConfigException("Observers w/o participants is an invalid configuration");
        } else if (participants == 1 && standaloneEnabled) {
            if (observers > 0) {
                throw new ConfigException("Observers w/o quorum is an invalid configuration");
            }
            notes.add("Invalid configuration, only one server specified (ignoring server." + members.get(0).id()
                    + "): running standalone "
                    + "(set standaloneEnabled=false to run a group of one)");
        } else if (participants <= 2) {
            notes.add("No server failure will be tolerated. You need at least 3 servers.");
        } else if (participants % 2 == 0) {
            notes.add("Non-optimal configuration, consider an odd number of servers.");
        }

        long myId = dataDir == null ? EnsembleConfig.UNSET_ID : readMyId(dataDir.resolve("myid"));
        EnsembleConfig partial = new EnsembleConfig(myId, members, version, peerType, initLimit, syncLimit,
                standaloneEnabled, reconfigEnabled, dynamicFile);
        Optional<EnsembleMember> self = partial.self();
        if (self.isPresent() && self.get().role() != peerType) {
            if (settings.containsKey("peerType")) {
                notes.add("Peer type from servers list (" + self.get().role().zooCfgName() + ") doesn't match peerType ("
                        + peerType.zooCfgName() + "). Defaulting to servers list.");
            }
            peerType = self.get().role();
        }
        EnsembleConfig config = new EnsembleConfig(myId, members, version, peerType, initLimit, syncLimit,
                standaloneEnabled, reconfigEnabled, dynamicFile);
        if (config.distributed()) {
            if (initLimit == 0) {
                throw new ConfigException("initLimit is not set");
            }
            if (syncLimit == 0) {
                throw new ConfigException("syncLimit is not set");
            }
            if (myId == EnsembleConfig.UNSET_ID) {
                throw new ConfigException("myid file is missing" + (dataDir == null ? "" : " (" + dataDir.resolve(
                        "myid") + ")"));
            }
            if (self.isEmpty()) {
                throw new ConfigException("My id " + myId + " not in the peer list "
                        + members.stream().map(EnsembleMember::id).toList());
            }
        }
        return config;
    }

    /**
     * The server lines, from zoo.cfg or from {@code dynamicConfigFile}, each parsed, ascending by
     * id; no other check.
     *
     * @throws ConfigException for a malformed line, a duplicate id, server lines both in zoo.cfg and
     *     a dynamic file, or an unreadable dynamic file
     */
    public static List<EnsembleMember> serverLines(Map<String, String> settings, List<String> notes) {
        Map<String, String> lines = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith("server.")) {
                lines.put(k, v);
            }
        });
        if (settings.containsKey("dynamicConfigFile")) {
            if (!lines.isEmpty()) {
                throw new ConfigException("parameter: " + lines.keySet().iterator().next()
                        + " must be in a separate dynamic config file (dynamicConfigFile is set)");
            }
            lines.putAll(readDynamicFile(path("dynamicConfigFile", settings.get("dynamicConfigFile")), notes));
        }
        List<EnsembleMember> members = new ArrayList<>();
        Map<Long, String> keyById = new HashMap<>();
        for (Map.Entry<String, String> e : lines.entrySet()) {
            long id = serverId(e.getKey());
            String previous = keyById.put(id, e.getKey());
            if (previous != null) {
                throw new ConfigException(e.getKey() + " and " + previous + " both name server id " + id);
            }
            members.add(member(id, e.getKey(), e.getValue()));
        }
        members.sort(java.util.Comparator.comparingLong(EnsembleMember::id));
        return List.copyOf(members);
    }

    /**
     * This server's client address after reconciling its server line with the static
     * {@code clientPort}/{@code clientPortAddress}, as ZooKeeper's {@code setupClientPort}: the
     * line's client part wins; a static one that names another port (or another non-wildcard
     * address) is an error. Empty when the line has no client part (the static one applies).
     *
     * @param staticPort the static {@code clientPort}, or null if not set
     * @param staticAddress the static {@code clientPortAddress}, or null if not set
     */
    public static Optional<HostPort> clientAddress(EnsembleConfig config, Integer staticPort, String staticAddress) {
        Optional<EnsembleMember> self = config.self();
        if (self.isEmpty() || self.get().clientAddress() == null) {
            return Optional.empty();
        }
        HostPort line = self.get().clientAddress();
        if (staticPort != null) {
            boolean wildcard = staticAddress == null || staticAddress.isBlank()
                    || staticAddress.equals(HostPort.ANY_ADDRESS);
            boolean differs = staticPort != line.port() || (!wildcard
                    && !new HostPort(staticAddress, staticPort).zooKeeperHost().equals(line.zooKeeperHost()));
            if (differs) {
                throw new ConfigException("client address for this server (id = " + config.myId()
                        + ") in static config file is " + (wildcard ? HostPort.ANY_ADDRESS : staticAddress) + ":"
                        + staticPort + " is different from client address found in dynamic file: "
                        + line.zooKeeperForm());
            }
        }
        return Optional.of(line);
    }

    /** Parses one server line's value. */
    static EnsembleMember member(long id, String key, String value) {
        String[] serverClient = value.split(";");
        if (serverClient.length == 0 || serverClient.length > 2) {
            throw format(key, value);
        }
        if (serverClient[0].contains("|")) {
            throw ConfigException.invalid(key, value, "several addresses per server (|) are not supported");
        }
        String[] server = hostAndPorts(key, value, serverClient[0].trim());
        if (server.length < 3 || server.length > 4) {
            throw format(key, value);
        }
        HostPort peer = new HostPort(host(key, value, server[0]), port(key, value, server[1], "peer port", 1));
        HostPort election = new HostPort(peer.host(), port(key, value, server[2], "election port", 1));
        if (peer.port() == election.port()) {
            throw ConfigException.invalid(key, value, "peer port and election port must be different");
        }
        ServerRole role = server.length == 4 ? ServerRole.parse(key, server[3]) : ServerRole.PARTICIPANT;
        HostPort client = null;
        if (serverClient.length == 2) {
            String[] clientParts = hostAndPorts(key, value, serverClient[1].trim());
            if (clientParts.length > 2) {
                throw format(key, value);
            }
            String clientHost = clientParts.length == 2 ? host(key, value, clientParts[0]) : HostPort.ANY_ADDRESS;
            client = new HostPort(clientHost, port(key, value, clientParts[clientParts.length - 1], "client port", 0));
        }
        return new EnsembleMember(id, peer, election, role, client);
    }

    /** ZooKeeper's {@code ConfigUtils.getHostAndPort}: splits on ':' unless the host is a bracketed IPv6 literal. */
    private static String[] hostAndPorts(String key, String value, String s) {
        if (!s.startsWith("[")) {
            return s.split(":", -1);
        }
        int close = s.indexOf(']');
        if (close < 0) {
            throw ConfigException.invalid(key, value, s + " starts with '[' but has no matching ']:'");
        }
        if (close + 1 >= s.length() || s.charAt(close + 1) != ':' || close + 2 == s.length()) {
            throw ConfigException.invalid(key, value, s + " doesn't have a port after colon");
        }
        String[] rest = s.substring(close + 2).split(":", -1);
        String[] out = new String[rest.length + 1];
        out[0] = s.substring(1, close);
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String host(String key, String value, String host) {
        String h = host.trim();
        if (h.isEmpty() || h.contains("[") || h.contains("]")) {
            throw ConfigException.invalid(key, value, "missing or malformed host; " + FORM);
        }
        return h;
    }

    private static int port(String key, String value, String s, String what, int min) {
        int port;
        try {
            port = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, value, what + " '" + s + "' is not a number; " + FORM);
        }
        if (port < min || port > 65535) {
            throw ConfigException.invalid(key, value, what + " " + port + " out of range " + min + "..65535");
        }
        return port;
    }

    private static ConfigException format(String key, String value) {
        return ConfigException.invalid(key, value, FORM);
    }

    private static long serverId(String key) {
        String suffix = key.substring("server.".length());
        long id;
        try {
            id = Long.parseLong(suffix);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid server id in " + key + " (expected server.N with N a number)");
        }
        if (id < 0) {
            throw new ConfigException("invalid server id in " + key + " (expected a non-negative number)");
        }
        return id;
    }

    /** ZooKeeper's {@code setupMyId}: the first line, parsed as a long; absent file = unset. */
    static long readMyId(Path file) {
        if (!Files.isRegularFile(file)) {
            return EnsembleConfig.UNSET_ID;
        }
        String line;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = r.readLine();
        } catch (IOException e) {
            throw new ConfigException("cannot read myid file " + file + ": " + e.getMessage());
        }
        try {
            long id = Long.parseLong(line == null ? "" : line);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new ConfigException("serverid " + line + " is not a number (myid file " + file + ")");
        }
    }

    private static Map<String, String> readDynamicFile(Path file, List<String> notes) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("dynamicConfigFile " + file + " not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read dynamicConfigFile " + file + ": " + e.getMessage());
        }
        if (props.getProperty("version") != null) {
            throw new ConfigException("dynamic file shouldn't have version inside (" + file + ")");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            String k = key.trim();
            if (k.startsWith("server.")) {
                out.put(k, props.getProperty(key).trim());
            } else {
                notes.add("ignoring dynamicConfigFile setting " + k + " (only server.N lines are read there)");
            }
        }
        return out;
    }

    /** ZooKeeper's {@code getVersionFromFilename}: the hex after the last dot, else 0. */
    static long versionFromFileName(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        if (dot < 0 || dot == s.length() - 1) {
            return 0;
        }
        try {
            return Long.parseLong(s.substring(dot + 1), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean bool(Map<String, String> settings, String key, boolean dflt) {
        String v = settings.get(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ConfigException.invalid(key, v, "expected true or false");
        };
    }

    private static int nonNegative(Map<String, String> settings, String key) {
        String v = settings.get(key);
        if (v == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ConfigException.invalid(key, v, "expected a number of ticks >= 0");
        }
    }

    private static Path path(String key, String v) {
        if (v.isBlank()) {
            throw ConfigException.invalid(key, v, "expected a file");
        }
        try {
            return Path.of(v.trim());
        } catch (InvalidPathException e) {
            throw ConfigException.invalid(key, v, "expected a file");
        }
    }
}
