package io.warden.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.bench.load.MonotonicClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny end-to-end run of both clients against a forked real ZooKeeper 3.9.5. */
class ClientBenchMainTest {
    @Test
    void measuresBothClientsOnEveryWorkloadAndCleansUp(@TempDir Path out) throws Exception {
        System.setProperty("zookeeper.sasl.client", "false");
        ClientBenchOptions o = ClientBenchOptions.parse(new String[] {"--quick", "--clients", "1",
            "--rounds", "1", "--jvm-warmup-ms", "0", "--warmup-ms", "100", "--measure-ms", "300",
            "--heap-mb", "256", "--out", out.toString()});
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new ClientBenchMain(o, MonotonicClock.SYSTEM, new PrintStream(console, true, StandardCharsets.UTF_8))
                .run("test");
        String text = console.toString(StandardCharsets.UTF_8);
        String md = Files.readString(out.resolve("client-bench.md"));
        String json = Files.readString(out.resolve("client-bench.json"));
        for (ClientWorkload w : ClientWorkload.values()) {
            for (ClientKind k : ClientKind.values()) {
                // ops/s, three latencies, then a positive allocation per operation
                Pattern row = Pattern.compile("\\| " + w.label() + " \\| 1 \\| " + k.label()
                        + " \\| ([1-9][0-9]*) \\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| ([0-9]+) \\| [0-9.]+ \\|");
                Matcher m = row.matcher(md);
                assertTrue(m.find(), w + " " + k + ":\n" + md);
                assertTrue(Long.parseLong(m.group(2)) > 0, "allocation per op of " + k + " " + w);
            }
            assertTrue(md.matches("(?s).*\\| " + w.label() + " \\| 1 \\| [0-9]+\\.[0-9]{2} \\|.*"), md);
        }
        assertFalse(md.contains("Problems:"), md);
        assertEquals(8, count(json, "\"cleanup\": \"ok\""), json);
        assertFalse(json.contains("\"failure\": \""), json);
        assertTrue(text.contains("zookeeper ours create-delete x1 round 1: "), text);
        assertTrue(text.contains("zookeeper official create-delete x1 round 1: "), text);
    }

    @Test
    void quickPlanStaysUnderThreeMinutes() {
        ClientBenchOptions q = ClientBenchOptions.quickDefaults();
        long runs = (long) q.rounds() * q.cells().size() * ClientKind.values().length;
        long phasesMs = runs * (q.warmupMs() + q.measureMs()) + 2 * q.jvmWarmupMs();
        assertTrue(phasesMs <= 150_000, "quick phases take " + phasesMs + " ms");
        assertEquals(2, q.rounds(), "A B then B A");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
