package io.warden.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.server.testing.RawClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as an operator runs it: {@code java -jar warden-server.jar port dataDir} serves
 * clients, prints its address, and stops cleanly on SIGTERM; a bad argument exits with code 2.
 * Runs in {@code mvn verify} (failsafe), after the jar is built.
 */
class ServerJarIT {
    private static final Pattern SERVING = Pattern.compile("serving on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private static Path jar() {
        String path = System.getProperty("warden.server.jar", "target/warden-server.jar");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), "the shaded jar exists: " + jar.toAbsolutePath());
        return jar;
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    @Test
    void servesClientsThenStopsCleanlyOnSigterm() throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process p = java("--clientPortAddress=127.0.0.1", "0", dir.resolve("data").toString())
                .redirectError(stderr.toFile()).start();
        try {
            int port = awaitPort(p);
            try (RawClient c = RawClient.session(port)) {
                assertEquals(0, c.ping().header().err());
                assertTrue(RawClient.fourLetterWord(port, "srvr").contains("Mode: standalone"));
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s");
            int code = p.exitValue();
            assertTrue(code == 0 || code == 143, "exit code " + code);
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                }
            }, "the port is closed");
            String log = Files.readString(stderr);
            assertTrue(log.contains("warden-server: stopped"), log);
            assertFalse(log.contains("Exception"), log);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void invalidArgumentsExitWithCode2AndOneLine() throws Exception {
        Process p = java("2181", dir.toString(), "not-a-number").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("warden-server: invalid value for tickTime: 'not-a-number' (expected an integer)\n", out);
    }

    /** Reads stdout until the "serving on" line (bounded), and keeps draining it afterwards. */
    private static int awaitPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // process ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        assertNotNull(null, "the server never printed its port");
        return -1;
    }
}
