package io.warden.compat.peers;

import io.warden.compat.harness.Deadline;
import io.warden.compat.harness.ExternalPeers;
import io.warden.compat.harness.PeerProcess;
import java.io.IOException;
import java.time.Duration;

/**
 * One interactive C client shell ({@code cli_mt}, Debian zookeeper-bin 3.8.0) on a server.
 * Most commands are asynchronous: the shell reads the next line at once and the completion is
 * printed later, on stderr, by the client's completion thread, which also prints watch events.
 * {@link #run} therefore follows each command with a barrier, an asynchronous {@code delete} of a
 * path that never exists: completions run in request order on one thread, so when the barrier's
 * {@code /path: rc = -101} line appears, everything the command printed is there too.
 *
 * <p>Not thread-safe: confine to the test thread.
 */
final class CClientSession implements AutoCloseable {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final String BARRIER_PREFIX = "/__warden_c_barrier_";

    private final String name;
    private final PeerProcess process;
    private int barriers;
    private int stderrMark;

    private CClientSession(String name, PeerProcess process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code cli_mt -h hostPort} and waits for its session. */
    static CClientSession start(String name, String hostPort) throws IOException {
        CClientSession session = new CClientSession(name, ExternalPeers.startCClient(hostPort));
        try {
            if (!session.process.awaitOutput("Got a new session id: 0x", COMMAND_TIMEOUT)) {
                throw new AssertionError(session.describe("no session from " + hostPort));
            }
            session.run("");
            return session;
        } catch (IOException | RuntimeException | AssertionError e) {
            session.close();
            throw e;
        }
    }

    /** Runs one command line and returns what it printed on stderr (events included). */
    String run(String commandLine) throws IOException {
        String barrierPath = BARRIER_PREFIX + ++barriers;
        if (!commandLine.isEmpty()) {
            process.writeLine(commandLine);
        }
        process.writeLine("delete " + barrierPath);
        String barrierLine = barrierPath + ": rc = -101\n";
        int at = awaitStderr(barrierLine);
        if (at < 0) {
            throw new AssertionError(describe("no answer to '" + commandLine + "' within " + COMMAND_TIMEOUT));
        }
        String printed = process.stderr().substring(stderrMark, at);
        stderrMark = at + barrierLine.length();
        return printed;
    }

    /**
     * Waits until stderr holds {@code needle} after what {@link #run} already returned; returns
     * true if it came. Does not move the mark: the next {@code run} returns it.
     */
    boolean awaitEvent(String needle) throws IOException {
        return awaitStderr(needle) >= 0;
    }

    /** Everything printed to stdout ({@code myid} prints there). */
    String stdout() {
        return process.stdout();
    }

    /** Types {@code quit} and waits for the shell to close its session and exit. */
    PeerProcess.Result quit() throws IOException {
        process.writeLine("quit");
        process.closeStdin();
        return process.waitFor(COMMAND_TIMEOUT);
    }

    String describe(String problem) {
        return "cli_mt session '" + name + "': " + problem + "\n--- stdout ---\n" + process.stdout()
                + "\n--- stderr ---\n" + process.stderr();
    }

    @Override
    public void close() throws IOException {
        process.close();
    }

    private int awaitStderr(String needle) throws IOException {
        Deadline deadline = Deadline.after(COMMAND_TIMEOUT);
        long maxPolls = COMMAND_TIMEOUT.toMillis() / POLL.toMillis() + 2;
        for (long poll = 0; poll < maxPolls; poll++) {
            int at = process.stderr().indexOf(needle, stderrMark);
            if (at >= 0 || deadline.expired()) {
                return at;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return -1;
    }
}
