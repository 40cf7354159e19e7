package io.warden.compat.diff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.warden.compat.harness.Target;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The two servers of a differential suite: a real ZooKeeper 3.9.5 (the reference, labelled
 * {@code zookeeper}) and Warden ({@code warden}), started with the same {@link Target.Settings}
 * (a ZooKeeper setting that is a JVM-wide system property forks it). Warden writes through its
 * durable log and keeps its default four-letter-word whitelist (no scenario sends one), as this
 * suite has always run it. A test class holds one pair in a static field for all its scenarios.
 *
 * <p>Thread-safe for its accessors; {@link #close()} once, from {@code @AfterAll}.
 */
final class ServerPair implements AutoCloseable {
    private final Target zookeeper;
    private final Target warden;

    private ServerPair(Target zookeeper, Target warden) {
        this.zookeeper = zookeeper;
        this.warden = warden;
    }

    /** Starts ZooKeeper, then Warden; if Warden fails to start, ZooKeeper is stopped again. */
    static ServerPair start(Target.Settings settings) throws IOException {
        Target zookeeper = Target.start(Target.Kind.ZOOKEEPER, settings);
        try {
            Target warden = Target.start(Target.Kind.WARDEN, settings.withDurableWarden(true)
                    .withFourLetterWords(Target.FourLetterWords.DEFAULT));
            return new ServerPair(zookeeper, warden);
        } catch (IOException | RuntimeException e) {
            try {
                zookeeper.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The Warden server (for tests that need its port). */
    Target warden() {
        return warden;
    }

    /**
     * One dynamic test per scenario: it runs on ZooKeeper, then on Warden, and the normalized
     * transcripts must be equal (see {@link #assertSameAsReference}).
     */
    Stream<DynamicTest> compareAll(String suite, List<Scenario> scenarios) {
        Endpoint reference = Endpoint.of("zookeeper", zookeeper);
        Endpoint candidate = Endpoint.of("warden", warden);
        return scenarios.stream().map(scenario -> dynamicTest(scenario.name(),
                () -> assertSameAsReference(suite, DiffRunner.compare(scenario, reference, candidate))));
    }

    /**
     * Writes the report of {@code comparison} under {@code suite}, checks the reference ran clean
     * and that the candidate's transcript equals it.
     */
    static void assertSameAsReference(String suite, DiffRunner.Comparison comparison) {
        DiffRunner.writeReport(suite, comparison);
        ScenarioChecks.assertCleanReference(comparison.reference());
        assertTrue(comparison.same(), () -> "Warden differs from ZooKeeper:\n" + comparison.diff());
    }

    /** Stops ZooKeeper, then Warden (even if stopping ZooKeeper failed). */
    @Override
    public void close() throws IOException {
        try {
            zookeeper.close();
        } finally {
            warden.close();
        }
    }
}
