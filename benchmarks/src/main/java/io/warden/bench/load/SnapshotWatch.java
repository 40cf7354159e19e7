package io.warden.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Watches a server's data directory for snapshot files being written: every file whose name
 * contains "snap" (ZooKeeper's {@code version-2/snapshot.<zxid>}, Warden's snapshot files and
 * their temporaries) is polled for size; a snapshot is active from the poll that first sees the
 * file until the last poll that sees it grow, widened by one poll interval on each side. Knows
 * nothing about either server's internals, so it works for both.
 *
 * <p>Runs its own polling thread between {@link #start} and {@link #stop}; {@link #intervals} is
 * read after {@link #stop} (the join orders it).
 */
final class SnapshotWatch {
    static final long POLL_MS = 10;
    /** Bound on files tracked. */
    private static final int MAX_FILES = 10_000;

    /** An active snapshot: [{@code startNanos}, {@code endNanos}] on the clock, and its file. */
    record Interval(String file, long startNanos, long endNanos, long bytes) {
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    private final Path dir;
    private final MonotonicClock clock;
    private final Map<Path, long[]> seen = new HashMap<>(); // path -> {firstSeen, lastGrow, size}
    private final Map<Path, Long> before = new HashMap<>();
    private volatile boolean running;
    private Thread thread;

    SnapshotWatch(Path dir, MonotonicClock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    void start() {
        for (Map.Entry<Path, Long> e : scan().entrySet()) {
            before.put(e.getKey(), e.getValue());
        }
        running = true;
        thread = new Thread(this::poll, "snapshot-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            long now = clock.nanos();
            for (Map.Entry<Path, Long> e : scan().entrySet()) {
                Long old = before.get(e.getKey());
                if (old != null && old.equals(e.getValue())) {
                    continue; // there before the window and unchanged
                }
                long[] s = seen.get(e.getKey());
                if (s == null) {
                    if (seen.size() < MAX_FILES) {
                        seen.put(e.getKey(), new long[] {now, now, e.getValue()});
                    }
                } else if (s[2] != e.getValue()) {
                    s[1] = now;
                    s[2] = e.getValue();
                }
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Map<Path, Long> scan() {
        Map<Path, Long> out = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir, 4)) {
            files.filter(p -> p.getFileName().toString().toLowerCase().contains("snap"))
                    .forEach(p -> {
                        try {
                            if (Files.isRegularFile(p)) {
                                out.put(p, Files.size(p));
                            }
                        } catch (IOException e) {
                            // renamed or deleted between listing and stat: seen next poll
                        }
                    });
        } catch (IOException | RuntimeException e) {
            // a directory vanished mid-walk (a temporary renamed): try again next poll
        }
        return out;
    }

    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** The active snapshots seen, in order of start. */
    List<Interval> intervals() {
        long pad = POLL_MS * 1_000_000L;
        List<Interval> out = new ArrayList<>();
        seen.forEach((p, s) -> out.add(new Interval(dir.relativize(p).toString(), s[0] - pad,
                s[1] + pad, s[2])));
        out.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return out;
    }
}
