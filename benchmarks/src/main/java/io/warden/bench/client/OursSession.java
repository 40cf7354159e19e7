package io.warden.bench.client;

import io.warden.bench.load.MonotonicClock;
import io.warden.client.ClientConfig;
import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * A session of our client, driven through its CompletableFuture API: each operation attaches one
 * {@code whenComplete} stage (run on the client's event thread). Threads: see {@link LoadSession};
 * the client itself is thread-safe.
 */
final class OursSession extends LoadSession {
    /** Session timeout asked of the server, as for the official client. */
    static final int SESSION_TIMEOUT_MS = 30_000;

    private final WardenClient client;

    private OursSession(WardenClient client, ClientWorkload workload, String dir, byte[] value,
            int inflight, MonotonicClock clock) {
        super(workload, dir, value, inflight, clock);
        this.client = client;
    }

    /** Opens a session to {@code 127.0.0.1:port} and waits until it is connected. */
    static OursSession open(int port, long timeoutMs, ClientWorkload workload, String dir, byte[] value,
            int inflight, MonotonicClock clock) throws IOException, InterruptedException {
        WardenClient c = connect(port, timeoutMs);
        return new OursSession(c, workload, dir, value, inflight, clock);
    }

    /** A connected client (closed again if it does not connect in time). */
    static WardenClient connect(int port, long timeoutMs) throws IOException, InterruptedException {
        WardenClient c = WardenClient.start(ClientConfig.builder("127.0.0.1:" + port)
                .sessionTimeoutMs(SESSION_TIMEOUT_MS).name("bench-ours").build());
        if (!c.blocking().awaitConnected(Duration.ofMillis(timeoutMs))) {
            c.close();
            throw new IOException("our client: no session with 127.0.0.1:" + port + " in " + timeoutMs + " ms");
        }
        return c;
    }

    @Override
    void getData(String path, long startNanos) {
        client.getData(path).whenComplete((r, t) -> done(errorName(t), startNanos));
    }

    @Override
    void setData(String path, byte[] data, long startNanos) {
        client.setData(path, data, -1).whenComplete((r, t) -> done(errorName(t), startNanos));
    }

    @Override
    void exists(String path, long startNanos) {
        client.exists(path).whenComplete((r, t) -> done(errorName(t), startNanos));
    }

    @Override
    void create(String path, byte[] data, long startNanos) {
        client.create(path, data, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
                .whenComplete((r, t) -> created(errorName(t), path, startNanos));
    }

    @Override
    void delete(String path, long startNanos) {
        client.delete(path, -1).whenComplete((r, t) -> done(errorName(t), startNanos));
    }

    private static String errorName(Throwable t) {
        if (t == null) {
            return null;
        }
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return cause instanceof KeeperException k ? k.code().name() : cause.getClass().getSimpleName();
    }

    @Override
    public void close() {
        client.close();
    }
}
