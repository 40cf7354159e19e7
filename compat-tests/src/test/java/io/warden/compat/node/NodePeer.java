package io.warden.compat.node;

import io.warden.compat.harness.ExternalPeers;
import io.warden.compat.harness.PeerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code node} and the npm project in {@code src/test/node}: the pinned
 * node-zookeeper-client version (package.json) and the installed one (node_modules). A missing
 * or outdated install goes through {@link ExternalPeers#requirePeer}, so it fails under
 * {@code CI=true} and skips otherwise.
 *
 * <p>Stateless apart from the lazily computed probe of {@code node --version}; thread-safe.
 */
final class NodePeer {
    /** The npm package under test. */
    static final String MODULE = "node-zookeeper-client";
    /** node:assert/strict and Promise.finally need Node 16; Debian 12 ships 18, this machine 20. */
    static final int MIN_NODE_MAJOR = 16;

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+");
    private static final Pattern DEPENDENCY =
            Pattern.compile("\"" + Pattern.quote(MODULE) + "\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private NodePeer() {}

    /** {@code src/test/node} of this module (surefire runs in the module directory). */
    static Path projectDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "node");
    }

    /** The {@code node} executable, or fail/skip per {@link ExternalPeers#requirePeer}. */
    static Path requireNode() {
        Optional<Path> node = NodeProbe.NODE;
        ExternalPeers.requirePeer("node >= " + MIN_NODE_MAJOR + " on PATH (Debian package nodejs;"
                + " scripts/test.sh installs it)", node.isPresent());
        return node.orElseThrow();
    }

    /**
     * Checks that {@code node_modules} holds the node-zookeeper-client version that package.json
     * pins, or fails/skips per {@link ExternalPeers#requirePeer}. Returns that version.
     */
    static String requireModule(Path projectDir) {
        String pinned = pinnedVersion(projectDir);
        Optional<String> installed = installedVersion(projectDir);
        ExternalPeers.requirePeer(MODULE + " " + pinned + " in " + projectDir.resolve("node_modules")
                + " (found " + installed.orElse("none") + "; scripts/test.sh runs `npm ci --prefix "
                + "compat-tests/src/test/node`)", installed.equals(Optional.of(pinned)));
        return pinned;
    }

    /** The exact version package.json pins for {@link #MODULE}. */
    static String pinnedVersion(Path projectDir) {
        String packageJson = read(projectDir.resolve("package.json"));
        Matcher matcher = DEPENDENCY.matcher(packageJson);
        if (!matcher.find() || !matcher.group(1).matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalStateException(projectDir.resolve("package.json")
                    + " must pin an exact " + MODULE + " version");
        }
        return matcher.group(1);
    }

    /** The version in {@code node_modules/node-zookeeper-client/package.json}, if installed. */
    static Optional<String> installedVersion(Path projectDir) {
        Path file = projectDir.resolve("node_modules").resolve(MODULE).resolve("package.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Matcher matcher = VERSION.matcher(read(file));
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The first executable {@code node} on PATH whose major version is at least the minimum. */
    private static Optional<Path> findNode() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate) && majorVersion(candidate) >= MIN_NODE_MAJOR) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int majorVersion(Path node) {
        try {
            PeerProcess.Result result = PeerProcess.run(List.of(node.toString(), "--version"), Map.of(),
                    null, PROBE_TIMEOUT);
            Matcher matcher = NODE_VERSION.matcher(result.stdout().strip());
            return result.succeeded() && matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Lazy holder: looks for node once per JVM, on first use. */
    private static final class NodeProbe {
        static final Optional<Path> NODE = findNode();
    }
}
