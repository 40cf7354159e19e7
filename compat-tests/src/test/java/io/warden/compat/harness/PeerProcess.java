package io.warden.compat.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external peer process (zkCli.sh, cli_mt, python3) started by a test. Its stdout and stderr
 * go to temporary files (never a pipe nobody drains, so the child cannot block on a full pipe);
 * stdin stays open for {@link #writeLine} until {@link #closeStdin()}.
 *
 * <p>Every wait is bounded, and {@link #close()} (or a timed-out {@link #waitFor}) ends the process
 * with {@link Process#destroyForcibly()} on this handle only, never by name.
 *
 * <p>Thread-safe: methods are {@code synchronized} except the read-only output accessors, which
 * only read the output files.
 */
public final class PeerProcess implements AutoCloseable {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration DESTROY_WAIT = Duration.ofSeconds(10);
    private static final int MAX_OUTPUT_CHARS = 1 << 20;

    private final List<String> command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final OutputStream stdin;
    private boolean stdinClosed; // guarded by this

    private PeerProcess(List<String> command, Process process, Path stdoutFile, Path stderrFile) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
        this.stdin = process.getOutputStream();
    }

    /** Starts {@code command} with this JVM's environment plus {@code extraEnv}. */
    public static PeerProcess start(List<String> command, Map<String, String> extraEnv)
            throws IOException {
        Path stdoutFile = Files.createTempFile("warden-peer-", ".out");
        Path stderrFile = Files.createTempFile("warden-peer-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile());
        builder.environment().putAll(extraEnv);
        try {
            return new PeerProcess(command, builder.start(), stdoutFile, stderrFile);
        } catch (IOException e) {
            Files.deleteIfExists(stdoutFile);
            Files.deleteIfExists(stderrFile);
            throw new IOException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code command} to completion: writes {@code stdinText} (if not null) and closes
     * stdin, waits at most {@code timeout}, then kills the process if it is still running.
     */
    public static Result run(List<String> command, Map<String, String> extraEnv, String stdinText,
            Duration timeout) throws IOException {
        try (PeerProcess peer = start(command, extraEnv)) {
            if (stdinText != null) {
                peer.write(stdinText);
            }
            peer.closeStdin();
            return peer.waitFor(timeout);
        }
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Writes {@code line} and a newline to the process's stdin and flushes. */
    public synchronized void writeLine(String line) throws IOException {
        write(line + "\n");
    }

    /** Writes {@code text} to the process's stdin and flushes. */
    public synchronized void write(String text) throws IOException {
        if (stdinClosed) {
            throw new IllegalStateException("stdin already closed: " + command);
        }
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Closes stdin (the child sees EOF). Idempotent. */
    public synchronized void closeStdin() {
        if (!stdinClosed) {
            stdinClosed = true;
            try {
                stdin.close();
            } catch (IOException e) {
                // The child already exited and closed its end; nothing left to tell it.
            }
        }
    }

    /** Everything the process wrote to stdout so far (at most about 1 MiB). */
    public String stdout() {
        return readCapped(stdoutFile);
    }

    /** Everything the process wrote to stderr so far (at most about 1 MiB). */
    public String stderr() {
        return readCapped(stderrFile);
    }

    /**
     * Waits until stdout or stderr contains {@code needle}. Returns false when {@code timeout}
     * passes or the process exits without writing it.
     */
    public boolean awaitOutput(String needle, Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        long maxPolls = timeout.toMillis() / POLL_INTERVAL.toMillis() + 2;
        for (long poll = 0; poll < maxPolls; poll++) {
            boolean exited = !process.isAlive();
            if (stdout().contains(needle) || stderr().contains(needle)) {
                return true;
            }
            if (exited || deadline.expired()) {
                return false;
            }
            pause(POLL_INTERVAL);
        }
        return false;
    }

    /**
     * Waits at most {@code timeout} for the process to exit; if it does not, destroys it and
     * returns a result with {@link Result#timedOut()} set.
     */
    public synchronized Result waitFor(Duration timeout) throws IOException {
        boolean exited = awaitExit(timeout);
        if (!exited) {
            process.destroyForcibly();
            awaitExit(DESTROY_WAIT);
        }
        int exitCode = process.isAlive() ? Integer.MIN_VALUE : process.exitValue();
        return new Result(command, exitCode, !exited, stdout(), stderr());
    }

    /** Destroys the process if it still runs (bounded wait) and deletes the output files. */
    @Override
    public synchronized void close() throws IOException {
        closeStdin();
        if (process.isAlive()) {
            process.destroyForcibly();
            awaitExit(DESTROY_WAIT);
        }
        Files.deleteIfExists(stdoutFile);
        Files.deleteIfExists(stderrFile);
    }

    private boolean awaitExit(Duration timeout) throws IOException {
        try {
            return process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted waiting for " + command, e);
        }
    }

    private static String readCapped(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.length() <= MAX_OUTPUT_CHARS ? text : text.substring(0, MAX_OUTPUT_CHARS);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * How a peer process ended. {@code exitCode} is {@link Integer#MIN_VALUE} if it could not be
     * reaped even after SIGKILL. Immutable.
     */
    public record Result(List<String> command, int exitCode, boolean timedOut, String stdout,
            String stderr) {
        public Result {
            command = List.copyOf(command);
        }

        /** Whether it exited by itself with status 0. */
        public boolean succeeded() {
            return !timedOut && exitCode == 0;
        }

        /** The command, how it ended and its output, for assertion messages. */
        public String describe() {
            return command + (timedOut ? " timed out and was killed" : " exited " + exitCode)
                    + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }
}
