package io.warden.bench.load;

import java.io.PrintStream;

/**
 * Progress lines on the console: which run of how many, elapsed time and an estimate of what is
 * left. Thread-confined to the coordinator thread.
 */
final class Progress {
    /** Minimum time between two in-run lines. */
    static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream out;
    private final MonotonicClock clock;
    private final long startNanos;
    private final int totalRuns;
    private int doneRuns;
    private long lastLineNanos;

    Progress(PrintStream out, MonotonicClock clock, int totalRuns) {
        this.out = out;
        this.clock = clock;
        this.startNanos = clock.nanos();
        this.totalRuns = totalRuns;
    }

    /** Prints a line now. */
    void line(String text) {
        long now = clock.nanos();
        lastLineNanos = now;
        out.printf("[%d/%d %s elapsed, ~%s left] %s%n", Math.min(doneRuns + 1, totalRuns), totalRuns,
                mmss(now - startNanos), eta(now), text);
        out.flush();
    }

    /** Prints a line if the last one is older than {@link #INTERVAL_NANOS}. */
    void tick(String text) {
        if (clock.nanos() - lastLineNanos >= INTERVAL_NANOS) {
            line(text);
        }
    }

    /** Marks one run done. */
    void runDone() {
        doneRuns++;
    }

    /** Marks runs that will not happen (a server unavailable) as done. */
    void skipped(int runs) {
        doneRuns += runs;
    }

    private String eta(long now) {
        if (doneRuns == 0) {
            return "?";
        }
        long perRun = (now - startNanos) / doneRuns;
        return mmss(perRun * (totalRuns - doneRuns));
    }

    static String mmss(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
