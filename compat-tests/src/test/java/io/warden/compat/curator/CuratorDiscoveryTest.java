package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warden.compat.harness.Target;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.x.discovery.ServiceCache;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceProvider;
import org.apache.curator.x.discovery.UriSpec;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * curator-x-discovery on both servers: one client registers service instances (ephemeral
 * znodes holding JSON), another queries names and instances, uses a {@link ServiceProvider} and
 * a {@link ServiceCache}. Registrations survive a server restart untouched and are re-registered
 * by the new session after a forced expiry.
 */
class CuratorDiscoveryTest extends CuratorTestBase {

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void registerAndQueryInstances(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            ServiceInstance<String> orders1 = instance("orders", "o-1", 8080, "v1");
            try (ServiceDiscovery<String> registrar = discovery(a, "/svc", orders1);
                    ServiceDiscovery<String> reader = discovery(b, "/svc", null)) {
                registrar.start();
                reader.start();
                assertEquals(List.of("orders"), List.copyOf(reader.queryForNames()));
                Collection<ServiceInstance<String>> found = reader.queryForInstances("orders");
                assertEquals(1, found.size());
                ServiceInstance<String> got = found.iterator().next();
                assertEquals(orders1, got, "the instance round-trips through its znode");
                assertEquals("v1", got.getPayload());
                assertEquals("http://10.0.0.1:8080/orders", got.buildUriSpec());
                Stat node = b.checkExists().forPath("/svc/orders/o-1");
                assertEquals(CuratorClients.sessionId(a), node.getEphemeralOwner());

                try (ServiceProvider<String> provider = reader.serviceProviderBuilder().serviceName("orders").build();
                        ServiceCache<String> cache = reader.serviceCacheBuilder().name("orders").build()) {
                    provider.start();
                    cache.start();
                    assertEquals("o-1", provider.getInstance().getId());
                    ServiceInstance<String> orders2 = instance("orders", "o-2", 8081, "v2");
                    registrar.registerService(orders2);
                    Eventually.await("the cache sees the second instance", () -> cache.getInstances().size() == 2);
                    assertEquals(Set.of("o-1", "o-2"), ids(reader.queryForInstances("orders")));
                    orders2 = instance("orders", "o-2", 9090, "v3");
                    registrar.updateService(orders2);
                    Eventually.await("the cache sees the update",
                            () -> cache.getInstances().stream().anyMatch(i -> i.getPort() == 9090));
                    registrar.unregisterService(orders1);
                    Eventually.await("the cache drops the unregistered instance",
                            () -> ids(cache.getInstances()).equals(Set.of("o-2")));
                    assertEquals("o-2", provider.getInstance().getId());
                    assertEquals("v3", reader.queryForInstance("orders", "o-2").getPayload());
                }
            }
            Eventually.await("closing the registrar removes its instances",
                    () -> children(b, "/svc/orders").isEmpty());
            b.delete().deletingChildrenIfNeeded().forPath("/svc");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void registrationsSurviveRestartAndAreRestoredAfterExpiry(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework a = clients.connect();
            CuratorFramework b = clients.connect();
            ServiceInstance<String> me = instance("billing", "b-1", 7070, "p");
            try (ServiceDiscovery<String> registrar = discovery(a, "/svcr", me);
                    ServiceDiscovery<String> reader = discovery(b, "/svcr", null)) {
                registrar.start();
                reader.start();
                Stat before = b.checkExists().forPath("/svcr/billing/b-1");
                assertNotNull(before);

                clients.restartServer();
                // On RECONNECTED the registrar registers again: its create finds the node, so it
                // deletes and re-creates it (to fire watchers) under the same, surviving session.
                Eventually.await("the registration is back under the same session", () -> {
                    Stat s = CuratorCrudTest.exists(b, "/svcr/billing/b-1");
                    return s != null && s.getCzxid() > before.getCzxid()
                            && s.getEphemeralOwner() == before.getEphemeralOwner();
                });
                assertEquals(me, reader.queryForInstance("billing", "b-1"));

                clients.expire(a);
                long newSession = CuratorClients.sessionId(a);
                assertNotEquals(before.getEphemeralOwner(), newSession);
                Eventually.await("the instance is re-registered by the new session", () -> {
                    Stat s = CuratorCrudTest.exists(b, "/svcr/billing/b-1");
                    return s != null && s.getEphemeralOwner() == newSession;
                });
                assertEquals(me, reader.queryForInstance("billing", "b-1"));
            }
            b.delete().deletingChildrenIfNeeded().forPath("/svcr");
        }
    }

    private static ServiceInstance<String> instance(String name, String id, int port, String payload)
            throws Exception {
        return ServiceInstance.<String>builder().name(name).id(id).address("10.0.0.1").port(port)
                .payload(payload).registrationTimeUTC(1_700_000_000_000L)
                .uriSpec(new UriSpec("{scheme}://{address}:{port}/" + name)).build();
    }

    private static ServiceDiscovery<String> discovery(CuratorFramework c, String base, ServiceInstance<String> me) {
        ServiceDiscoveryBuilder<String> builder = ServiceDiscoveryBuilder.builder(String.class).client(c).basePath(base);
        if (me != null) {
            builder.thisInstance(me);
        }
        return builder.build();
    }

    private static Set<String> ids(Collection<ServiceInstance<String>> instances) {
        Set<String> out = new TreeSet<>();
        instances.forEach(i -> out.add(i.getId()));
        return out;
    }

    private static List<String> children(CuratorFramework c, String path) {
        try {
            return c.getChildren().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
