package io.warden.compat.crash;

import io.warden.compat.harness.ChildJvm;
import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server in a child process: its stdout and stderr appended to one log file, started by
 * {@link #launch} which returns once the server serves (it answers {@code ruok} with {@code imok}
 * and {@code srvr} with a {@code Zxid:} line; a ZooKeeper that failed to load its database
 * answers {@code imok} but not {@code srvr}). A launch that loses the port to a socket that has
 * not yet been released is retried on the same port, bounded. A JVM shutdown hook kills the child
 * if the test JVM exits first.
 *
 * <p>Thread-safe: the {@link Process} handle is thread-safe and the other fields are final.
 */
final class ForkedProcess implements ServerUnderTest.Running {
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_BIND_ATTEMPTS = 10;
    private static final int MAX_POLLS = 10_000;

    private final Process process;
    private final Path logFile;
    private final long outputStart;
    private final Thread exitHook;

    private ForkedProcess(ChildJvm.Launch launch, Path logFile) {
        this.process = launch.process();
        this.logFile = logFile;
        this.outputStart = launch.outputStart();
        this.exitHook = launch.exitHook();
    }

    /** Starts {@code command} in {@code workDir} and waits until it serves {@code port}. */
    static ForkedProcess launch(String what, List<String> command, Path workDir, Path logFile,
            int port) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= MAX_BIND_ATTEMPTS; attempt++) {
            ForkedProcess started = startOnce(command, workDir, logFile, port);
            try {
                started.awaitServing(what, port, Deadline.after(START_TIMEOUT));
                return started;
            } catch (IOException | RuntimeException e) {
                started.killQuietly(e);
                boolean bindRace = !started.process.isAlive()
                        && (started.outputTail().contains("Address already in use")
                                || started.outputTail().contains("BindException"));
                if (!bindRace || !(e instanceof IOException io)) {
                    throw e;
                }
                last = io;
                sleep(Duration.ofMillis(500L * attempt));
            }
        }
        throw new IOException(what + ": port " + port + " stayed in use for " + MAX_BIND_ATTEMPTS
                + " attempts", last);
    }

    /** Starts {@code command} in {@code workDir} and returns at once (not waiting for it to serve). */
    static ForkedProcess spawn(List<String> command, Path workDir, Path logFile, int port)
            throws IOException {
        return startOnce(command, workDir, logFile, port);
    }

    private static ForkedProcess startOnce(List<String> command, Path workDir, Path logFile,
            int port) throws IOException {
        return new ForkedProcess(ChildJvm.start(command, workDir, logFile, "launch on port " + port,
                "kill-crash-server-" + port), logFile);
    }

    private void awaitServing(String what, int port, Deadline deadline) throws IOException {
        String last = "no answer yet";
        for (int poll = 0; poll < MAX_POLLS && !deadline.expired(); poll++) {
            if (!process.isAlive()) {
                throw new IOException(what + " (pid " + process.pid() + ") exited with code "
                        + process.exitValue() + " before serving; output:\n" + outputTail());
            }
            try {
                String ruok = FourLetterWords.send(FreePorts.LOOPBACK_HOST, port, "ruok", PROBE_TIMEOUT);
                if ("imok".equals(ruok)) {
                    String srvr = FourLetterWords.send(FreePorts.LOOPBACK_HOST, port, "srvr",
                            PROBE_TIMEOUT);
                    if (srvr.contains("Zxid: 0x")) {
                        return;
                    }
                    last = "srvr answered '" + srvr.strip() + "'";
                } else {
                    last = "ruok answered '" + ruok + "'";
                }
            } catch (IOException e) {
                last = e.toString();
            }
            sleep(POLL);
        }
        throw new IOException(what + " (pid " + process.pid() + ") not serving 127.0.0.1:" + port
                + " within " + deadline.budget() + "; last: " + last + "; output:\n" + outputTail());
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public void kill() throws IOException {
        process.destroyForcibly();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("pid " + process.pid() + " still alive " + EXIT_TIMEOUT
                        + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for pid " + process.pid() + " to exit", e);
        }
        ChildJvm.removeExitHook(exitHook);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String outputTail() {
        return ChildJvm.outputTail(logFile, outputStart);
    }

    private void killQuietly(Exception primary) {
        try {
            kill();
        } catch (IOException | RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    static void sleep(Duration duration) throws IOException {
        ChildJvm.sleep(duration);
    }
}
