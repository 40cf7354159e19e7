package io.warden.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    @Test
    void fullDefaultsCoverEveryWorkloadBothValueSizesAndThreeClientCounts() {
        LoadOptions o = LoadOptions.parse(new String[0]);
        assertFalse(o.quick());
        assertEquals(List.of(Workload.values()), o.workloads());
        assertEquals(List.of(100, 1024), o.valueSizesBytes());
        assertEquals(List.of(1, 8, 32), o.clientCounts());
        // exists, children, watch, connect and lock do not depend on the value: once each, at 100 B
        assertEquals((5 * 2 + 5) * 3, o.cells().size());
        assertTrue(o.cells().stream().filter(c -> c.workload() == Workload.EXISTS)
                .allMatch(c -> c.valueBytes() == 100));
    }

    @Test
    void quickKeepsEveryWorkloadAndClientCountButShortensTheRun() {
        LoadOptions o = LoadOptions.parse(new String[] {"--quick"});
        assertTrue(o.quick());
        assertEquals(10 * 3, o.cells().size());
        assertEquals(1, o.rounds());
        assertTrue(o.warmupMs() + o.measureMs() <= 2_000);
    }

    @Test
    void optionsOverrideDefaults() {
        LoadOptions o = LoadOptions.parse(new String[] {"--quick", "--workloads", "get,mixed",
            "--clients", "2", "--rounds", "3", "--targets", "zookeeper", "--warden-jar", "/x.jar",
            "--seed", "7"});
        assertEquals(List.of(Workload.GET, Workload.MIXED), o.workloads());
        assertEquals(List.of(2), o.clientCounts());
        assertEquals(3, o.rounds());
        assertEquals(List.of(Target.ZOOKEEPER), o.targets());
        assertEquals(Path.of("/x.jar"), o.wardenJar());
        assertEquals(7, o.seed());
    }

    @Test
    void unboundedOrUnknownSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--clients", "0"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--clients", "100000"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--inflight", "0"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--measure-ms", "99999999"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--workloads", "delete"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--bogus", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> LoadOptions.parse(new String[] {"--rounds"}));
    }
}
