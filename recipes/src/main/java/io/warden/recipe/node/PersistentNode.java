package io.warden.recipe.node;

import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.client.Watcher;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.recipe.internal.EventThreads;
import io.warden.recipe.internal.Failures;
import io.warden.recipe.internal.Parents;
import io.warden.recipe.internal.Serial;
import io.warden.recipe.support.Deadlines;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node kept present at {@code path} with our data: typically EPHEMERAL, so it disappears when we
 * do, yet comes back after a session loss (Curator's {@code PersistentNode}, for the plain modes).
 * It keeps an exists watch on the node: whoever deletes it, we create it again.
 *
 * <p>Connection states: SUSPENDED changes nothing; RECONNECTED checks the node (and re-creates it
 * if it went); LOST, then CONNECTED with a new session: created again (the old ephemeral died with
 * the old session). If the node exists but is another session's ephemeral (for instance our old
 * session, not yet expired on the server), we do not delete it: we watch it and create ours the
 * moment it goes. Missing parents are created as containers.
 *
 * <p>Thread-safe.
 */
public final class PersistentNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PersistentNode.class.getName());
    /** Attempts to create missing parents in a row before giving up. */
    static final int MAX_PARENT_ATTEMPTS = 10;

    private final WardenClient client;
    private final String path;
    private final CreateMode mode;
    private final List<Acl> acl;
    private final Serial serial = new Serial();
    private final CompletableFuture<Void> firstCreated = new CompletableFuture<>();
    private final AtomicLong creations = new AtomicLong();
    private final Watcher watcher = event -> serial.execute(this::check);
    private final ConnectionStateListener stateListener = this::onState;
    private volatile Bytes data;
    private volatile boolean present;
    private boolean started; // confined to serial
    private boolean closed; // confined to serial
    private int parentAttempts; // confined to serial

    public PersistentNode(WardenClient client, String path, CreateMode mode, byte[] data) {
        this(client, path, mode, data, Acl.OPEN_ACL_UNSAFE);
    }

    public PersistentNode(WardenClient client, String path, CreateMode mode, byte[] data, List<Acl> acl) {
        if (mode != CreateMode.EPHEMERAL && mode != CreateMode.PERSISTENT) {
            throw new IllegalArgumentException("EPHEMERAL or PERSISTENT, not " + mode);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.path = Objects.requireNonNull(path, "path");
        this.mode = mode;
        this.data = Bytes.copyOf(data);
        this.acl = List.copyOf(acl);
    }

    /** Starts keeping the node present (once). */
    public void start() {
        serial.execute(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            client.addConnectionStateListener(stateListener);
            create();
        });
    }

    /** Waits until the node has been created once; false on timeout. */
    public boolean awaitCreated(Duration timeout) throws InterruptedException {
        EventThreads.checkNotEventThread(client);
        try {
            firstCreated.get(Deadlines.nanos(timeout), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    /** Whether our node is there, as far as we know. */
    public boolean isPresent() {
        return present;
    }

    /** How many times we created the node. */
    public long creations() {
        return creations.get();
    }

    public String path() {
        return path;
    }

    /** Changes the data (now, and for every later re-creation). */
    public void setData(byte[] newData) throws KeeperException, InterruptedException {
        data = Bytes.copyOf(newData);
        try {
            client.blocking().setData(path, newData, -1);
        } catch (KeeperException e) {
            if (e.code() != ErrorCode.NONODE) {
                throw e;
            }
            serial.execute(this::create); // gone: it comes back with the new data
        }
    }

    /** Stops and deletes our node (if it is ours). */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        serial.execute(() -> {
            closed = true;
            present = false;
            client.removeConnectionStateListener(stateListener);
            client.exists(path).thenCompose(stat -> isOurs(stat)
                    ? client.delete(path, -1) : CompletableFuture.<Void>completedFuture(null))
                    .whenComplete((v, e) -> done.complete(null));
        });
        if (!client.isEventThread()) {
            try {
                done.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the node dies with the session in any case (ephemeral) or stays (persistent)
            }
        }
    }

    // ---------------------------------------------------------------- state machine (serial)

    private void create() {
        if (closed) {
            return;
        }
        Bytes d = data;
        client.create(path, d == null ? null : d.toByteArray(), acl, mode).whenComplete((p, e) -> serial.execute(() -> {
            if (closed) {
                if (e == null) {
                    client.delete(path, -1);
                }
                return;
            }
            if (e == null) {
                parentAttempts = 0;
                creations.incrementAndGet();
                created();
                watch();
                return;
            }
            ErrorCode code = Failures.code(e);
            if (code == ErrorCode.NODEEXISTS) {
                check();
            } else if (code == ErrorCode.NONODE && parentAttempts++ < MAX_PARENT_ATTEMPTS) {
                Parents.ensureParentsOf(client, path, CreateMode.CONTAINER, acl)
                        .whenComplete((v, pe) -> serial.execute(this::create));
            } else if (Failures.isConnectionProblem(e)) {
                client.whenConnected().thenRun(() -> serial.execute(this::check));
            } else if (code != ErrorCode.SESSIONEXPIRED) {
                LOG.log(Level.WARNING, "cannot create {0}: {1}", path, Failures.unwrap(e));
            }
            // SESSIONEXPIRED: the CONNECTED of the new session starts over.
        }));
    }

    /** Looks at the node (setting the watch) and acts. */
    private void check() {
        if (closed) {
            return;
        }
        client.exists(path, watcher).whenComplete((stat, e) -> serial.execute(() -> {
            if (closed || e != null) {
                return; // connection trouble: RECONNECTED / CONNECTED brings us back here
            }
            if (stat.isEmpty()) {
                present = false;
                create();
            } else if (isOurs(stat)) {
                created();
            } else {
                present = false; // another session's ephemeral: the watch tells us when it goes
            }
        }));
    }

    private void watch() {
        client.exists(path, watcher);
    }

    private boolean isOurs(Optional<Stat> stat) {
        if (stat.isEmpty()) {
            return false;
        }
        return mode == CreateMode.PERSISTENT || stat.get().ephemeralOwner() == client.sessionId();
    }

    private void created() {
        present = true;
        firstCreated.complete(null);
    }

    private void onState(ConnectionState state, long sessionId) {
        if (state == ConnectionState.RECONNECTED || state == ConnectionState.CONNECTED) {
            serial.execute(this::check);
        } else if (state == ConnectionState.LOST && mode == CreateMode.EPHEMERAL) {
            present = false;
        }
    }
}
