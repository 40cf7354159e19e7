package io.warden.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatsTest {
    @Test
    void readsCpuAndRssOfThisProcessAndMinusOneForNoProcess() {
        ProcStats p = new ProcStats();
        long pid = ProcessHandle.current().pid();
        assertTrue(p.cpuNanos(pid) > 0, "a JVM that ran tests has used CPU");
        assertTrue(p.rssBytes(pid) > 1 << 20, "a JVM has more than 1 MiB resident");
        assertEquals(-1, p.cpuNanos(Long.MAX_VALUE));
        assertEquals(-1, p.rssBytes(Long.MAX_VALUE));
        assertTrue(p.cpuResolutionNanos() > 0);
    }
}
