package io.warden.recipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.ClientTestSupport;
import io.warden.client.KeeperException;
import io.warden.client.NodeData;
import io.warden.client.WardenClient;
import io.warden.client.testing.ChaosProxy;
import io.warden.protocol.CreateMode;
import io.warden.recipe.cache.CacheEvent;
import io.warden.recipe.cache.SubtreeCache;
import io.warden.recipe.json.JsonValue;
import io.warden.recipe.testing.RecipeTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The config watcher and its subtree cache, against Warden (recipes) and real ZooKeeper 3.9.5
 * (compat-tests): the walkthrough's {@code /config/database} example, the initial load and later
 * events, typed values and invalid data, and full resyncs after a reconnect and after a lost
 * session during which the subtree changed (the cache must end equal to the server).
 */
public abstract class AbstractConfigWatcherTest extends RecipeTestBase {
    private static final Codec<Map<String, String>> KV = Codecs.keyValues(";", "=");

    private String config() {
        return base + "/config";
    }

    private void create(String path, String data, CreateMode mode) throws Exception {
        admin.blocking().create(path, data == null ? null : data.getBytes(StandardCharsets.UTF_8), OPEN, mode);
    }

    private void set(String path, String data) throws Exception {
        admin.blocking().setData(path, data.getBytes(StandardCharsets.UTF_8), -1);
    }

    @Test
    void walkthroughServicesReadTheDatabaseConfigAndReactToChanges() throws Exception {
        WardenClient operator = client("operator");
        operator.blocking().create(config(), "".getBytes(), OPEN, CreateMode.PERSISTENT);
        operator.blocking().create(config() + "/database", "db_host=localhost;db_port=5432".getBytes(), OPEN,
                CreateMode.EPHEMERAL);
        List<ConfigWatcher> services = new ArrayList<>();
        List<ConfigChange<Map<String, String>>> changes = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 2; i++) {
            ConfigWatcher service = closeLater(ConfigWatcher.start(client("service" + i), config()));
            assertTrue(service.awaitInitialized(WAIT));
            assertEquals(Map.of("db_host", "localhost", "db_port", "5432"), service.get(config() + "/database", KV)
                    .orElseThrow());
            assertEquals("db_host=localhost;db_port=5432", service.getString(config() + "/database").orElseThrow());
            service.watch(config() + "/database", KV, changes::add);
            services.add(service);
        }
        operator.blocking().setData(config() + "/database", "db_host=localhost;db_port=5433".getBytes(), -1);
        eventually("both services told", () -> changes.size() == 2);
        for (ConfigChange<Map<String, String>> c : changes) {
            assertEquals(ConfigChange.Kind.SET, c.kind());
            assertEquals("5432", c.previous().get("db_port"));
            assertEquals("5433", c.current().get("db_port"));
        }
        for (ConfigWatcher s : services) {
            assertEquals("5433", s.get(config() + "/database", KV).orElseThrow().get("db_port"));
        }
        operator.close(); // the ephemeral node goes with the operator's session
        eventually("removal seen", () -> changes.size() == 4);
        assertEquals(ConfigChange.Kind.REMOVED, changes.get(3).kind());
        assertEquals("5433", changes.get(3).previous().get("db_port"));
        assertTrue(services.get(0).get(config() + "/database", KV).isEmpty());
    }

    @Test
    void initialLoadThenEventsInOrder() throws Exception {
        create(config(), null, CreateMode.PERSISTENT);
        create(config() + "/a", "1", CreateMode.PERSISTENT);
        create(config() + "/a/b", "2", CreateMode.PERSISTENT);
        create(config() + "/c", "3", CreateMode.PERSISTENT);
        SubtreeCache cache = closeLater(new SubtreeCache(client("watcher"), config()));
        List<CacheEvent> events = new CopyOnWriteArrayList<>();
        cache.addListener(events::add);
        cache.start().get();
        assertEquals(serverCopy(config()), cacheCopy(cache));
        assertEquals(new CacheEvent.Initialized(4), events.get(events.size() - 1));
        assertEquals(List.of("a", "c"), cache.childrenOf(config()));
        events.clear();
        // One change at a time: a node created and deleted before its read returns is never seen.
        create(config() + "/a/b/d", "4", CreateMode.PERSISTENT);
        eventually("added", () -> events.size() == 1);
        set(config() + "/c", "33");
        eventually("updated", () -> events.size() == 2);
        admin.blocking().delete(config() + "/a/b/d", -1);
        admin.blocking().delete(config() + "/a/b", -1);
        eventually("four events", () -> events.size() == 4);
        assertEquals(config() + "/a/b/d", ((CacheEvent.NodeAdded) events.get(0)).path());
        CacheEvent.NodeUpdated updated = (CacheEvent.NodeUpdated) events.get(1);
        assertEquals("3", updated.previous().utf8());
        assertEquals("33", updated.data().utf8());
        assertEquals(config() + "/a/b/d", ((CacheEvent.NodeRemoved) events.get(2)).path());
        assertEquals(config() + "/a/b", ((CacheEvent.NodeRemoved) events.get(3)).path());
        assertEquals(serverCopy(config()), cacheCopy(cache));
    }

    @Test
    void typedValuesAndInvalidData() throws Exception {
        create(config(), null, CreateMode.PERSISTENT);
        create(config() + "/port", "8080", CreateMode.PERSISTENT);
        create(config() + "/flags", "{\"beta\":true,\"ratio\":0.5}", CreateMode.PERSISTENT);
        ConfigWatcher w = closeLater(ConfigWatcher.start(client("w"), config()));
        assertTrue(w.awaitInitialized(WAIT));
        assertEquals(8080, w.get(config() + "/port", Codecs.integer()).orElseThrow());
        JsonValue.JsonObject flags = (JsonValue.JsonObject) w.get(config() + "/flags", Codecs.json()).orElseThrow();
        assertEquals(true, flags.bool("beta").orElseThrow());
        List<ConfigChange<Integer>> changes = new CopyOnWriteArrayList<>();
        w.watch(config() + "/port", Codecs.integer(), changes::add);
        set(config() + "/port", "not a number");
        eventually("invalid reported", () -> changes.size() == 1);
        assertEquals(ConfigChange.Kind.INVALID, changes.get(0).kind());
        assertEquals(8080, changes.get(0).previous());
        assertInstanceOf(NumberFormatException.class, changes.get(0).error());
        assertThrows(ConfigException.class, () -> w.get(config() + "/port", Codecs.integer()));
        set(config() + "/port", "9090");
        eventually("valid again", () -> changes.size() == 2);
        assertEquals(9090, changes.get(1).current());
        assertEquals(null, changes.get(1).previous(), "the invalid value has no decoded form");
    }

    @Test
    void resyncAfterReconnectCatchesChangesMadeWhileAway() throws Exception {
        create(config(), null, CreateMode.PERSISTENT);
        create(config() + "/keep", "k", CreateMode.PERSISTENT);
        create(config() + "/change", "old", CreateMode.PERSISTENT);
        create(config() + "/drop", "d", CreateMode.PERSISTENT);
        ChaosProxy proxy = closeLater(ChaosProxy.forConnectString(connectString()));
        WardenClient c = clientTo(proxy.connectString(), "watcher", b -> { });
        SubtreeCache cache = closeLater(new SubtreeCache(c, config()));
        List<CacheEvent> events = new CopyOnWriteArrayList<>();
        cache.addListener(events::add);
        cache.start().get();
        events.clear();
        proxy.refuseNew(true);
        proxy.dropAll();
        eventually("disconnected", () -> !c.state().isConnected());
        set(config() + "/change", "new");
        admin.blocking().delete(config() + "/drop", -1);
        create(config() + "/added", "a", CreateMode.PERSISTENT);
        create(config() + "/added/deep", "x", CreateMode.PERSISTENT);
        proxy.refuseNew(false);
        eventually("resynced", () -> events.stream().anyMatch(CacheEvent.Resynced.class::isInstance));
        assertEquals(serverCopy(config()), cacheCopy(cache));
        assertEquals(1, cache.resyncs());
        assertTrue(events.stream().anyMatch(e -> e instanceof CacheEvent.NodeRemoved r
                && r.path().equals(config() + "/drop") && r.previous().utf8().equals("d")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof CacheEvent.NodeUpdated u
                && u.path().equals(config() + "/change") && u.data().utf8().equals("new")), events.toString());
        // The watch still works after the resync.
        set(config() + "/keep", "k2");
        eventually("live again", () -> "k2".equals(cache.get(config() + "/keep").map(NodeData::utf8).orElse("")));
    }

    @Test
    void resyncAfterSessionLossReaddsTheWatch() throws Exception {
        create(config(), null, CreateMode.PERSISTENT);
        create(config() + "/x", "1", CreateMode.PERSISTENT);
        create(config() + "/y", "2", CreateMode.PERSISTENT);
        ChaosProxy proxy = closeLater(ChaosProxy.forConnectString(connectString()));
        WardenClient c = clientTo(proxy.connectString(), "watcher", b -> { });
        SubtreeCache cache = closeLater(new SubtreeCache(c, config()));
        List<CacheEvent> events = new CopyOnWriteArrayList<>();
        cache.addListener(events::add);
        cache.start().get();
        long session = c.sessionId();
        proxy.refuseNew(true);
        proxy.dropAll();
        eventually("disconnected", () -> !c.state().isConnected());
        ClientTestSupport.killSession(serverAddress(), session, c.sessionPassword().toByteArray());
        set(config() + "/x", "10");
        admin.blocking().delete(config() + "/y", -1);
        create(config() + "/z", "3", CreateMode.PERSISTENT);
        proxy.refuseNew(false);
        eventually("new session, resynced", () -> c.sessionId() != session && c.sessionId() != 0
                && events.stream().anyMatch(e -> e instanceof CacheEvent.Resynced r && r.reason().equals("new session")));
        assertEquals(serverCopy(config()), cacheCopy(cache));
        set(config() + "/z", "30");
        eventually("the watch was added again", () -> "30".equals(cache.get(config() + "/z").map(NodeData::utf8).orElse("")));
    }

    @Test
    void resyncAfterServerRestart() throws Exception {
        create(config(), null, CreateMode.PERSISTENT);
        create(config() + "/a", "1", CreateMode.PERSISTENT);
        ConfigWatcher w = closeLater(ConfigWatcher.start(client("w"), config()));
        assertTrue(w.awaitInitialized(WAIT));
        List<CacheEvent> events = new CopyOnWriteArrayList<>();
        w.cache().addListener(events::add);
        restartServer();
        eventually("resynced after the restart", () -> events.stream().anyMatch(CacheEvent.Resynced.class::isInstance));
        assertEquals(List.of(new CacheEvent.Resynced("reconnected", 0)),
                events.stream().filter(CacheEvent.Resynced.class::isInstance).toList(), "nothing changed meanwhile");
        set(config() + "/a", "2");
        eventually("events flow after the restart", () -> w.getString(config() + "/a").orElse("").equals("2"));
    }

    @Test
    void cacheConvergesUnderChurn() throws Exception {
        create(config(), null, CreateMode.PERSISTENT);
        SubtreeCache cache = closeLater(new SubtreeCache(client("watcher"), config()));
        cache.start().get();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        WardenClient writer = client("writer");
        List<String> names = List.of("a", "b", "c", "d", "e");
        for (int i = 0; i < 300; i++) {
            String path = config() + "/" + names.get(random.nextInt(names.size()));
            switch (random.nextInt(3)) {
                case 0 -> writer.create(path, ("v" + i).getBytes(), OPEN, CreateMode.PERSISTENT);
                case 1 -> writer.setData(path, ("v" + i).getBytes(), -1);
                default -> writer.delete(path, -1);
            }
        }
        writer.sync(config()).get();
        writer.create(config() + "/end", null, OPEN, CreateMode.PERSISTENT).get();
        eventually("the marker arrived", () -> cache.get(config() + "/end").isPresent());
        assertEquals(serverCopy(config()), cacheCopy(cache), "seed " + seed);
    }

    // ---------------------------------------------------------------- helpers

    /** Path to UTF-8 data (or "<null>") of every node under {@code root}, read from the server. */
    private Map<String, String> serverCopy(String root) throws KeeperException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
        for (String path : tree(root).keySet()) {
            String data = admin.blocking().getData(path).utf8();
            out.put(path, data == null ? "<null>" : data);
        }
        return out;
    }

    private static Map<String, String> cacheCopy(SubtreeCache cache) {
        Map<String, String> out = new TreeMap<>();
        cache.snapshot().forEach((path, d) -> out.put(path, d.data() == null ? "<null>" : d.utf8()));
        return out;
    }
}
