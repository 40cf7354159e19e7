package io.warden.recipe.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.ClientTestSupport;
import io.warden.client.WardenClient;
import io.warden.protocol.data.Stat;
import io.warden.recipe.support.IdSource;
import io.warden.recipe.testing.RecipeTestBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The service registry against Warden (recipes) and real ZooKeeper 3.9.5 (compat-tests): the
 * znode layout and JSON of curator-x-discovery, queries, the cache and its listener, provider
 * strategies, and registrations across a reconnect, a server restart and a session loss.
 */
public abstract class AbstractRegistryTest extends RecipeTestBase {
    private String services() {
        return base + "/services";
    }

    private static ServiceInstance<String> orders(String id, int port) {
        return ServiceInstance.<String>builder("orders", id).address("10.0.0.1").port(port).payload("v-" + id)
                .registrationTimeUtc(1_700_000_000_000L).uriSpec("{scheme}://{address}:{port}/orders").build();
    }

    private ServiceRegistry<String> registry(WardenClient c) {
        return closeLater(new ServiceRegistry<>(c, services(), PayloadCodec.string()));
    }

    @Test
    void registerWritesCuratorsLayoutAndJson() throws Exception {
        WardenClient c = client("svc");
        ServiceRegistry<String> registry = registry(c);
        registry.register(orders("o-1", 8080));
        String path = services() + "/orders/o-1";
        Stat stat = admin.blocking().exists(path).orElseThrow();
        assertEquals(c.sessionId(), stat.ephemeralOwner(), "dynamic instances are ephemeral");
        assertEquals("{\"name\":\"orders\",\"id\":\"o-1\",\"address\":\"10.0.0.1\",\"port\":8080,\"sslPort\":null,"
                + "\"payload\":\"v-o-1\",\"registrationTimeUTC\":1700000000000,\"serviceType\":\"DYNAMIC\","
                + "\"uriSpec\":{\"parts\":[{\"value\":\"scheme\",\"variable\":true},{\"value\":\"://\",\"variable\":false},"
                + "{\"value\":\"address\",\"variable\":true},{\"value\":\":\",\"variable\":false},"
                + "{\"value\":\"port\",\"variable\":true},{\"value\":\"/orders\",\"variable\":false}]}}",
                admin.blocking().getData(path).utf8());
        ServiceRegistry<String> reader = registry(client("reader"));
        assertEquals(List.of("orders"), reader.queryForNames());
        assertEquals(List.of(orders("o-1", 8080)), reader.queryForInstances("orders"));
        assertEquals("http://10.0.0.1:8080/orders", reader.queryForInstance("orders", "o-1").orElseThrow().buildUri());
        assertEquals(Optional.empty(), reader.queryForInstance("orders", "nope"));
        registry.update(orders("o-1", 9090));
        assertEquals(9090, reader.queryForInstance("orders", "o-1").orElseThrow().port());
        registry.unregister(orders("o-1", 9090));
        assertEquals(List.of(), reader.queryForInstances("orders"));
    }

    @Test
    void cacheFollowsRegistrations() throws Exception {
        ServiceRegistry<String> registry = registry(client("svc"));
        registry.register(orders("o-1", 1));
        ServiceCache<String> cache = closeLater(registry(client("reader")).cache("orders"));
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        cache.addListener(list -> seen.add(list.stream().map(ServiceInstance::id).toList()));
        cache.start().get();
        assertEquals(List.of("o-1"), ids(cache.instances()));
        registry.register(orders("o-2", 2));
        eventually("o-2 cached", () -> ids(cache.instances()).equals(List.of("o-1", "o-2")));
        registry.update(orders("o-2", 22));
        eventually("update cached", () -> cache.instances().get(1).port() == 22);
        registry.unregister(orders("o-1", 1));
        eventually("o-1 gone", () -> ids(cache.instances()).equals(List.of("o-2")));
        assertEquals(List.of("o-1"), seen.get(0), "initial load");
        // The cache updates its view before it calls listeners, so the last call may trail instances().
        eventually("the listener told of o-1 leaving", () -> seen.get(seen.size() - 1).equals(List.of("o-2")));
    }

    @Test
    void providerStrategies() throws Exception {
        ServiceRegistry<String> registry = registry(client("svc"));
        for (String id : List.of("a", "b", "c")) {
            registry.register(orders(id, 1));
        }
        registry.register(orders("d", 1).withEnabled(false));
        ServiceRegistry<String> reader = registry(client("reader"));
        ServiceProvider<String> rr = closeLater(reader.provider("orders", ProviderStrategy.roundRobin()));
        rr.start().get();
        List<String> picks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picks.add(rr.instance().orElseThrow().id());
        }
        assertEquals(List.of("a", "b", "c", "a", "b", "c"), picks, "round robin; the disabled one is skipped");
        ServiceProvider<String> random = closeLater(reader.provider("orders", ProviderStrategy.random(IdSource.seeded(7))));
        random.start().get();
        Set<String> randomPicks = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            randomPicks.add(random.instance().orElseThrow().id());
        }
        assertEquals(Set.of("a", "b", "c"), randomPicks);
        ServiceProvider<String> sticky = closeLater(reader.provider("orders",
                ProviderStrategy.sticky(ProviderStrategy.roundRobin())));
        sticky.start().get();
        String first = sticky.instance().orElseThrow().id();
        for (int i = 0; i < 5; i++) {
            assertEquals(first, sticky.instance().orElseThrow().id());
        }
        registry.unregister(orders(first, 1));
        eventually("the stuck instance left", () -> sticky.enabled().size() == 2);
        String second = sticky.instance().orElseThrow().id();
        assertNotEquals(first, second);
        assertEquals(second, sticky.instance().orElseThrow().id());
    }

    @Test
    void reRegisteredAfterSessionExpiry() throws Exception {
        WardenClient c = client("svc");
        ServiceRegistry<String> registry = registry(c);
        registry.register(orders("o-1", 1));
        ServiceCache<String> cache = closeLater(registry(client("reader")).cache("orders"));
        cache.start().get();
        long old = c.sessionId();
        ClientTestSupport.forceSessionExpiry(c);
        eventually("re-registered by the new session", () -> {
            long now = c.sessionId();
            return now != 0 && now != old && ownerOf(services() + "/orders/o-1") == now;
        });
        assertTrue(registry.reRegistrations() >= 1);
        eventually("the cache has it again", () -> ids(cache.instances()).equals(List.of("o-1")));
        assertEquals(orders("o-1", 1), registry.queryForInstance("orders", "o-1").orElseThrow());
    }

    @Test
    void registrationSurvivesReconnectAndRestartUntouched() throws Exception {
        WardenClient c = client("svc");
        ServiceRegistry<String> registry = registry(c);
        registry.register(orders("o-1", 1));
        String path = services() + "/orders/o-1";
        Stat before = admin.blocking().exists(path).orElseThrow();
        ClientTestSupport.forceConnectionLoss(c);
        restartServerAndAwaitReconnected(c);
        Stat after = admin.blocking().exists(path).orElseThrow();
        assertEquals(before.czxid(), after.czxid(), "the same node: nothing was re-created");
        assertEquals(before.ephemeralOwner(), after.ephemeralOwner());
        settle(c); // the registry has handled the reconnection
        assertEquals(0, registry.reRegistrations());
    }

    @Test
    void permanentInstancesStayAndCloseUnregistersOurs() throws Exception {
        WardenClient c = client("svc");
        ServiceRegistry<String> registry = new ServiceRegistry<>(c, services(), PayloadCodec.string());
        ServiceInstance<String> permanent = ServiceInstance.<String>builder("batch", "b-1")
                .serviceType(ServiceType.PERMANENT).build();
        registry.register(permanent);
        registry.register(orders("o-1", 1));
        assertEquals(0, admin.blocking().exists(services() + "/batch/b-1").orElseThrow().ephemeralOwner());
        registry.close();
        assertEquals(List.of(), children(services() + "/orders"));
        assertEquals(List.of(), children(services() + "/batch"), "close unregisters permanent ones too");
        ServiceRegistry<Map<String, String>> maps = closeLater(new ServiceRegistry<>(c, services(),
                PayloadCodec.stringMap()));
        maps.register(ServiceInstance.<Map<String, String>>builder("kv", "k-1").payload(Map.of("zone", "eu")).build());
        assertEquals(Map.of("zone", "eu"), maps.queryForInstance("kv", "k-1").orElseThrow().payload());
        assertTrue(admin.blocking().getData(services() + "/kv/k-1").utf8()
                .contains("\"payload\":{\"@class\":\"java.util.LinkedHashMap\",\"zone\":\"eu\"}"));
        assertFalse(maps.queryForInstances("kv").isEmpty());
    }

    private long ownerOf(String path) {
        try {
            return admin.blocking().exists(path).map(Stat::ephemeralOwner).orElse(-1L);
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<String> ids(List<? extends ServiceInstance<?>> instances) {
        return instances.stream().map(ServiceInstance::id).toList();
    }
}
