package io.warden.compat.harness;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * What the forked servers ({@link ForkedZooKeeper} behind {@link RealZooKeeper},
 * {@link ForkedEnsemble}, and the crash tests' {@code io.warden.compat.crash.ForkedProcess}) do alike with a child JVM: start it with its stdout and stderr appended
 * to a log file after a marker line (remembering where this launch's output starts), stdin closed
 * and a JVM shutdown hook that SIGKILLs it; read the tail of this launch's output for error
 * messages; remove the hook once the child is gone; and sleep between polls.
 *
 * <p>Stateless; thread-safe.
 */
public final class ChildJvm {
    /** Characters of a launch's output shown in error messages. */
    static final int OUTPUT_TAIL_CHARS = 6000;

    private ChildJvm() {}

    /**
     * A started child: its process, the log file offset where its output starts, and the shutdown
     * hook registered for it.
     */
    public record Launch(Process process, long outputStart, Thread exitHook) {}

    /** The {@code java} launcher of the running JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Appends {@code "=== " + marker + ": " + command} to {@code logFile}, starts {@code command}
     * in {@code workDir} with stdout and stderr appended to {@code logFile}, closes its stdin and
     * registers a shutdown hook thread named {@code hookName} that SIGKILLs it.
     */
    public static Launch start(List<String> command, Path workDir, Path logFile, String marker, String hookName)
            throws IOException {
        Files.writeString(logFile, "=== " + marker + ": " + command + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long outputStart = Files.size(logFile);
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        process.getOutputStream().close();
        Thread exitHook = new Thread(process::destroyForcibly, hookName);
        Runtime.getRuntime().addShutdownHook(exitHook);
        return new Launch(process, outputStart, exitHook);
    }

    /** Removes a hook of {@link #start}; harmless while the JVM shuts down (the hook then runs on a dead child). */
    public static void removeExitHook(Thread exitHook) {
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook then runs and is harmless on a dead child.
        }
    }

    /**
     * The last {@link #OUTPUT_TAIL_CHARS} characters of {@code logFile} from {@code outputStart}
     * on (one launch's output), or a note saying why it cannot be read.
     */
    public static String outputTail(Path logFile, long outputStart) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long from = Math.max(outputStart, file.length() - OUTPUT_TAIL_CHARS);
            byte[] bytes = new byte[(int) Math.max(0, file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Sleeps between two polls; an interrupt is kept and turned into an {@link IOException}. */
    public static void sleep(Duration duration) throws IOException {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
