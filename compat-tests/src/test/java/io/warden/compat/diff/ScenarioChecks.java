package io.warden.compat.diff;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Assertions shared by the differential suites. Stateless.
 */
final class ScenarioChecks {
    private ScenarioChecks() {
    }

    /**
     * The reference (real ZooKeeper) run must be complete: no timeouts, aborts, undecodable
     * frames or time-consistency violations; otherwise the scenario or the harness is wrong.
     * (Trailing bytes are allowed: real ZooKeeper sends some, and the candidate must match.)
     */
    static void assertCleanReference(DiffRunner.Run reference) {
        StringBuilder problems = new StringBuilder();
        for (String line : reference.lines()) {
            if (line.contains("!!") || line.contains("T!") || line.contains("UNDECODABLE")) {
                problems.append(line).append('\n');
            }
        }
        if (problems.length() > 0) {
            fail("the reference run on " + reference.target() + " is not clean:\n" + problems
                    + "\nwhole transcript:\n" + String.join("\n", reference.lines()));
        }
    }
}
