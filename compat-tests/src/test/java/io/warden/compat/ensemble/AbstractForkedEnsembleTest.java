package io.warden.compat.ensemble;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ForkedEnsemble;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The lifecycle the forked-ensemble fault tests share: one {@link ForkedEnsemble} per test class,
 * started before the first test (its start time printed), required all serving with one leader
 * before each test, closed (every server killed, directory deleted) after the last. Confined to
 * the JUnit thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
abstract class AbstractForkedEnsembleTest {
    /** The ensemble under test; set before the first test. */
    ForkedEnsemble ensemble;

    /** The ensemble under test (started once per class). */
    abstract ForkedEnsemble startEnsemble() throws IOException;

    @BeforeAll
    void startAll() throws IOException {
        Deadline started = Deadline.after(EnsembleChecks.WAIT);
        ensemble = startEnsemble();
        System.out.printf("%s %d-server ensemble: started in %d ms%n", ensemble.kind(), ensemble.size(),
                started.elapsed().toMillis());
    }

    @AfterAll
    void closeAll() throws IOException {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @BeforeEach
    void allServing() throws IOException {
        ensemble.awaitAllServing(EnsembleChecks.WAIT);
    }
}
