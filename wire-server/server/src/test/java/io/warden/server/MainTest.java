package io.warden.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's error paths: one line on stderr, exit code 2 (or 1), no stack trace. */
class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> props, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), props);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLine(Run r, int code, String expected) {
        assertEquals(code, r.code(), r.err());
        assertTrue(r.err().endsWith("\n"), r.err());
        assertEquals(1, r.err().lines().count(), "exactly one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    @Test
    void invalidValuesExitWithCode2AndOneLine() throws Exception {
        assertOneLine(run(Map.of()), 2, "usage: java -jar warden-server.jar");
        assertOneLine(run(Map.of(), "2181", dir.toString(), "soon"),
                2, "warden-server: invalid value for tickTime: 'soon' (expected an integer)");
        assertOneLine(run(Map.of(), "-5", dir.toString()), 2, "invalid value for clientPort: '-5'");
        assertOneLine(run(Map.of(), dir.resolve("nope.cfg").toString()), 2, "nope.cfg not found");
        assertOneLine(run(Map.of("jute.maxbuffer", "x"), "2181", dir.toString()), 2,
                "invalid value for jute.maxbuffer: 'x'");
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir + "\nclientPort=2181\nminSessionTimeout=10\nmaxSessionTimeout=5\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "must not be larger than maxSessionTimeout");
    }

    @Test
    void aPortInUseExitsWithCode1AndOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Run r = run(Map.of(), "--clientPortAddress=127.0.0.1", String.valueOf(taken.getLocalPort()),
                    dir.toString());
            assertOneLine(r, 1, "warden-server: cannot start: cannot bind");
        }
    }

    @Test
    void anUncreatableDataDirExitsWithCode1() throws Exception {
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        assertOneLine(run(Map.of(), "--clientPortAddress=127.0.0.1", "0", file.resolve("sub").toString()), 1,
                "cannot create dataDir");
    }

    @Test
    void anUnresolvableClientPortAddressIsAnInvalidValue() {
        assertOneLine(run(Map.of(), "--clientPortAddress=no-such-host.invalid", "0", dir.toString()), 2,
                "invalid value for clientPortAddress: 'no-such-host.invalid' (cannot resolve it)");
    }

    @Test
    void anEnsembleConfigurationErrorExitsWithCode2AndOneLine() throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        String servers = "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n";
        // without myid: ZooKeeper's error (never a standalone server)
        Files.writeString(cfg, "dataDir=" + dir + "\nclientPort=0\ninitLimit=5\nsyncLimit=2\n" + servers);
        assertOneLine(run(Map.of(), cfg.toString()), 2, "warden-server: myid file is missing");
        // a myid that cannot be a session id's top byte (an observer's too): refused before anything starts
        Files.writeString(dir.resolve("myid"), "300\n");
        Files.writeString(cfg, "dataDir=" + dir + "\ntickTime=2000\ninitLimit=5\nsyncLimit=2\n"
                + "server.1=127.0.0.1:2888:3888:participant;2181\nserver.2=127.0.0.1:2889:3889:participant;2182\n"
                + "server.300=127.0.0.1:2890:3890:observer;2183\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "warden-server: myid must be between 1 and 255");
        assertFalse(Files.exists(dir.resolve("version-2")) || Files.exists(dir.resolve("raft-ensemble")),
                "refused before anything is created");
        // from a dynamicConfigFile too: myid 4 is not listed
        Files.writeString(dir.resolve("myid"), "4\n");
        Path dynamic = dir.resolve("zoo.cfg.dynamic.100000000");
        Files.writeString(dynamic, servers);
        Files.writeString(cfg, "dataDir=" + dir + "\nclientPort=0\ninitLimit=5\nsyncLimit=2\ndynamicConfigFile="
                + dynamic + "\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "My id 4 not in the peer list");
    }

    @Test
    void groupOfOneErrorsAreZooKeepersWithCode2() throws Exception {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "dataDir=" + dir + "\ninitLimit=5\nsyncLimit=2\nstandaloneEnabled=false\n"
                + "server.1=127.0.0.1:2888:3888;0\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "warden-server: myid file is missing");
        Files.writeString(dir.resolve("myid"), "one\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "warden-server: serverid one is not a number");
        Files.writeString(dir.resolve("myid"), "4\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "warden-server: My id 4 not in the peer list [1]");
        Files.writeString(cfg, "dataDir=" + dir + "\nclientPort=0\nserver.1=127.0.0.1:2888:2888\n");
        assertOneLine(run(Map.of(), cfg.toString()), 2, "peer port and election port must be different");
    }

    @Test
    void helpPrintsUsage() {
        Run r = run(Map.of(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: "));
    }
}
