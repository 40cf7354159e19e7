package io.warden.recipe.registry;

import io.warden.client.ConnectionState;
import io.warden.client.ConnectionStateListener;
import io.warden.client.KeeperException;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.recipe.internal.Failures;
import io.warden.recipe.internal.Parents;
import io.warden.recipe.support.ZPaths;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Service registration and discovery with curator-x-discovery's layout: an instance is the znode
 * {@code basePath/<name>/<id>} holding its JSON ({@link InstanceJson}); dynamic instances are
 * ephemeral, static and permanent ones persistent; missing parents are created as containers.
 * Curator's {@code ServiceDiscovery} on the same base path sees our instances and we see its.
 *
 * <pre>{@code
 * ServiceRegistry<String> registry = new ServiceRegistry<>(client, "/services", PayloadCodec.string());
 * registry.register(ServiceInstance.<String>builder("orders", "orders-1")
 *         .address("10.0.0.5").port(8080).uriSpec("{scheme}://{address}:{port}").build());
 * try (ServiceProvider<String> orders = registry.provider("orders", ProviderStrategy.roundRobin())) {
 *     orders.start().join();
 *     String uri = orders.instance().orElseThrow().buildUri();
 * }
 * }</pre>
 *
 * <p><b>Connection states.</b> SUSPENDED changes nothing. RECONNECTED: each of our dynamic
 * instances is checked and re-created if its node is gone or belongs to another session. LOST,
 * then CONNECTED with a new session: every dynamic instance is registered again (the old nodes died
 * with the old session; a node the server still holds for it is replaced), as Curator does.
 *
 * <p>Thread-safe. {@code DYNAMIC_SEQUENTIAL} instances are not supported (their retry after a lost
 * reply would need protected names that Curator's readers do not expect).
 */
public final class ServiceRegistry<T> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceRegistry.class.getName());
    /** Attempts of one registration before it fails. */
    static final int MAX_ATTEMPTS = 10;
    private static final long WAIT_MS = 30_000;

    private final WardenClient client;
    private final String basePath;
    private final PayloadCodec<T> codec;
    private final List<Acl> acl;
    private final Map<String, ServiceInstance<T>> mine = new ConcurrentHashMap<>();
    private final AtomicLong reRegistrations = new AtomicLong();
    private final ConnectionStateListener stateListener = this::onState;
    private volatile long knownSession;
    private volatile boolean closed;

    public ServiceRegistry(WardenClient client, String basePath, PayloadCodec<T> codec) {
        this(client, basePath, codec, Acl.OPEN_ACL_UNSAFE);
    }

    public ServiceRegistry(WardenClient client, String basePath, PayloadCodec<T> codec, List<Acl> acl) {
        this.client = Objects.requireNonNull(client, "client");
        this.basePath = Objects.requireNonNull(basePath, "basePath");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.acl = List.copyOf(acl);
        this.knownSession = client.sessionId();
        client.addConnectionStateListener(stateListener);
    }

    /** Registers (or replaces) {@code instance}; waits for the server. */
    public void register(ServiceInstance<T> instance) throws KeeperException, InterruptedException {
        client.blocking().await(registerAsync(instance));
    }

    public CompletableFuture<Void> registerAsync(ServiceInstance<T> instance) {
        if (instance.serviceType() == ServiceType.DYNAMIC_SEQUENTIAL) {
            throw new UnsupportedOperationException("DYNAMIC_SEQUENTIAL instances are not supported");
        }
        if (closed) {
            throw new IllegalStateException("registry closed");
        }
        if (knownSession == 0) {
            knownSession = client.sessionId();
        }
        mine.put(key(instance), instance);
        return put(instance, 0);
    }

    /** Replaces the data of a registered instance (registering it if its node is gone). */
    public void update(ServiceInstance<T> instance) throws KeeperException, InterruptedException {
        if (!mine.containsKey(key(instance))) {
            throw new IllegalArgumentException("not registered here: " + key(instance));
        }
        mine.put(key(instance), instance);
        CompletableFuture<Void> done = client.setData(path(instance), InstanceJson.toBytes(instance, codec), -1)
                .handle((stat, e) -> e)
                .thenCompose(e -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    if (Failures.is(e, ErrorCode.NONODE)) {
                        return put(instance, 0);
                    }
                    return CompletableFuture.failedFuture(Failures.unwrap(e));
                });
        client.blocking().await(done);
    }

    /** Removes {@code instance} (ours or anyone's with that name and id). */
    public void unregister(ServiceInstance<T> instance) throws KeeperException, InterruptedException {
        mine.remove(key(instance));
        client.blocking().await(delete(path(instance), 0));
    }

    /** Service names under the base path, sorted. */
    public List<String> queryForNames() throws KeeperException, InterruptedException {
        return client.blocking().await(children(basePath));
    }

    /** Every instance of {@code name} that decodes, sorted by id. */
    public List<ServiceInstance<T>> queryForInstances(String name) throws KeeperException, InterruptedException {
        return client.blocking().await(queryForInstancesAsync(name));
    }

    public CompletableFuture<List<ServiceInstance<T>>> queryForInstancesAsync(String name) {
        String dir = ZPaths.join(basePath, name);
        return children(dir).thenCompose(ids -> {
            List<CompletableFuture<Optional<ServiceInstance<T>>>> reads = new ArrayList<>();
            for (String id : ids) {
                reads.add(read(ZPaths.join(dir, id)));
            }
            return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
                    .thenApply(v -> reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList());
        });
    }

    /** One instance, if it exists and decodes. */
    public Optional<ServiceInstance<T>> queryForInstance(String name, String id)
            throws KeeperException, InterruptedException {
        return client.blocking().await(read(ZPaths.join(ZPaths.join(basePath, name), id)));
    }

    /** A cache of the instances of {@code name} (call {@link ServiceCache#start()}). */
    public ServiceCache<T> cache(String name) {
        return new ServiceCache<>(client, ZPaths.join(basePath, name), codec);
    }

    /** A provider for {@code name} using {@code strategy} (call {@link ServiceProvider#start()}). */
    public ServiceProvider<T> provider(String name, ProviderStrategy<T> strategy) {
        return new ServiceProvider<>(cache(name), strategy);
    }

    /** Times our instances were registered again after a reconnect or a new session. */
    public long reRegistrations() {
        return reRegistrations.get();
    }

    /** Unregisters our instances (waiting a bounded time) and stops re-registering. */
    @Override
    public void close() {
        closed = true;
        client.removeConnectionStateListener(stateListener);
        List<CompletableFuture<Void>> deletes = new ArrayList<>();
        for (ServiceInstance<T> i : List.copyOf(mine.values())) {
            mine.remove(key(i));
            deletes.add(delete(path(i), 0));
        }
        try {
            CompletableFuture.allOf(deletes.toArray(new CompletableFuture<?>[0])).get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "unregistering at close: {0}", e.toString());
        }
    }

    // ---------------------------------------------------------------- internals

    private String key(ServiceInstance<T> i) {
        return i.name() + "/" + i.id();
    }

    private String path(ServiceInstance<T> i) {
        return ZPaths.join(ZPaths.join(basePath, i.name()), i.id());
    }

    private static CreateMode mode(ServiceInstance<?> i) {
        return i.serviceType().isDynamic() ? CreateMode.EPHEMERAL : CreateMode.PERSISTENT;
    }

    /** Creates the instance's node, replacing a stale one; bounded retries. */
    private CompletableFuture<Void> put(ServiceInstance<T> instance, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            return CompletableFuture.failedFuture(new KeeperException(ErrorCode.SYSTEMERROR, path(instance), List.of(),
                    "gave up registering after " + MAX_ATTEMPTS + " attempts"));
        }
        String path = path(instance);
        byte[] bytes = InstanceJson.toBytes(instance, codec);
        return client.create(path, bytes, acl, mode(instance)).handle((p, e) -> e).thenCompose(e -> {
            if (e == null) {
                return CompletableFuture.completedFuture(null);
            }
            ErrorCode code = Failures.code(e);
            if (code == ErrorCode.NONODE) {
                return Parents.ensureParentsOf(client, path, CreateMode.CONTAINER, acl)
                        .thenCompose(v -> put(instance, attempt + 1));
            }
            if (code == ErrorCode.NODEEXISTS) {
                return replace(instance, path, bytes, attempt);
            }
            if (Failures.isConnectionProblem(e) || code == ErrorCode.SESSIONEXPIRED) {
                return client.whenConnected().thenCompose(v -> put(instance, attempt + 1));
            }
            return CompletableFuture.failedFuture(Failures.unwrap(e));
        });
    }

    /** The node exists: ours in this session gets the new data; anything else is replaced. */
    private CompletableFuture<Void> replace(ServiceInstance<T> instance, String path, byte[] bytes, int attempt) {
        return client.exists(path).thenCompose(stat -> {
            boolean ours = stat.isPresent() && stat.get().ephemeralOwner() == client.sessionId()
                    && mode(instance) == CreateMode.EPHEMERAL;
            if (ours) {
                return client.setData(path, bytes, -1).thenApply(s -> (Void) null);
            }
            if (stat.isPresent() && mode(instance) == CreateMode.PERSISTENT && stat.get().ephemeralOwner() == 0) {
                return client.setData(path, bytes, -1).thenApply(s -> (Void) null);
            }
            return delete(path, 0).thenCompose(v -> put(instance, attempt + 1));
        });
    }

    private CompletableFuture<Void> delete(String path, int attempt) {
        return client.delete(path, -1).handle((v, e) -> e).thenCompose(e -> {
            if (e == null || Failures.is(e, ErrorCode.NONODE)) {
                return CompletableFuture.completedFuture(null);
            }
            if (Failures.isConnectionProblem(e) && attempt < MAX_ATTEMPTS) {
                return client.whenConnected().thenCompose(v -> delete(path, attempt + 1));
            }
            return CompletableFuture.failedFuture(Failures.unwrap(e));
        });
    }

    private CompletableFuture<List<String>> children(String path) {
        return client.getChildren(path).handle((c, e) -> {
            if (e == null) {
                return c.stream().sorted().toList();
            }
            if (Failures.is(e, ErrorCode.NONODE)) {
                return List.<String>of();
            }
            throw new CompletionException(Failures.unwrap(e));
        });
    }

    private CompletableFuture<Optional<ServiceInstance<T>>> read(String path) {
        return client.getData(path).handle((d, e) -> {
            if (e != null) {
                if (Failures.is(e, ErrorCode.NONODE)) {
                    return Optional.empty();
                }
                throw new CompletionException(Failures.unwrap(e));
            }
            try {
                return Optional.of(InstanceJson.fromBytes(d.data() == null ? new byte[0] : d.bytes(), codec));
            } catch (Exception ex) {
                LOG.log(Level.WARNING, "ignoring instance {0}: {1}", path, ex.toString());
                return Optional.empty();
            }
        });
    }

    private void onState(ConnectionState state, long sessionId) {
        if (closed) {
            return;
        }
        switch (state) {
            case CONNECTED -> {
                if (sessionId != knownSession) {
                    knownSession = sessionId;
                    for (ServiceInstance<T> i : mine.values()) {
                        if (i.serviceType().isDynamic()) {
                            reRegister(i, "new session");
                        }
                    }
                }
            }
            case RECONNECTED -> {
                for (ServiceInstance<T> i : mine.values()) {
                    if (i.serviceType().isDynamic()) {
                        client.exists(path(i)).whenComplete((stat, e) -> {
                            if (e == null && (stat.isEmpty() || stat.get().ephemeralOwner() != client.sessionId())) {
                                reRegister(i, "node missing after reconnect");
                            }
                        });
                    }
                }
            }
            case SUSPENDED, LOST, READ_ONLY -> {
                // Nothing to do until a session can write again.
            }
        }
    }

    private void reRegister(ServiceInstance<T> instance, String why) {
        reRegistrations.incrementAndGet();
        put(instance, 0).whenComplete((v, e) -> {
            if (e != null) {
                LOG.log(Level.WARNING, "re-registering {0} ({1}) failed: {2}", key(instance), why, e.toString());
            } else if (!mine.containsKey(key(instance)) || closed) {
                delete(path(instance), 0); // unregistered meanwhile
            }
        });
    }
}
