package io.warden.compat.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the external peers installed from Debian by {@code scripts/test.sh}: zkCli.sh
 * (package zookeeper, the 3.8.0 Java CLI), the C client {@code cli_mt} (zookeeper-bin), Kazoo
 * (python3-kazoo) and pytest (python3-pytest).
 *
 * <p>Project rule: a test that needs a missing peer FAILS when the environment variable
 * {@code CI} is {@code true}, and is skipped (JUnit assumption) otherwise. Always go through
 * {@link #requirePeer} or the {@code requireX()} helpers, never a bare {@code assumeTrue}.
 *
 * <p>What the peers do (checked against a real 3.9.5 server):
 * <ul>
 *   <li>zkCli.sh: given a command after {@code -server host:port} it runs that one command and
 *       exits; status 0 on success, 1 on a ZooKeeper error (NodeExists, ConnectionLoss). The
 *       result line ("Created /x") goes to stderr, data from {@code get} to stdout. Its JVM is
 *       {@code JAVA=/usr/bin/java} from /etc/zookeeper/conf/environment (JAVA_HOME is ignored),
 *       class path /usr/share/java/zookeeper.jar; extra JVM flags via {@code CLIENT_JVMFLAGS}.</li>
 *   <li>cli_mt: {@code cli_mt -h host:port}; commands on stdin run asynchronously, so wait for
 *       the completion line before {@code quit} or the request is dropped. {@code create /p}
 *       takes no data (it always writes "new"; the rest of the line is part of the path); set data
 *       with {@code set /p data}. Completions print to stderr: {@code [/p]: rc = 0} for create,
 *       {@code /p: rc = 0} for set/get/delete. The exit status is 0 even when a request failed,
 *       so tests check the rc lines or the server.</li>
 * </ul>
 *
 * <p>Stateless apart from lazily cached probe results (immutable once computed); thread-safe.
 */
public final class ExternalPeers {
    /** The Debian zkCli.sh (ZooKeeper 3.8.0 Java CLI). */
    public static final Path ZK_CLI = Path.of("/usr/share/zookeeper/bin/zkCli.sh");
    /** The Debian multi-threaded C client shell. */
    public static final Path C_CLIENT = Path.of("/usr/lib/zookeeper/bin/cli_mt");
    /** The system Python that has python3-kazoo and python3-pytest. */
    public static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Environment variable that turns a missing peer from a skip into a failure. */
    public static final String CI_VARIABLE = "CI";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private ExternalPeers() {}

    /** Whether {@code CI=true}. */
    public static boolean isCi() {
        return "true".equals(System.getenv(CI_VARIABLE));
    }

    /**
     * Fails the test if {@code present} is false and {@code CI=true}; otherwise skips it with a
     * clear message. Does nothing when the peer is present.
     */
    public static void requirePeer(String name, boolean present) {
        requirePeer(name, present, isCi());
    }

    /** {@link #requirePeer(String, boolean)} with the CI flag given, for testing the rule. */
    static void requirePeer(String name, boolean present, boolean ci) {
        if (present) {
            return;
        }
        String message = "external peer missing: " + name
                + " (run scripts/test.sh, which installs the test prerequisites)";
        if (ci) {
            Assertions.fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message + "; skipped because CI is not 'true'");
    }

    /** Whether zkCli.sh is installed. */
    public static boolean hasZkCli() {
        return Files.isExecutable(ZK_CLI);
    }

    /** Whether the C client cli_mt is installed. */
    public static boolean hasCClient() {
        return Files.isExecutable(C_CLIENT);
    }

    /** Whether /usr/bin/python3 can {@code import kazoo}. */
    public static boolean hasKazoo() {
        return KazooProbe.PRESENT;
    }

    /** Whether {@code /usr/bin/python3 -m pytest --version} works. */
    public static boolean hasPytest() {
        return PytestProbe.PRESENT;
    }

    /** {@link #ZK_CLI}, or fail/skip per {@link #requirePeer}. */
    public static Path requireZkCli() {
        requirePeer("zkCli.sh at " + ZK_CLI + " (Debian package zookeeper)", hasZkCli());
        return ZK_CLI;
    }

    /** {@link #C_CLIENT}, or fail/skip per {@link #requirePeer}. */
    public static Path requireCClient() {
        requirePeer("C client cli_mt at " + C_CLIENT + " (Debian package zookeeper-bin)",
                hasCClient());
        return C_CLIENT;
    }

    /** {@link #PYTHON} with Kazoo, or fail/skip per {@link #requirePeer}. */
    public static Path requireKazoo() {
        requirePeer("Kazoo for " + PYTHON + " (Debian package python3-kazoo)", hasKazoo());
        return PYTHON;
    }

    /** {@link #PYTHON} with pytest, or fail/skip per {@link #requirePeer}. */
    public static Path requirePytest() {
        requirePeer("pytest for " + PYTHON + " (Debian package python3-pytest)", hasPytest());
        return PYTHON;
    }

    /**
     * Runs {@code zkCli.sh -server connectString command...} non-interactively (zkCli runs the one
     * command and exits), bounded by {@code timeout}.
     */
    public static PeerProcess.Result runZkCli(String connectString, Duration timeout,
            String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(requireZkCli().toString(), "-server", connectString));
        argv.addAll(List.of(command));
        // CLIENT_JVMFLAGS is word-split by zkCli.sh; keep the CLI JVM small on CI machines.
        return PeerProcess.run(argv, Map.of("CLIENT_JVMFLAGS", "-Xmx128m -XX:+UseSerialGC"), null,
                timeout);
    }

    /** Starts an interactive {@code cli_mt -h hostPort}; feed it with {@link PeerProcess#writeLine}. */
    public static PeerProcess startCClient(String hostPort) throws IOException {
        return PeerProcess.start(List.of(requireCClient().toString(), "-h", hostPort), Map.of());
    }

    /** Runs {@code /usr/bin/python3 -c script} with {@code env} added, bounded by {@code timeout}. */
    public static PeerProcess.Result runPython(String script, Map<String, String> env,
            Duration timeout) throws IOException {
        Map<String, String> fullEnv = new HashMap<>(env);
        fullEnv.put("PYTHONDONTWRITEBYTECODE", "1");
        fullEnv.put("PYTHONUNBUFFERED", "1");
        return PeerProcess.run(List.of(PYTHON.toString(), "-c", script), fullEnv, null, timeout);
    }

    private static boolean probe(String... args) {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        List<String> argv = new ArrayList<>();
        argv.add(PYTHON.toString());
        argv.addAll(List.of(args));
        try {
            return PeerProcess.run(argv, Map.of("PYTHONDONTWRITEBYTECODE", "1"), null, PROBE_TIMEOUT)
                    .succeeded();
        } catch (IOException e) {
            return false;
        }
    }

    /** Lazy holder: probes once per JVM, on first use. */
    private static final class KazooProbe {
        static final boolean PRESENT = probe("-c", "import kazoo.client");
    }

    /** Lazy holder: probes once per JVM, on first use. */
    private static final class PytestProbe {
        static final boolean PRESENT = probe("-m", "pytest", "--version");
    }
}
