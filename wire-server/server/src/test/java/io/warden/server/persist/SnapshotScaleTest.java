package io.warden.server.persist;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warden.protocol.testing.Seeds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SnapshotBench} at 100 000 and 1 000 000 znodes, only under {@code -Dwarden.soak=true}
 * (about a minute and 1.5 GB of heap): the loaded tree must equal the live one, and the numbers
 * go to the test output.
 */
class SnapshotScaleTest {
    @TempDir
    Path dir;

    @Test
    void largeTreesRoundTripAndAreMeasured() throws Exception {
        assumeTrue(Seeds.soak(), "soak only");
        for (int nodes : new int[] {100_000, 1_000_000}) {
            SnapshotBench.Result r = SnapshotBench.run(nodes, dir.resolve("n" + nodes));
            System.out.println(r);
            assertTrue(r.digestsEqual(), r.toString());
        }
    }
}
