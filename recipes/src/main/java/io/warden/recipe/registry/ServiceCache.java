package io.warden.recipe.registry;

import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.recipe.cache.CacheEvent;
import io.warden.recipe.cache.SubtreeCache;
import io.warden.recipe.support.ZPaths;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The instances of one service, cached: a {@link SubtreeCache} on {@code basePath/<name>} (so a
 * full resync follows every reconnect and every new session) whose direct children are decoded as
 * {@link ServiceInstance}s. Instances that do not decode are logged and left out.
 *
 * <p>Thread-safe; listeners run in the cache's serial context.
 */
public final class ServiceCache<T> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceCache.class.getName());

    private final String servicePath;
    private final PayloadCodec<T> codec;
    private final SubtreeCache cache;
    private final ConcurrentSkipListMap<String, ServiceInstance<T>> instances = new ConcurrentSkipListMap<>();
    private final CopyOnWriteArrayList<ServiceCacheListener<T>> listeners = new CopyOnWriteArrayList<>();

    ServiceCache(WardenClient client, String servicePath, PayloadCodec<T> codec) {
        this.servicePath = servicePath;
        this.codec = codec;
        this.cache = new SubtreeCache(client, servicePath);
        cache.addListener(this::onEvent);
    }

    /** Starts; completes after the initial load. */
    public CompletableFuture<Void> start() {
        return cache.start();
    }

    public boolean awaitInitialized(Duration timeout) throws InterruptedException {
        return cache.awaitInitialized(timeout);
    }

    /** The current instances, sorted by id (disabled ones included). */
    public List<ServiceInstance<T>> instances() {
        return List.copyOf(instances.values());
    }

    public void addListener(ServiceCacheListener<T> listener) {
        listeners.add(listener);
    }

    public void removeListener(ServiceCacheListener<T> listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        cache.close();
    }

    private void onEvent(CacheEvent event) {
        boolean changed = false;
        if (event instanceof CacheEvent.NodeAdded a) {
            changed = put(a.path(), a.data());
        } else if (event instanceof CacheEvent.NodeUpdated u) {
            changed = put(u.path(), u.data());
        } else if (event instanceof CacheEvent.NodeRemoved r) {
            changed = isInstancePath(r.path()) && instances.remove(ZPaths.name(r.path())) != null;
        } else if (event instanceof CacheEvent.Initialized || event instanceof CacheEvent.Resynced) {
            tell();
            return;
        }
        if (changed && cache.isInitialized()) {
            tell();
        }
    }

    private boolean isInstancePath(String path) {
        return servicePath.equals(ZPaths.parent(path));
    }

    private boolean put(String path, NodeData data) {
        if (!isInstancePath(path)) {
            return false;
        }
        String id = ZPaths.name(path);
        try {
            if (data.data() == null) {
                throw new IllegalArgumentException("no data");
            }
            instances.put(id, InstanceJson.fromBytes(data.bytes(), codec));
            return true;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ignoring instance {0}: {1}", path, e.toString());
            return instances.remove(id) != null;
        }
    }

    private void tell() {
        List<ServiceInstance<T>> now = instances();
        for (ServiceCacheListener<T> l : listeners) {
            try {
                l.cacheChanged(now);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "service cache listener threw", e);
            }
        }
    }
}
