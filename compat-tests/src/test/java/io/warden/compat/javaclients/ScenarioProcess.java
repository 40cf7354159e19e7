package io.warden.compat.javaclients;

import io.warden.compat.harness.Target;
import io.warden.compat.harness.Deadline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ClientScenarioMain} in a child JVM on a given class path (one official client
 * version) against a {@link Target}, serving its restart requests, and returns the
 * transcript it printed.
 *
 * <p>The child's stderr (client logs) goes to a file; its stdout is read by a daemon thread into
 * a bounded queue. The whole run is bounded by {@link #RUN_TIMEOUT}; on overrun the child is
 * killed through its own {@link Process} handle. Stateless and thread-safe.
 */
final class ScenarioProcess {
    /** Bound for one scenario run, restart included. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final int MAX_LINES = 10_000;
    private static final int LOG_TAIL_CHARS = 4000;

    /**
     * What one run produced.
     *
     * @param lines the transcript (stdout) lines, restart requests included
     * @param exitCode the child's exit code (0: the scenario passed)
     * @param log the tail of the child's stderr
     */
    record Result(List<String> lines, int exitCode, String log) {
        Result {
            lines = List.copyOf(lines);
        }
    }

    private ScenarioProcess() {}

    /**
     * Runs the scenario with {@code classPath} against {@code server} under {@code root}.
     *
     * @param jvmOptions extra -D options for the child (e.g. the Netty client socket)
     */
    static Result run(List<Path> classPath, List<String> jvmOptions, Target server, String root, Path logFile)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(ClientScenarioMain.class.getName());
        command.add(server.connectString());
        command.add(root);
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(logFile.toFile()))
                .start();
        Thread reaper = new Thread(process::destroyForcibly, "kill-client-scenario");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return drive(process, server, logFile);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // The JVM is shutting down: the hook runs and is harmless on a dead child.
            }
        }
    }

    private static Result drive(Process process, Target server, Path logFile)
            throws IOException, InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>(MAX_LINES);
        String eof = new String("EOF"); // identity marker, never equal by reference to a read line
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!lines.offer(line)) {
                        break;
                    }
                }
            } catch (IOException e) {
                lines.offer("READ ERROR " + e);
            } finally {
                lines.offer(eof);
            }
        }, "client-scenario-stdout");
        reader.setDaemon(true);
        reader.start();

        Deadline deadline = Deadline.after(RUN_TIMEOUT);
        List<String> transcript = new ArrayList<>();
        OutputStream stdin = process.getOutputStream();
        for (int i = 0; i < MAX_LINES; i++) {
            String line = lines.poll(deadline.remainingMs(1), TimeUnit.MILLISECONDS);
            if (line == null) {
                transcript.add("TIMEOUT after " + RUN_TIMEOUT);
                return new Result(transcript, -1, tail(logFile));
            }
            if (line == eof) {
                break;
            }
            transcript.add(line);
            if (line.equals(ClientScenarioMain.RESTART_REQUEST)) {
                server.restart();
                stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            }
        }
        if (!process.waitFor(deadline.remainingMs(1), TimeUnit.MILLISECONDS)) {
            transcript.add("TIMEOUT waiting for exit");
            return new Result(transcript, -1, tail(logFile));
        }
        return new Result(transcript, process.exitValue(), tail(logFile));
    }

    private static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - LOG_TAIL_CHARS);
            byte[] bytes = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
