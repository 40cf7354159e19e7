package io.warden.recipe.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.TxnOp;
import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.recipe.barrier.Barrier;
import io.warden.recipe.barrier.DoubleBarrier;
import io.warden.recipe.config.Codec;
import io.warden.recipe.config.Codecs;
import io.warden.recipe.config.ConfigWatcher;
import io.warden.recipe.counter.SharedCounter;
import io.warden.recipe.group.GroupMember;
import io.warden.recipe.leader.LeaderElection;
import io.warden.recipe.leader.LeaderLatch;
import io.warden.recipe.leader.LeaderLatchListener;
import io.warden.recipe.leader.Participant;
import io.warden.recipe.lock.LockHandle;
import io.warden.recipe.lock.Mutex;
import io.warden.recipe.node.PersistentNode;
import io.warden.recipe.registry.PayloadCodec;
import io.warden.recipe.registry.ProviderStrategy;
import io.warden.recipe.registry.ServiceInstance;
import io.warden.recipe.registry.ServiceProvider;
import io.warden.recipe.registry.ServiceRegistry;
import io.warden.recipe.testing.WardenTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The examples of recipes/RECIPES.md, as written there (give or take setup), run against Warden. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecipesDocExamplesTest {
    private WardenTarget server;
    private WardenClient client;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        server = WardenTarget.start();
        client = WardenClient.start(server.connectString());
        assertTrue(client.blocking().awaitConnected(Duration.ofSeconds(20)));
        for (String p : List.of("/orders", "/scheduler", "/config")) {
            client.blocking().create(p, null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private void log(String s) {
        log.add(s);
    }

    @Test
    void lock() throws Exception {
        Mutex mutex = new Mutex(client, "/locks/orders");
        try (LockHandle lock = mutex.acquire(Duration.ofSeconds(5)).orElseThrow()) {
            long token = lock.fencingToken();
            lock.guardedWrite(List.of(
                    new TxnOp.SetData("/orders", Bytes.utf8("42"), -1))).join();
            assertTrue(token > 0);
        }
        assertEquals("42", client.blocking().getData("/orders").utf8());
    }

    @Test
    void leader() throws Exception {
        try (LeaderLatch latch = new LeaderLatch(client, "/election/billing", "node-1")) {
            latch.addListener(new LeaderLatchListener() {
                public void isLeader(long epoch) {
                    log("leading, epoch " + epoch);
                }

                public void notLeader() {
                    log("following");
                }
            });
            latch.start();
            assertTrue(latch.await(Duration.ofSeconds(30)));
            List<Participant> all = latch.participants();
            assertEquals("node-1", all.get(0).id());
        }
        LeaderElection election = new LeaderElection(client, "/election/scheduler", "node-1");
        int[] rounds = {0};
        election.runWhileLeader(ctx -> {
            while (!ctx.isCancelled() && rounds[0]++ < 2) {
                ctx.guardedWrite(List.of(new TxnOp.SetData("/scheduler",
                        Bytes.utf8(Long.toString(ctx.epoch())), -1))).join();
                Thread.sleep(10);
            }
            return null;
        });
        assertTrue(log.get(0).startsWith("leading, epoch "));
    }

    @Test
    void config() throws Exception {
        client.blocking().create("/config/database", "db_host=localhost;db_port=5432".getBytes(),
                Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        List<String> pool = new CopyOnWriteArrayList<>();
        try (ConfigWatcher config = ConfigWatcher.start(client, "/config")) {
            config.awaitInitialized(Duration.ofSeconds(10));
            Codec<Map<String, String>> kv = Codecs.keyValues(";", "=");
            Map<String, String> db = config.get("/config/database", kv).orElseThrow();
            assertEquals("5432", db.get("db_port"));
            config.watch("/config/database", kv, change -> {
                switch (change.kind()) {
                    case SET -> pool.add(change.current().get("db_host") + ":" + change.current().get("db_port"));
                    case REMOVED -> pool.add("paused");
                    case INVALID -> log("bad config: " + change.error());
                }
            });
            client.blocking().setData("/config/database", "db_host=localhost;db_port=5433".getBytes(), -1);
            for (int i = 0; i < 2000 && pool.isEmpty(); i++) {
                Thread.sleep(5);
            }
            assertEquals(List.of("localhost:5433"), pool);
        }
    }

    @Test
    void registry() throws Exception {
        try (ServiceRegistry<String> registry = new ServiceRegistry<>(client, "/services", PayloadCodec.string())) {
            registry.register(ServiceInstance.<String>builder("orders", "orders-1")
                    .address("10.0.0.5").port(8080).payload("v2").uriSpec("{scheme}://{address}:{port}").build());
            try (ServiceProvider<String> orders = registry.provider("orders",
                    ProviderStrategy.sticky(ProviderStrategy.roundRobin()))) {
                orders.start().join();
                String uri = orders.instance().orElseThrow().buildUri();
                assertEquals("http://10.0.0.5:8080", uri);
            }
        }
    }

    @Test
    void rest() throws Exception {
        Barrier gate = new Barrier(client, "/barriers/deploy");
        gate.set();
        gate.remove();
        assertTrue(gate.await(Duration.ofSeconds(1)));

        DoubleBarrier round = new DoubleBarrier(client, "/barriers/round-7", 1);
        assertTrue(round.enter(Duration.ofSeconds(30)));
        assertTrue(round.leave(Duration.ofSeconds(30)));

        SharedCounter counter = new SharedCounter(client, "/counters/jobs", 0);
        counter.start();
        counter.add(1);
        assertTrue(counter.trySetCount(counter.versioned(), 100));
        counter.close();

        byte[] payload = "10.0.0.7".getBytes();
        try (GroupMember me = new GroupMember(client, "/groups/workers", "worker-7", payload)) {
            me.start().join();
            assertTrue(me.awaitJoined(Duration.ofSeconds(10)));
            for (int i = 0; i < 2000 && me.currentMembers().isEmpty(); i++) {
                Thread.sleep(5);
            }
            Set<String> members = me.currentMembers().keySet();
            assertEquals(Set.of("worker-7"), members);
        }

        PersistentNode alive = new PersistentNode(client, "/alive/worker-7", CreateMode.EPHEMERAL, payload);
        alive.start();
        assertTrue(alive.awaitCreated(Duration.ofSeconds(10)));
        alive.close();
    }
}
