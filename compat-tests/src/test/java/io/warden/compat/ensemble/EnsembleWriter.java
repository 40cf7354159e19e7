package io.warden.compat.ensemble;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread creating persistent znodes {@code <dir>/<name>-<seq>} (data = the path) through one
 * client, one at a time with a pause of {@code pace} after each, and remembering every create that was acknowledged. A failed
 * create (connection loss during a failover, "node exists" after a retried create that had been
 * applied) is counted, paused on for {@link #RETRY_PAUSE} and not remembered: only acknowledged
 * writes must be read back.
 *
 * <p>Bounded: stops on {@link #stop()}, after {@link #MAX_ATTEMPTS} attempts, or after
 * {@link #MAX_RUN}. Thread-safe: the acknowledged set and counters are concurrent.
 */
final class EnsembleWriter implements AutoCloseable {
    /** Pause after a failed create, so a disconnected client does not spin. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(50);
    private static final long MAX_ATTEMPTS = 10_000_000L;
    private static final Duration MAX_RUN = Duration.ofMinutes(30);

    /** One create through some client; throws on any failure. */
    @FunctionalInterface
    interface Create {
        void create(String path, byte[] data) throws Exception;
    }

    private final String name;
    private final String dir;
    private final Create create;
    private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Duration pace;
    private final Thread thread;

    /** A writer pausing {@code pace} after each acknowledged create (keeps the load and read-back small). */
    EnsembleWriter(String name, String dir, Duration pace, Create create) {
        this.name = name;
        this.dir = dir;
        this.pace = pace;
        this.create = create;
        this.thread = new Thread(this::run, "ensemble-writer-" + name);
        this.thread.setDaemon(true);
    }

    /** Starts the writing thread. */
    EnsembleWriter start() {
        thread.start();
        return this;
    }

    /** Paths of the acknowledged creates so far. */
    List<String> acknowledged() {
        return List.copyOf(acknowledged.keySet());
    }

    /** How many creates were acknowledged so far. */
    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** How many creates failed so far. */
    long failedCount() {
        return failed.get();
    }

    /** The first few failure descriptions (for messages). */
    List<String> someFailures() {
        return List.copyOf(failures);
    }

    /** Asks the thread to stop and waits for it, at most {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        stopping.set(true);
        thread.join(Math.max(1, timeout.toMillis()));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(Math.max(1, timeout.toMillis()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(60));
    }

    private void run() {
        io.warden.compat.harness.Deadline deadline = io.warden.compat.harness.Deadline.after(MAX_RUN);
        for (long seq = 0; seq < MAX_ATTEMPTS && !stopping.get() && !deadline.expired(); seq++) {
            String path = dir + "/" + name + "-" + seq;
            try {
                create.create(path, path.getBytes(StandardCharsets.UTF_8));
                acknowledged.put(path, Boolean.TRUE);
                if (!pace.isZero()) {
                    Thread.sleep(pace.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed.incrementAndGet();
                if (failures.size() < 5) {
                    failures.add(path + ": " + e);
                }
                try {
                    Thread.sleep(RETRY_PAUSE.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "EnsembleWriter[" + name + ", acked " + acknowledgedCount() + ", failed " + failedCount() + "]";
    }
}
