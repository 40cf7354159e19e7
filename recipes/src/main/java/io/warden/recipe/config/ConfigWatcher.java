package io.warden.recipe.config;

import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.recipe.cache.CacheEvent;
import io.warden.recipe.cache.CacheListener;
import io.warden.recipe.cache.SubtreeCache;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Centralised configuration under one root, e.g. {@code /config}: every node below it is cached
 * (a {@link SubtreeCache}), read locally, decoded with a {@link Codec}, and watched with typed
 * listeners.
 *
 * <pre>{@code
 * ConfigWatcher config = ConfigWatcher.start(client, "/config");
 * config.awaitInitialized(Duration.ofSeconds(10));
 * Codec<Map<String, String>> kv = Codecs.keyValues(";", "=");
 * Map<String, String> db = config.get("/config/database", kv).orElseThrow();   // db_host, db_port
 * config.watch("/config/database", kv, change -> pool.reconfigure(change.current()));
 * }</pre>
 *
 * <p>Connection states: SUSPENDED keeps serving the cached values; RECONNECTED and a new session
 * after LOST trigger a full resync of the subtree, and every difference found reaches the
 * listeners as an ordinary change, so a listener never misses the latest value of a node, even if
 * it changed while we were disconnected (intermediate values may be skipped, as with any
 * ZooKeeper watch).
 *
 * <p>Thread-safe.
 */
public final class ConfigWatcher implements AutoCloseable {
    private final SubtreeCache cache;

    public ConfigWatcher(WardenClient client, String root) {
        this.cache = new SubtreeCache(client, root);
    }

    /** Creates a watcher on {@code root} and starts it (see {@link #awaitInitialized}). */
    public static ConfigWatcher start(WardenClient client, String root) {
        ConfigWatcher w = new ConfigWatcher(client, root);
        w.startAsync();
        return w;
    }

    /** Starts caching; completes when the initial load is done. */
    public CompletableFuture<Void> startAsync() {
        return cache.start();
    }

    /** Waits for the initial load; false on timeout. */
    public boolean awaitInitialized(Duration timeout) throws InterruptedException {
        return cache.awaitInitialized(timeout);
    }

    /**
     * The decoded value of {@code path}: empty if the node does not exist (or has null data).
     *
     * @throws ConfigException if the data does not decode
     */
    public <T> Optional<T> get(String path, Codec<T> codec) {
        Optional<NodeData> data = cache.get(path);
        if (data.isEmpty() || data.get().data() == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(codec.decode(data.get().bytes()));
        } catch (Exception e) {
            throw new ConfigException("cannot decode " + path, e);
        }
    }

    /** {@link #get} as UTF-8 text. */
    public Optional<String> getString(String path) {
        return get(path, Codecs.utf8());
    }

    /**
     * Calls {@code listener} with every later change of {@code path}, decoded (changes found by
     * the initial load arrive as SET if the watcher was not initialized yet). Close the returned
     * handle to stop.
     */
    public <T> AutoCloseable watch(String path, Codec<T> codec, ConfigListener<T> listener) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(listener, "listener");
        CacheListener adapter = event -> {
            ConfigChange<T> change = toChange(path, codec, event);
            if (change != null) {
                listener.changed(change);
            }
        };
        cache.addListener(adapter);
        return () -> cache.removeListener(adapter);
    }

    /** The underlying cache (every node, raw events). */
    public SubtreeCache cache() {
        return cache;
    }

    @Override
    public void close() {
        cache.close();
    }

    private static <T> ConfigChange<T> toChange(String path, Codec<T> codec, CacheEvent event) {
        if (event instanceof CacheEvent.NodeAdded a && a.path().equals(path)) {
            return decoded(path, null, a.data(), codec);
        }
        if (event instanceof CacheEvent.NodeUpdated u && u.path().equals(path)) {
            return decoded(path, u.previous(), u.data(), codec);
        }
        if (event instanceof CacheEvent.NodeRemoved r && r.path().equals(path)) {
            return new ConfigChange<>(path, ConfigChange.Kind.REMOVED, quietly(r.previous(), codec), null, null);
        }
        return null;
    }

    private static <T> ConfigChange<T> decoded(String path, NodeData previous, NodeData now, Codec<T> codec) {
        T before = quietly(previous, codec);
        if (now.data() == null) {
            return new ConfigChange<>(path, ConfigChange.Kind.SET, before, null, null);
        }
        try {
            return new ConfigChange<>(path, ConfigChange.Kind.SET, before, codec.decode(now.bytes()), null);
        } catch (Exception e) {
            return new ConfigChange<>(path, ConfigChange.Kind.INVALID, before, null, e);
        }
    }

    private static <T> T quietly(NodeData data, Codec<T> codec) {
        if (data == null || data.data() == null) {
            return null;
        }
        try {
            return codec.decode(data.bytes());
        } catch (Exception e) {
            return null;
        }
    }
}
