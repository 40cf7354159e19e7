package io.warden.compat.harness;

import java.io.IOException;
import java.nio.file.Path;
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

    private final Process process;
    private final Path logFile;
    private final long outputStart;
    private final int port;
    private final Thread exitHook;

    private ForkedZooKeeper(ChildJvm.Launch launch, Path logFile, int port) {
        this.process = launch.process();
        this.logFile = logFile;
        this.outputStart = launch.outputStart();
        this.port = port;
        this.exitHook = launch.exitHook();
    }

    /** Starts a child JVM serving {@code zooCfg} and returns once it is serving on {@code port}. */
    static ForkedZooKeeper launch(Path zooCfg, int port, Path dataDir, Path logFile,
            List<String> jvmArgs, Map<String, String> systemProperties, Deadline deadline)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.addAll(jvmArgs);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add(zooCfg.toString());

        ChildJvm.Launch launch = ChildJvm.start(command, zooCfg.getParent(), logFile,
                "launch on port " + port, "kill-forked-zookeeper-" + port);
        Process process = launch.process();
        ForkedZooKeeper instance = new ForkedZooKeeper(launch, logFile, port);
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
        return ChildJvm.outputTail(logFile, outputStart);
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
        ChildJvm.removeExitHook(exitHook);
    }
}
