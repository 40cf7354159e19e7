package io.warden.recipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.warden.client.ClientConfig;
import io.warden.client.ConnectionState;
import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.client.testing.ChaosProxy;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Stat;
import io.warden.recipe.support.ProtectedNames;
import io.warden.recipe.support.ZPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the recipe scenarios that run against Warden (recipes) and real ZooKeeper 3.9.5
 * (compat-tests): one server per class (subclasses start it in {@code @BeforeAll}), a fresh base
 * znode per test, clients closed after each test, and checks that read the server: orphan nodes
 * left under the base, and which sessions watch which paths ({@code wchp}).
 *
 * <p>Thread-confined to the JUnit thread, except {@link #eventually} which only polls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class RecipeTestBase {
    protected static final Duration WAIT = Duration.ofSeconds(20);
    protected static final List<Acl> OPEN = Acl.OPEN_ACL_UNSAFE;
    /** Session timeout of test clients: long enough for a server restart, short for the tests. */
    protected static final int SESSION_TIMEOUT_MS = 10_000;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    protected String base;
    protected WardenClient admin;

    /** "host:port" of the server under test. */
    protected abstract String connectString();

    /** Stops the server and starts it again on the same port with the same data and sessions. */
    protected abstract void restartServer() throws Exception;

    @BeforeEach
    void createBase(TestInfo info) throws Exception {
        base = "/" + getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName() + "-"
                + SEQ.incrementAndGet();
        admin = client("admin");
        admin.blocking().create(base, null, OPEN, CreateMode.PERSISTENT);
    }

    @AfterEach
    void closeAll() {
        List<AutoCloseable> all = new ArrayList<>(closeables);
        closeables.clear();
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    /** Closes {@code c} after the test (in reverse order of registration). */
    protected <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    protected WardenClient client(String name) throws InterruptedException {
        return clientTo(connectString(), name, b -> { });
    }

    /** A connected client to {@code cs} (e.g. a proxy), closed after the test. */
    protected WardenClient clientTo(String cs, String name, Consumer<ClientConfig.Builder> tweak)
            throws InterruptedException {
        ClientConfig.Builder b = ClientConfig.builder(cs).sessionTimeoutMs(SESSION_TIMEOUT_MS)
                .maxReconnectDelayMs(100).closeTimeoutMs(2000).name(name);
        tweak.accept(b);
        WardenClient c = WardenClient.start(b.build());
        closeables.add(c);
        assertTrue(c.blocking().awaitConnected(WAIT), name + " connected to " + cs);
        return c;
    }

    /** A {@link ChaosProxy} to the server under test, closed after the test. */
    protected ChaosProxy chaosProxy() throws IOException {
        return closeLater(ChaosProxy.forConnectString(connectString()));
    }

    /** The address of the first host of {@link #connectString()}. */
    protected InetSocketAddress serverAddress() {
        String first = connectString().split(",")[0];
        int colon = first.lastIndexOf(':');
        return new InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    /** Sessions watching {@code path} according to the server ({@code wchp}); empty on any error. */
    protected Set<Long> watchersOf(String path) {
        try {
            return watchesUnder(path).getOrDefault(path, Set.of());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /**
     * Waits until {@code client} has run every callback for what the server sent it so far, and the
     * completions of the requests those callbacks sent: a read's reply comes after every earlier
     * notification and reply on the connection, its completion runs on the event thread after their
     * callbacks, and a second read sent from that completion is answered after the requests those
     * callbacks made. Use it before asserting that something did <em>not</em> happen (no extra
     * wake-up, leadership kept), instead of sleeping and hoping the machine was fast enough.
     */
    protected static void settle(WardenClient client) throws Exception {
        client.exists("/").thenCompose(first -> client.exists("/")).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * {@link #restartServer()}, then waits until {@link #admin} and each of {@code clients} has
     * reported RECONNECTED (or a new session): a client that has not even noticed the restart yet
     * would otherwise pass a "connected?" check and fail its next request with CONNECTIONLOSS.
     */
    protected void restartServerAndAwaitReconnected(WardenClient... clients) throws Exception {
        List<WardenClient> all = new ArrayList<>(List.of(clients));
        all.add(admin);
        List<List<ConnectionState>> states = new ArrayList<>();
        for (WardenClient c : all) {
            states.add(recordStates(c));
        }
        restartServer();
        for (int i = 0; i < all.size(); i++) {
            List<ConnectionState> s = states.get(i);
            String name = all.get(i).config().name();
            eventually(name + " reconnected after the restart", () -> s.contains(ConnectionState.RECONNECTED)
                    || s.contains(ConnectionState.CONNECTED));
        }
    }

    /** Records every later connection state of {@code client}. */
    protected static List<ConnectionState> recordStates(WardenClient client) {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.addConnectionStateListener((state, sessionId) -> states.add(state));
        return states;
    }

    /** Polls {@code condition} every 10 ms for up to {@link #WAIT}. */
    protected static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        eventually(what, WAIT, condition);
    }

    protected static void eventually(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long rounds = Math.max(1, timeout.toMillis() / 10);
        for (long i = 0; i < rounds; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("not within " + timeout + ": " + what);
    }

    /** Every node under {@code root} (itself included) with its Stat, depth first. */
    protected Map<String, Stat> tree(String root) throws KeeperException, InterruptedException {
        Map<String, Stat> out = new TreeMap<>();
        walk(root, out, 0);
        return out;
    }

    private void walk(String path, Map<String, Stat> out, int depth) throws KeeperException, InterruptedException {
        if (depth > 32) {
            fail("tree too deep at " + path);
        }
        Optional<Stat> stat = admin.blocking().exists(path);
        if (stat.isEmpty()) {
            return;
        }
        out.put(path, stat.get());
        List<String> children;
        try {
            children = admin.blocking().getChildren(path);
        } catch (KeeperException e) {
            if (e.code() == ErrorCode.NONODE) {
                return;
            }
            throw e;
        }
        for (String child : children) {
            walk(ZPaths.join(path, child), out, depth + 1);
        }
    }

    /** Ephemeral or protected-name nodes left under {@code root}. */
    protected List<String> orphans(String root) throws KeeperException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Stat> e : tree(root).entrySet()) {
            if (e.getValue().ephemeralOwner() != 0 || ProtectedNames.isProtected(ZPaths.name(e.getKey()))) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Waits until no ephemeral or protected-name node is left under {@code root}. */
    protected void assertNoOrphans(String root) throws Exception {
        List<String> last = List.of();
        for (int i = 0; i < 200; i++) {
            last = orphans(root);
            if (last.isEmpty()) {
                return;
            }
            Thread.sleep(25);
        }
        assertEquals(List.of(), last, "orphan nodes under " + root);
    }

    /** Children of {@code path} (sorted), or empty if it does not exist. */
    protected List<String> children(String path) throws KeeperException, InterruptedException {
        try {
            return admin.blocking().getChildren(path).stream().sorted().toList();
        } catch (KeeperException e) {
            if (e.code() == ErrorCode.NONODE) {
                return List.of();
            }
            throw e;
        }
    }

    /** {@link #children(String)} for polling lambdas: an empty list on any error. */
    protected List<String> childrenQuietly(String path) {
        try {
            return children(path);
        } catch (Exception e) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- server statistics

    /** Sends a four-letter word to the server under test and returns its answer. */
    protected String fourLetterWord(String word) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(serverAddress(), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** The server's watches ({@code wchp}): path to watching sessions, for paths under {@code root}. */
    protected Map<String, Set<Long>> watchesUnder(String root) throws IOException {
        Map<String, Set<Long>> out = new TreeMap<>();
        String current = null;
        for (String line : fourLetterWord("wchp").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("\t")) {
                if (current != null && ZPaths.isWithin(current, root)) {
                    out.computeIfAbsent(current, k -> new TreeSet<>())
                            .add(Long.parseUnsignedLong(line.trim().substring(2), 16));
                }
            } else {
                current = line.trim();
            }
        }
        return out;
    }
}
