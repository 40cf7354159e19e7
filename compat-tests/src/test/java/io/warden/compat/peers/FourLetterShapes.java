package io.warden.compat.peers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of ZooKeeper 3.9.5's four-letter-word answers (standalone, every word whitelisted),
 * as checks that name what they look at: line structure, key names and order, trailing newline
 * or none, and what the answers must say about one known live session (its id, its ephemeral
 * node, its watches). {@link #problems} returns the names of the failed checks; an empty list
 * means the answer has ZooKeeper's shape. Every check is proven by running it on real ZooKeeper
 * ({@link FourLetterWordsTest}).
 *
 * <p>Stateless and thread-safe.
 */
final class FourLetterShapes {
    /** The words whose answers are checked, in the order ZooKeeper's documentation lists them. */
    static final List<String> WORDS = List.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "crst", "envi",
            "srst", "wchs", "wchc", "wchp", "dump", "isro", "dirs", "gtmk");

    /**
     * mntr keys that monitoring tools read (the Nagios/Ganglia check_zookeeper scripts, the
     * OpenTelemetry zookeeperreceiver, Telegraf, Datadog and the Prometheus exporters), minus the
     * leader-only ones, plus zk_uptime.
     */
    static final List<String> MONITORING_KEYS = List.of("zk_version", "zk_avg_latency", "zk_max_latency",
            "zk_min_latency", "zk_packets_received", "zk_packets_sent", "zk_num_alive_connections",
            "zk_outstanding_requests", "zk_server_state", "zk_znode_count", "zk_watch_count",
            "zk_ephemerals_count", "zk_approximate_data_size", "zk_open_file_descriptor_count",
            "zk_max_file_descriptor_count", "zk_uptime");

    /** envi keys in ZooKeeper's order. */
    static final List<String> ENVI_KEYS = List.of("zookeeper.version", "host.name", "java.version",
            "java.vendor", "java.home", "java.class.path", "java.library.path", "java.io.tmpdir",
            "java.compiler", "os.name", "os.arch", "os.version", "user.name", "user.home", "user.dir",
            "os.memory.free", "os.memory.max", "os.memory.total");

    /** envi keys Warden may add (after zookeeper.version); ZooKeeper's parsers ignore unknown keys. */
    static final Set<String> ENVI_EXTRA_KEYS = Set.of("warden.version");

    private static final String VERSION_LINE = "Zookeeper version: 3\\.9\\.5-[^,\\n]+, built on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\n";
    private static final String SRVR_TAIL = "Latency min/avg/max: \\d+/\\d+(\\.\\d+)?/\\d+\\n"
            + "Received: \\d+\\nSent: \\d+\\nConnections: \\d+\\nOutstanding: \\d+\\n"
            + "Zxid: 0x[0-9a-f]+\\nMode: standalone\\nNode count: \\d+\\n";
    private static final String BRIEF = " /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+\\)";
    private static final String FULL = " /127\\.0\\.0\\.1:\\d+\\[\\d+\\]\\(queued=\\d+,recved=\\d+,sent=\\d+,"
            + "sid=0x[0-9a-f]+,lop=[A-Z]+,est=\\d+,to=\\d+,lcxid=0x[0-9a-f]+,lzxid=0x[0-9a-f]+,"
            + "lresp=\\d+,llat=\\d+,minlat=\\d+,avglat=\\d+,maxlat=\\d+\\)";
    /** java.util.Date#toString, as ZooKeeper prints expiry times: "Sat Nov 21 07:39:38 UTC 2026". */
    private static final Pattern JAVA_DATE = Pattern.compile(
            "[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2} [A-Z]{3,4} \\d{4}");
    private static final Pattern EXPIRE_AT = Pattern.compile("^\\d+ expire at (.+):$", Pattern.MULTILINE);

    /**
     * ZooKeeper measures each request's latency in whole milliseconds, so its average never
     * exceeds its maximum (nor falls below its minimum).
     */
    static final String LATENCY_ORDER = "latency min <= avg <= max";
    private static final Pattern LATENCY_LINE = Pattern.compile("^Latency min/avg/max: (\\d+)/([\\d.]+)/(\\d+)$",
            Pattern.MULTILINE);

    private FourLetterShapes() {}

    private static boolean latencyOrdered(String answer) {
        Matcher m = LATENCY_LINE.matcher(answer);
        return m.find() && ordered(m.group(1), m.group(2), m.group(3));
    }

    private static boolean ordered(String min, String avg, String max) {
        try {
            double lo = Double.parseDouble(min);
            double mid = Double.parseDouble(avg);
            double hi = Double.parseDouble(max);
            return lo <= mid && mid <= hi;
        } catch (NullPointerException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * What a live session makes the answers show: its id, an ephemeral node it owns, the paths it
     * watches in the data-watch table (data and exists watches), the client port and the asking
     * connection's local port.
     */
    record Context(long sessionId, String ephemeralPath, Set<String> dataWatchPaths, int clientPort,
            int askingPort) {
        Context {
            dataWatchPaths = Set.copyOf(dataWatchPaths);
        }

        String sid() {
            return "0x" + Long.toHexString(sessionId);
        }
    }

    /** The names of the checks {@code answer} to {@code word} fails; empty when it has the shape. */
    static List<String> problems(String word, String answer, Context ctx) {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        switch (word) {
            case "ruok" -> checks.put("exactly 'imok', no newline", answer.equals("imok"));
            case "isro" -> checks.put("exactly 'rw', no newline", answer.equals("rw"));
            case "gtmk" -> checks.put("the default trace mask '306', no newline", answer.equals("306"));
            case "crst" -> checks.put("exactly 'Connection stats reset.\\n'", answer.equals("Connection stats reset.\n"));
            case "srst" -> checks.put("exactly 'Server stats reset.\\n'", answer.equals("Server stats reset.\n"));
            case "srvr" -> {
                checks.put("srvr layout", answer.matches(VERSION_LINE + SRVR_TAIL));
                checks.put(LATENCY_ORDER, latencyOrdered(answer));
            }
            case "stat" -> {
                checks.put("stat layout", answer.matches(VERSION_LINE + "Clients:\\n(" + BRIEF + "\\n)+\\n" + SRVR_TAIL));
                checks.put(LATENCY_ORDER, latencyOrdered(answer));
                checks.put("the asking connection listed as ZooKeeper lists it: [0](queued=0,recved=1,sent=0)",
                        answer.contains(" /127.0.0.1:" + ctx.askingPort() + "[0](queued=0,recved=1,sent=0)\n"));
            }
            case "cons" -> {
                checks.put("cons layout", answer.matches("((" + BRIEF + "|" + FULL + ")\\n)+\\n"));
                checks.put("the live session listed with its details", answer.contains(",sid=" + ctx.sid() + ",lop="));
                checks.put("the asking connection listed as ZooKeeper lists it: [0](queued=0,recved=1,sent=0)",
                        answer.contains(" /127.0.0.1:" + ctx.askingPort() + "[0](queued=0,recved=1,sent=0)\n"));
            }
            case "conf" -> checks.put("conf keys, order and values", answer.matches(
                    "clientPort=" + ctx.clientPort() + "\\nsecureClientPort=-1\\ndataDir=[^\\n]+/version-2\\n"
                    + "dataDirSize=\\d+\\ndataLogDir=[^\\n]+/version-2\\ndataLogSize=\\d+\\ntickTime=2000\\n"
                    + "maxClientCnxns=60\\nminSessionTimeout=4000\\nmaxSessionTimeout=40000\\n"
                    + "clientPortListenBacklog=-1\\nserverId=0\\n"));
            case "envi" -> {
                checks.put("envi layout", answer.matches("Environment:\\n([a-z.]+=[^\\n]*\\n)+"));
                checks.put("envi keys in ZooKeeper's order (extra: warden.version only)", enviKeysOk(answer));
            }
            case "wchs" -> checks.put("wchs: 1 connection watching the live session's data-watch paths",
                    answer.equals("1 connections watching " + ctx.dataWatchPaths().size() + " paths\nTotal watches:"
                            + ctx.dataWatchPaths().size() + "\n"));
            case "wchc" -> {
                checks.put("wchc layout", answer.matches("(0x[0-9a-f]+\\n(\\t/[^\\n]*\\n)+)*\\n"));
                checks.put("wchc lists the live session's watched paths",
                        groups(answer, Pattern.compile("^0x[0-9a-f]+$")).equals(Map.of(ctx.sid(), ctx.dataWatchPaths())));
            }
            case "wchp" -> {
                checks.put("wchp layout", answer.matches("(/[^\\n]*\\n(\\t0x[0-9a-f]+\\n)+)*\\n"));
                Map<String, Set<String>> expected = new LinkedHashMap<>();
                ctx.dataWatchPaths().forEach(p -> expected.put(p, Set.of(ctx.sid())));
                checks.put("wchp lists the live session under each watched path",
                        groups(answer, Pattern.compile("^/.*$")).equals(expected));
            }
            case "dump" -> dumpChecks(answer, ctx, checks);
            case "dirs" -> checks.put("dirs layout", answer.matches("datadir_size: \\d+\\nlogdir_size: \\d+\\n"));
            case "mntr" -> {
                checks.put("mntr layout: key TAB value lines", answer.matches("(zk_[A-Za-z0-9_.-]+\\t[^\\n]*\\n)+"));
                Map<String, String> values = mntr(answer);
                checks.put("mntr has every key monitoring tools read", values.keySet().containsAll(MONITORING_KEYS));
                checks.put("mntr zk_server_state standalone", "standalone".equals(values.get("zk_server_state")));
                checks.put(LATENCY_ORDER, ordered(values.get("zk_min_latency"), values.get("zk_avg_latency"),
                        values.get("zk_max_latency")));
                checks.put("mntr numeric values where monitoring tools expect numbers", MONITORING_KEYS.stream()
                        .filter(k -> !k.equals("zk_version") && !k.equals("zk_server_state"))
                        .allMatch(k -> values.getOrDefault(k, "").matches("-?\\d+(\\.\\d+)?")));
            }
            default -> throw new IllegalArgumentException("no shape for " + word);
        }
        List<String> failed = new ArrayList<>();
        checks.forEach((name, ok) -> {
            if (!ok) {
                failed.add(word + ": " + name);
            }
        });
        return failed;
    }

    private static void dumpChecks(String answer, Context ctx, Map<String, Boolean> checks) {
        String sessions = "SessionTracker dump:\\nSession Sets \\(\\d+\\)/\\(\\d+\\):\\n(\\d+ expire at [^\\n]+:\\n(\\t0x[0-9a-f]+\\n)*)*"
                + "ephemeral nodes dump:\\nSessions with Ephemerals \\(\\d+\\):\\n(0x[0-9a-f]+:\\n(\\t/[^\\n]*\\n)+)*"
                + "Connections dump:\\n";
        Matcher head = Pattern.compile(sessions).matcher(answer);
        boolean headOk = head.lookingAt();
        checks.put("dump layout: session sets and ephemerals", headOk);
        String connections = headOk ? answer.substring(head.end()) : "";
        checks.put("dump layout: connections in 'Connections Sets (n)/(m):' expiry groups", connections.matches(
                "Connections Sets \\(\\d+\\)/\\(\\d+\\):\\n(\\d+ expire at [^\\n]+:\\n"
                        + "(\\tip: /127\\.0\\.0\\.1:\\d+ sessionId: 0x[0-9a-f]+\\n)*)*"));
        Matcher dates = EXPIRE_AT.matcher(answer);
        boolean datesOk = true;
        boolean any = false;
        while (dates.find()) {
            any = true;
            datesOk &= JAVA_DATE.matcher(dates.group(1)).matches();
        }
        checks.put("dump expiry times printed as java.util.Date prints them (e.g. 'Sat Nov 21 07:39:38 UTC 2026')",
                any && datesOk);
        checks.put("dump lists the live session in a session set", answer.contains("\n\t" + ctx.sid() + "\n"));
        checks.put("dump lists the live session's ephemeral node",
                answer.contains("\n" + ctx.sid() + ":\n\t" + ctx.ephemeralPath() + "\n"));
        checks.put("dump lists the live session's connection",
                answer.contains(" sessionId: " + ctx.sid() + "\n"));
    }

    private static boolean enviKeysOk(String answer) {
        List<String> keys = new ArrayList<>();
        answer.lines().skip(1).forEach(line -> keys.add(line.substring(0, Math.max(0, line.indexOf('=')))));
        List<String> known = new ArrayList<>(keys);
        known.removeAll(ENVI_EXTRA_KEYS);
        return known.equals(ENVI_KEYS) && keys.get(0).equals("zookeeper.version");
    }

    /** "header\n\tmember\n..." groups as header -> members. */
    private static Map<String, Set<String>> groups(String answer, Pattern header) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        Set<String> current = null;
        for (String line : answer.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("\t") && current != null) {
                current.add(line.substring(1));
            } else if (header.matcher(line).matches()) {
                current = new TreeSet<>();
                groups.put(line, current);
            }
        }
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        groups.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return copy;
    }

    /** mntr lines as key -> value, in answer order. */
    static Map<String, String> mntr(String answer) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : answer.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                values.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return values;
    }

    /** The mntr keys that do not depend on the data (per-namespace metrics come and go with it). */
    static Set<String> stableMntrKeys(String answer) {
        Set<String> keys = new TreeSet<>();
        for (String key : mntr(answer).keySet()) {
            if (!key.endsWith("_per_namespace")) {
                keys.add(key);
            }
        }
        return keys;
    }
}
