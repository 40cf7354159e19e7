package io.warden.compat.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ExternalPeers;
import io.warden.compat.harness.PeerProcess;
import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kazoo (python3-kazoo 2.8, the Debian package) against real ZooKeeper 3.9.5 and against Warden,
 * through the pytest scripts in {@code compat-tests/src/test/python}: walkthrough 004 verbatim,
 * transactions, Lock, Election, Counter, digest ACLs, {@code server_version()}, and watches that
 * survive a server restart. Each test passes the server in {@code WARDEN_PEER_HOSTS}, requires
 * pytest's exit status 0 and shows pytest's output when it is not. Under {@code CI=true} a
 * missing Kazoo or pytest fails the test ({@link ExternalPeers#requirePeer}).
 */
class KazooTest {
    private static final Duration PYTEST_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration RESTART_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private static final Targets TARGETS = new Targets(Target.Settings.defaults());

    @AfterAll
    static void stopServers() throws IOException {
        TARGETS.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void walkthrough004AndTheKazooApi(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        PeerProcess.Result result;
        try (PeerProcess pytest = startPytest(target, Map.of(), "test_walkthrough_004.py", "test_kazoo_api.py")) {
            result = pytest.waitFor(PYTEST_TIMEOUT);
        }
        assertEquals(0, result.exitCode(), () -> "pytest against " + kind + ":\n" + result.describe());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Target.Kind.class)
    void dataWatchAndChildrenWatchSurviveAServerRestart(Target.Kind kind) throws IOException {
        Target target = TARGETS.get(kind);
        Path handshake = Files.createTempDirectory("warden-kazoo-restart-");
        PeerProcess.Result result;
        try (PeerProcess pytest = startPytest(target, Map.of("WARDEN_PEER_RESTART_DIR", handshake.toString()),
                "test_kazoo_restart.py")) {
            boolean requested = awaitFile(handshake.resolve("restart.request"), pytest);
            if (requested) {
                target.restart();
                Files.writeString(handshake.resolve("restart.done"), "done\n");
            }
            result = pytest.waitFor(PYTEST_TIMEOUT);
            assertTrue(requested || result.exitCode() != 0, "pytest never asked for the restart");
        } finally {
            for (String name : List.of("restart.request", "restart.done")) {
                Files.deleteIfExists(handshake.resolve(name));
            }
            Files.deleteIfExists(handshake);
        }
        assertEquals(0, result.exitCode(), () -> "pytest against " + kind + ":\n" + result.describe());
    }

    private static PeerProcess startPytest(Target target, Map<String, String> extraEnv, String... scripts)
            throws IOException {
        ExternalPeers.requireKazoo();
        Path python = ExternalPeers.requirePytest();
        Path dir = pythonDir();
        List<String> argv = new ArrayList<>(List.of(python.toString(), "-m", "pytest", "-q",
                "-c", dir.resolve("pytest.ini").toString(), "--rootdir", dir.toString()));
        for (String script : scripts) {
            argv.add(dir.resolve(script).toString());
        }
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("WARDEN_PEER_HOSTS", target.connectString());
        env.put("WARDEN_PEER_TARGET", target.kind().label());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONUNBUFFERED", "1");
        return PeerProcess.start(argv, env);
    }

    /** The pytest scripts: {@code src/test/python} of this module (surefire runs in the module dir). */
    static Path pythonDir() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "python");
        assertTrue(Files.isRegularFile(dir.resolve("conftest.py")), "pytest scripts not found in " + dir);
        return dir;
    }

    /** Waits for {@code file} while {@code process} lives, at most {@link #RESTART_REQUEST_TIMEOUT}. */
    private static boolean awaitFile(Path file, PeerProcess process) throws IOException {
        Deadline deadline = Deadline.after(RESTART_REQUEST_TIMEOUT);
        long maxPolls = RESTART_REQUEST_TIMEOUT.toMillis() / POLL.toMillis() + 1;
        for (long poll = 0; poll < maxPolls && !deadline.expired(); poll++) {
            if (Files.exists(file)) {
                return true;
            }
            if (!ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                return Files.exists(file);
            }
            sleep(POLL);
        }
        return Files.exists(file);
    }

    private static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
