package io.warden.compat.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code ZooKeeperServerMain} in a child JVM started with this JVM's {@code java} and
 * test class path ({@code java.class.path}), with its own {@code -D} system properties. Needed
 * for crash tests ({@link #kill}: SIGKILL to the PID we started) and for JVM-wide settings such
 * as {@code zookeeper.extendedTypesEnabled}.
 *
 * <p>The child's stdout and stderr are appended to one log file; each launch first writes a
 * marker line and remembers where its own output starts, for error messages. A JVM shutdown hook
 * destroys the child if the test JVM exits without stopping it.
 *
 * <p>Thread-safe: the {@link Process} handle is thread-safe and the other fields are final.
 */
final class ForkedZooKeeper implements ServerInstance {
    private static final String MAIN_CLASS = "org.apache.zookeeper.server.ZooKeeperServerMain";
    private static final int OUTPUT_TAIL_CHARS = 6000;

    private final Process process;
    private final Path logFile;
    private final long outputStart;
    private final int port;
    private final Thread exitHook;

    private ForkedZooKeeper(Process process, Path logFile, long outputStart, int port) {
        this.process = process;
        this.logFile = logFile;
        this.outputStart = outputStart;
        this.port = port;
        this.exitHook = new Thread(process::destroyForcibly, "kill-forked-zookeeper-" + port);
    }

    /** Starts a child JVM serving {@code zooCfg} and returns once it is serving on {@code port}. */
    static ForkedZooKeeper launch(Path zooCfg, int port, Path dataDir, Path logFile,
            List<String> jvmArgs, Map<String, String> systemProperties, Deadline deadline)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add(zooCfg.toString());

        Files.writeString(logFile, "=== launch on port " + port + ": " + command + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long outputStart = Files.size(logFile);
        Process process = new ProcessBuilder(command)
                .directory(zooCfg.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        process.getOutputStream().close();
        ForkedZooKeeper instance = new ForkedZooKeeper(process, logFile, outputStart, port);
        Runtime.getRuntime().addShutdownHook(instance.exitHook);
        try {
            RealZooKeeper.awaitServing("forked ZooKeeper (pid " + process.pid() + ")", port,
                    dataDir, deadline, instance);
        } catch (IOException | RuntimeException e) {
            try {
                instance.kill(Duration.ofSeconds(10));
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return instance;
    }

    @Override
    public void stop(Duration timeout) throws IOException {
        process.destroy();
        if (!awaitExit(timeout)) {
            process.destroyForcibly();
            if (!awaitExit(timeout)) {
                throw new IOException("forked ZooKeeper pid " + process.pid()
                        + " did not exit within " + timeout + " after SIGTERM and SIGKILL");
            }
        }
        removeExitHook();
    }

    @Override
    public void kill(Duration timeout) throws IOException {
        process.destroyForcibly();
        if (!awaitExit(timeout)) {
            throw new IOException("forked ZooKeeper pid " + process.pid()
                    + " did not exit within " + timeout + " after SIGKILL");
        }
        removeExitHook();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public Optional<StartFailure> deathReason() {
        if (process.isAlive()) {
            return Optional.empty();
        }
        String output = outputTail();
        boolean portInUse = output.contains("Address already in use");
        return Optional.of(new StartFailure("forked ZooKeeper pid " + process.pid() + " on port "
                + port + " exited with code " + process.exitValue() + "; output:\n" + output,
                portInUse));
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
    }

    @Override
    public String outputTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(outputStart, file.length() - OUTPUT_TAIL_CHARS);
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private boolean awaitExit(Duration timeout) throws IOException {
        try {
            return process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted waiting for forked ZooKeeper pid " + process.pid(), e);
        }
    }

    private void removeExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook then runs and is harmless on a dead child.
        }
    }
}
