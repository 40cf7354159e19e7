package io.warden.compat.peers;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ExternalPeers;
import io.warden.compat.harness.PeerProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One interactive zkCli.sh (the Debian 3.8.0 CLI) on a server, fed line by line on stdin as a
 * user types in a terminal. With stdin not a terminal the CLI prints "JLine support is disabled"
 * and no prompts, runs each line to completion before reading the next, prints results to stdout
 * and errors (and "Created /x") to stderr, and prints watch events asynchronously to stdout as
 * {@code WATCHER::} / {@code WatchedEvent state:... type:... path:...}.
 *
 * <p>{@link #run} knows a command is done by following it with a barrier, {@code stat} of a path
 * that never exists: when its "Node does not exist: /..." line appears on stderr, every earlier
 * command has finished and flushed its output.
 *
 * <p>Not thread-safe: confine to the test thread (the process handle itself is thread-safe).
 */
final class ZkCliSession implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final String CONNECTED_EVENT = "WatchedEvent state:SyncConnected type:None path:null";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String BARRIER_PREFIX = "/__warden_cli_barrier_";
    private static final String BARRIER_ANSWER = "Node does not exist: " + BARRIER_PREFIX;

    private final String name;
    private final PeerProcess process;
    private int barriers;
    private int stdoutMark;
    private int stderrMark;

    private ZkCliSession(String name, PeerProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code zkCli.sh -server connectString} and waits until its session is connected. */
    static ZkCliSession start(String name, String connectString) throws IOException {
        List<String> argv = List.of(ExternalPeers.requireZkCli().toString(), "-server", connectString);
        PeerProcess process = PeerProcess.start(argv,
                Map.of("CLIENT_JVMFLAGS", "-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"));
        ZkCliSession session = new ZkCliSession(name, process);
        try {
            if (!process.awaitOutput(CONNECTED_EVENT, START_TIMEOUT)) {
                throw new AssertionError(session.describe("did not connect to " + connectString));
            }
            session.run("");
            return session;
        } catch (IOException | RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    /**
     * Runs one command line and returns what it printed: stdout and stderr since the previous
     * {@code run}, without the barrier. Asynchronous watch events that arrived meanwhile are in
     * {@link Output#stdout()}; {@link Output#withoutEvents()} drops them.
     */
    Output run(String commandLine) throws IOException {
        int barrier = ++barriers;
        String barrierPath = BARRIER_PREFIX + barrier;
        if (!commandLine.isEmpty()) {
            process.writeLine(commandLine);
        }
        process.writeLine("stat " + barrierPath);
        String barrierLine = "Node does not exist: " + barrierPath + "\n";
        if (!process.awaitOutput(barrierLine, COMMAND_TIMEOUT)) {
            throw new AssertionError(describe("no answer to '" + commandLine + "' within " + COMMAND_TIMEOUT));
        }
        String out = process.stdout();
        String err = process.stderr();
        int barrierAt = err.indexOf(barrierLine, stderrMark);
        String stdout = out.substring(Math.min(stdoutMark, out.length()));
        String stderr = err.substring(Math.min(stderrMark, barrierAt), barrierAt);
        stdoutMark = out.length();
        stderrMark = barrierAt + barrierLine.length();
        return new Output(commandLine, stdout, withoutLogNoise(stderr));
    }

    /** Everything printed to stdout so far (commands and watch events). */
    String stdout() {
        return process.stdout();
    }

    /** Waits until stdout holds {@code needle} at least {@code count} times. */
    boolean awaitStdout(String needle, int count, Duration timeout) throws IOException {
        Deadline deadline = Deadline.after(timeout);
        long maxPolls = timeout.toMillis() / POLL.toMillis() + 2;
        for (long poll = 0; poll < maxPolls; poll++) {
            if (occurrences(process.stdout(), needle) >= count) {
                return true;
            }
            if (deadline.expired()) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return false;
    }

    /** Types {@code quit} and waits for the CLI to close its session and exit; returns its status. */
    PeerProcess.Result quit() throws IOException {
        process.writeLine("quit");
        process.closeStdin();
        return process.waitFor(COMMAND_TIMEOUT);
    }

    /** A message naming this session with its whole output, for assertion failures. */
    String describe(String problem) {
        return "zkCli session '" + name + "': " + problem + "\n--- stdout ---\n" + process.stdout()
                + "\n--- stderr ---\n" + withoutLogNoise(process.stderr());
    }

    @Override
    public void close() throws IOException {
        process.close();
    }

    static int occurrences(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    /** Drops the SLF4J start-up warnings, the barriers and blank lines from stderr text. */
    static String withoutLogNoise(String stderr) {
        StringBuilder kept = new StringBuilder();
        for (String line : stderr.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("SLF4J:") && !line.startsWith(BARRIER_ANSWER)) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    /**
     * What one command printed. {@code stdout} may hold watch events that arrived while it ran.
     * Immutable.
     */
    record Output(String command, String stdout, String stderr) {
        /** stdout without {@code WATCHER::} blocks (the blank line, the marker, the event). */
        String withoutEvents() {
            StringBuilder kept = new StringBuilder();
            String[] lines = stdout.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.equals("WATCHER::") || line.startsWith("WatchedEvent ")) {
                    continue;
                }
                if (line.isEmpty() && i + 1 < lines.length
                        && (lines[i + 1].equals("WATCHER::") || lines[i + 1].startsWith("WatchedEvent "))) {
                    continue;
                }
                kept.append(line).append(i + 1 < lines.length ? "\n" : "");
            }
            return kept.toString();
        }

        /** Both streams, for messages. */
        String describe() {
            return "'" + command + "' printed\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }
}
