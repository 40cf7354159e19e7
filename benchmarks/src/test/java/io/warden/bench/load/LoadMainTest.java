package io.warden.bench.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny end-to-end run against a forked real ZooKeeper, with Warden's jar missing. */
class LoadMainTest {
    @Test
    void measuresZooKeeperCleansUpAndReportsMissingWardenAsUnavailable(@TempDir Path out)
            throws Exception {
        System.setProperty("zookeeper.sasl.client", "false");
        LoadOptions o = LoadOptions.parse(new String[] {"--quick",
            "--workloads", "create,ephemeral-sequential,watch,connect,lock", "--values", "100", "--clients", "2", "--rounds", "1", "--warmup-ms", "100",
            "--measure-ms", "400", "--heap-mb", "256", "--warden-jar",
            out.resolve("no-such.jar").toString(), "--out", out.toString()});
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new LoadMain(o, MonotonicClock.SYSTEM, new PrintStream(console, true, StandardCharsets.UTF_8))
                .run("test");
        String text = console.toString(StandardCharsets.UTF_8);
        String md = Files.readString(out.resolve("load-results.md"));
        String json = Files.readString(out.resolve("load-results.json"));
        assertTrue(md.contains("warden: UNAVAILABLE, no Warden jar"), md);
        assertTrue(md.matches("(?s).*\\| create \\| 100 B \\| 2 \\| [1-9][0-9]* \\| n/a \\|.*"), md);
        assertTrue(md.matches("(?s).*\\| ephemeral-sequential \\| 100 B \\| 2 \\| [1-9][0-9]* \\|.*"), md);
        for (String w : new String[] {"watch", "connect", "lock"}) {
            assertTrue(md.matches("(?s).*\\| " + w + " \\| 100 B \\| 2 \\| [1-9][0-9]* \\|.*"), md);
        }
        assertTrue(md.contains("zookeeper: ZooKeeperServerMain 3.9.5") && md.contains("**durable: "), md);
        assertTrue(Files.exists(out.resolve("throughput.png")), "throughput plot");
        assertTrue(Files.exists(out.resolve("latency-cdf.png")), "latency plot");
        assertFalse(md.contains("Problems:"), md);
        assertTrue(json.contains("\"cleanup\": \"ok\""), json);
        assertFalse(json.contains("\"failure\": \"") , json);
        assertTrue(text.contains("zookeeper create 100B x2 round 1: "), text);
        assertFalse(text.contains("could not delete"), text);
    }
}
