package io.warden.compat.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.compat.harness.Target;
import io.warden.compat.harness.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The official {@code zookeeper:3.9} Docker image as one more reference: a tiny CRUD scenario
 * ({@link CrudTranscript}) must print the same on it as on Warden. The same scenario always runs
 * against the in-process real ZooKeeper 3.9.5 too ({@link #crudMatchesInProcessZooKeeper}), so
 * this Docker test is never the only coverage of anything.
 *
 * <p>Without a Docker engine the Docker case is skipped, quietly and at once: it looks for an
 * engine ({@code DOCKER_HOST}, {@code /var/run/docker.sock}, {@code ~/.testcontainers.properties})
 * before it touches Testcontainers (whose own probe logs an error per missing strategy), then
 * asks {@code DockerClientFactory.isDockerAvailable()}, bounded by {@value #PROBE_SECONDS} s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerZooKeeperTest {
    private static final int PROBE_SECONDS = 30;
    private static final Duration CONTAINER_START_TIMEOUT = Duration.ofMinutes(3);

    private final Targets servers = new Targets(Target.Settings.defaults());

    @AfterAll
    void closeServers() throws Exception {
        servers.close();
    }

    @Test
    void crudMatchesInProcessZooKeeper() throws Exception {
        List<String> reference = CrudTranscript.run(servers.get(Target.Kind.ZOOKEEPER).connectString(), "/dz1");
        List<String> warden = CrudTranscript.run(servers.get(Target.Kind.WARDEN).connectString(), "/dz1");
        assertEquals(String.join("\n", reference), String.join("\n", warden));
    }

    @Test
    void crudMatchesDockerZooKeeper() throws Exception {
        Assumptions.assumeTrue(engineConfigured(), "no Docker engine configured (DOCKER_HOST, "
                + "/var/run/docker.sock, ~/.testcontainers.properties): skipping the Docker reference");
        Assumptions.assumeTrue(dockerAvailable(), "Testcontainers finds no usable Docker engine");
        try (GenericContainer<?> zookeeper = new GenericContainer<>(DockerImageName.parse("zookeeper:3.9"))
                .withExposedPorts(2181)
                .withEnv("ZOO_4LW_COMMANDS_WHITELIST", "ruok,srvr")
                .waitingFor(Wait.forListeningPort())
                .withStartupTimeout(CONTAINER_START_TIMEOUT)) {
            zookeeper.start();
            String connectString = zookeeper.getHost() + ":" + zookeeper.getMappedPort(2181);
            List<String> reference = CrudTranscript.run(connectString, "/dz2");
            List<String> warden = CrudTranscript.run(servers.get(Target.Kind.WARDEN).connectString(), "/dz2");
            assertEquals(String.join("\n", reference), String.join("\n", warden));
        }
    }

    private static boolean engineConfigured() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            return true;
        }
        if (Files.exists(Path.of("/var/run/docker.sock"))) {
            return true;
        }
        Path userRuntimeSocket = Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock");
        if (Files.exists(userRuntimeSocket)) {
            return true;
        }
        return Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
    }

    private static boolean dockerAvailable() {
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(
                () -> DockerClientFactory.instance().isDockerAvailable());
        try {
            return probe.get(PROBE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            probe.cancel(true);
            return false;
        }
    }
}
