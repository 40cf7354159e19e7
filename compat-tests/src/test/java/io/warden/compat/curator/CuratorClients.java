package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.ZooKeeper;

/**
 * The Curator clients of one test, all connected to one {@link Target}, closed together at
 * the end of the test. Every client records its connection-state history ({@link StateLog}), so
 * tests can assert that a server restart was survived ({@code SUSPENDED} then
 * {@code RECONNECTED}, never {@code LOST}, same session) and that a forced expiry was noticed
 * ({@code LOST}, then a new session).
 *
 * <p>Settings: session timeout {@value #SESSION_TIMEOUT_MS} ms (well above a forked ZooKeeper's
 * restart time, so a restart never looks like an expiry to Curator's own LOST timer; on a loaded
 * 2-core machine a forked ZooKeeper once took over 14 s to stop, start and fsync its startup
 * snapshot, so 15 s was not enough; tests expire sessions explicitly, never by waiting), connection
 * timeout {@value #CONNECTION_TIMEOUT_MS} ms, exponential back-off from 100 ms, at most 12 retries
 * of at most 1 s each per operation.
 *
 * <p>Thread-safe: the registry is {@code synchronized}; the state logs are thread-safe.
 */
public final class CuratorClients implements AutoCloseable {
    public static final int SESSION_TIMEOUT_MS = 30_000;
    public static final int CONNECTION_TIMEOUT_MS = 8_000;
    static final int CONNECT_STRING_COPIES = 5;
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(20);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(45);

    private final Target server;
    private final Deque<CuratorFramework> clients = new ArrayDeque<>(); // guarded by this
    private final Map<CuratorFramework, StateLog> logs = new IdentityHashMap<>(); // guarded by this

    public CuratorClients(Target server) {
        this.server = server;
    }

    public Target server() {
        return server;
    }

    /**
     * The server {@value #CONNECT_STRING_COPIES} times. The ZooKeeper client gives each connection
     * attempt its session timeout divided by the number of hosts; a forked ZooKeeper 3.9.5 that is
     * restarting sometimes accepts a connection and never answers it (about once in 10-20
     * restarts, also seen by the crash test), and with one host the client would wait the whole
     * session timeout on that dead attempt and Curator would declare the session LOST. With
     * copies the attempt is abandoned after {@code SESSION_TIMEOUT_MS / CONNECT_STRING_COPIES} ms
     * and retried.
     */
    private String connectString() {
        return String.join(",", Collections.nCopies(CONNECT_STRING_COPIES, server.connectString()));
    }

    /** A started client with the default settings, connected. */
    public CuratorFramework connect() throws InterruptedException {
        return connect(b -> b);
    }

    /** A started client whose builder {@code custom} adjusted, connected. */
    public CuratorFramework connect(UnaryOperator<CuratorFrameworkFactory.Builder> custom)
            throws InterruptedException {
        CuratorFramework client = custom.apply(CuratorFrameworkFactory.builder()
                .connectString(connectString())
                .sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
                .retryPolicy(new ExponentialBackoffRetry(100, 12, 1000))).build();
        StateLog log = new StateLog();
        client.getConnectionStateListenable().addListener((c, state) -> log.add(state));
        synchronized (this) {
            clients.push(client);
            logs.put(client, log);
        }
        client.start();
        assertTrue(client.blockUntilConnected((int) CONNECT_WAIT.toSeconds(), TimeUnit.SECONDS),
                "Curator connected to " + server + " within " + CONNECT_WAIT);
        return client;
    }

    /** The connection-state history of {@code client}. */
    public synchronized StateLog states(CuratorFramework client) {
        StateLog log = logs.get(client);
        if (log == null) {
            throw new IllegalArgumentException("not one of ours: " + client);
        }
        return log;
    }

    /** The id of the session {@code client} currently holds. */
    public static long sessionId(CuratorFramework client) {
        return zooKeeper(client).getSessionId();
    }

    /**
     * Expires {@code client}'s session through the server ({@link SessionKiller}) and waits until
     * Curator has reported {@code LOST} and then {@code RECONNECTED} with a new session.
     */
    public void expire(CuratorFramework client) throws IOException, InterruptedException {
        StateLog log = states(client);
        int mark = log.size();
        ZooKeeper zk = zooKeeper(client);
        long before = zk.getSessionId();
        SessionKiller.expire(server.connectString(), before, zk.getSessionPasswd());
        Eventually.await("Curator reports LOST then RECONNECTED after the session was closed",
                RECOVERY_WAIT, () -> log.containsInOrder(mark, ConnectionState.LOST, ConnectionState.RECONNECTED),
                () -> log.since(mark).toString());
        Eventually.await("a new session", RECOVERY_WAIT, () -> sessionId(client) != before,
                () -> "0x" + Long.toHexString(sessionId(client)));
    }

    /**
     * Restarts the server and waits until every client of this test has reconnected to its old
     * session: {@code SUSPENDED} then {@code RECONNECTED}, no {@code LOST}, the same session id.
     */
    public void restartServer() throws IOException {
        List<CuratorFramework> all;
        synchronized (this) {
            all = new ArrayList<>(clients);
        }
        Map<CuratorFramework, Integer> marks = new IdentityHashMap<>();
        Map<CuratorFramework, Long> sessions = new IdentityHashMap<>();
        for (CuratorFramework c : all) {
            marks.put(c, states(c).size());
            sessions.put(c, sessionId(c));
        }
        server.restart();
        for (CuratorFramework c : all) {
            StateLog log = states(c);
            int mark = marks.get(c);
            Eventually.await("Curator reports SUSPENDED then RECONNECTED across the restart",
                    RECOVERY_WAIT, () -> log.containsInOrder(mark, ConnectionState.SUSPENDED,
                            ConnectionState.RECONNECTED), () -> log.since(mark).toString());
            assertTrue(c.getZookeeperClient().isConnected(), "connected after the restart");
            assertEquals(sessions.get(c), sessionId(c), "the session survived the restart");
            assertTrue(!log.since(mark).contains(ConnectionState.LOST),
                    "no LOST across the restart: " + log.since(mark));
        }
    }

    private static ZooKeeper zooKeeper(CuratorFramework client) {
        try {
            return client.getZookeeperClient().getZooKeeper();
        } catch (Exception e) {
            throw new IllegalStateException("no ZooKeeper handle", e);
        }
    }

    /** Closes every client, newest first. */
    @Override
    public void close() {
        List<CuratorFramework> all;
        synchronized (this) {
            all = new ArrayList<>(clients);
            clients.clear();
        }
        for (CuratorFramework c : all) {
            c.close();
        }
    }

    /** The connection states one client went through, in order. Thread-safe (synchronized). */
    public static final class StateLog {
        private static final int MAX_ENTRIES = 10_000;
        private final List<ConnectionState> states = new ArrayList<>(); // guarded by this

        public synchronized void add(ConnectionState state) {
            if (states.size() < MAX_ENTRIES) {
                states.add(state);
            }
        }

        public synchronized int size() {
            return states.size();
        }

        /** The states recorded from index {@code from} on. */
        public synchronized List<ConnectionState> since(int from) {
            return List.copyOf(states.subList(Math.min(from, states.size()), states.size()));
        }

        /** Whether {@code expected} occur in this order (not necessarily adjacent) from {@code from}. */
        public synchronized boolean containsInOrder(int from, ConnectionState... expected) {
            int next = 0;
            for (int i = from; i < states.size() && next < expected.length; i++) {
                if (states.get(i) == expected[next]) {
                    next++;
                }
            }
            return next == expected.length;
        }

        @Override
        public synchronized String toString() {
            return states.toString();
        }
    }
}
