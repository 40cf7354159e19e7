package io.warden.compat.javaclients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official ZooKeeper Java client, one release of every line from 3.5 to 3.9, against real
 * ZooKeeper 3.9.5 and against Warden: {@link ClientScenarioMain} runs in a child JVM whose class
 * path is that release's jars (copied by maven-dependency-plugin into
 * {@code target/javaclients/<version>/}, see the module pom), first against ZooKeeper, where it must
 * pass (that proves the scenario), then against Warden, whose transcript must be identical. The
 * transcript's first line is {@code Version.getFullVersion()}, checked against the expected
 * release, so a class-path mix-up cannot pass silently.
 *
 * <p>The oldest and newest releases also run with the Netty client socket
 * ({@code zookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty}); the rest use
 * the default NIO socket.
 *
 * <p>Both servers are shared by the class (ZooKeeper in-process); each run works under its own
 * root path. About 3 s per run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaClientVersionsTest {
    private static final String NETTY_SOCKET =
            "-Dzookeeper.clientCnxnSocket=org.apache.zookeeper.ClientCnxnSocketNetty";

    private final Targets servers = new Targets(Target.Settings.defaults());
    private final AtomicInteger runs = new AtomicInteger();

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of("3.5.10", "nio"),
                Arguments.of("3.5.10", "netty"),
                Arguments.of("3.6.4", "nio"),
                Arguments.of("3.7.2", "nio"),
                Arguments.of("3.8.5", "nio"),
                Arguments.of("3.9.5", "nio"),
                Arguments.of("3.9.5", "netty"));
    }

    @AfterAll
    void closeServers() throws IOException {
        servers.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void sameTranscriptOnZooKeeperAndWarden(String version, String socket) throws Exception {
        List<Path> classPath = classPath(version);
        List<String> options = socket.equals("netty") ? List.of(NETTY_SOCKET) : List.of();
        // The same root on both servers: paths are part of the transcript.
        String root = "/jc-" + version.replace('.', '_') + "-" + socket + "-" + runs.incrementAndGet();

        ScenarioProcess.Result reference = run(version, socket, classPath, options, Target.Kind.ZOOKEEPER,
                root);
        assertTrue(reference.lines().get(0).startsWith("version " + version + "-"),
                "the child runs client " + version + ": " + reference.lines().get(0));
        assertEquals("RESULT PASS", last(reference), "the scenario passes on real ZooKeeper:\n"
                + String.join("\n", reference.lines()) + "\nclient log:\n" + reference.log());
        assertEquals(0, reference.exitCode());

        ScenarioProcess.Result warden = run(version, socket, classPath, options, Target.Kind.WARDEN, root);
        assertEquals(String.join("\n", reference.lines()), String.join("\n", warden.lines()),
                "client " + version + " (" + socket + ") sees Warden as it sees ZooKeeper; Warden's client log:\n"
                        + warden.log());
        assertEquals(0, warden.exitCode());
    }

    private ScenarioProcess.Result run(String version, String socket, List<Path> classPath, List<String> options,
            Target.Kind kind, String root) throws IOException, InterruptedException {
        Path log = targetDir().resolve("javaclients-logs").resolve(version + "-" + socket + "-"
                + kind.name().toLowerCase(java.util.Locale.ROOT) + ".log");
        return ScenarioProcess.run(classPath, options, servers.get(kind), root, log);
    }

    private static String last(ScenarioProcess.Result r) {
        return r.lines().isEmpty() ? "(no output)" : r.lines().get(r.lines().size() - 1);
    }

    /** The release's jars, then the directory holding the compiled scenario. */
    private static List<Path> classPath(String version) throws IOException {
        Path dir = targetDir().resolve("javaclients").resolve(version);
        List<Path> entries = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> jars = Files.list(dir)) {
                jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(entries::add);
            }
        }
        assertTrue(entries.stream().anyMatch(p -> p.getFileName().toString().equals("zookeeper-" + version + ".jar")),
                "zookeeper-" + version + ".jar in " + dir + " (copied by maven-dependency-plugin at "
                        + "generate-test-resources; run the tests through Maven)");
        entries.add(testClassesDir());
        return entries;
    }

    private static Path testClassesDir() {
        try {
            return Path.of(ClientScenarioMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path targetDir() {
        return testClassesDir().getParent();
    }
}
