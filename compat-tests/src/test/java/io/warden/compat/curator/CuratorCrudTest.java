package io.warden.compat.curator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.curator.framework.api.CuratorEventType;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.curator.framework.imps.ProtectedUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Curator's fluent API on both servers: create2 with {@code storingStatIn}, protection mode,
 * parent (container) creation, versions and the error each failure maps to, background
 * callbacks, one-shot watchers, transactions (multi) and their all-or-nothing failure; protected
 * creates across a restart and the client's carrying on after a forced expiry.
 */
class CuratorCrudTest extends CuratorTestBase {
    private static final int MAX_CREATES = 2000;

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void fluentCrudWithCreate2Stats(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            Stat created = new Stat();
            String path = c.create().storingStatIn(created).creatingParentsIfNeeded()
                    .forPath("/crud/a", bytes("one"));
            assertEquals("/crud/a", path);
            assertEquals(0, created.getVersion());
            assertEquals(3, created.getDataLength());
            assertEquals(0, created.getEphemeralOwner());
            assertEquals(created.getCzxid(), created.getMzxid());
            assertEquals(created.getCzxid(), created.getPzxid());
            assertTrue(created.getCtime() > 0 && created.getCtime() == created.getMtime());
            assertEquals(created, c.checkExists().forPath("/crud/a"), "create2 Stat equals exists Stat");

            Stat read = new Stat();
            assertArrayEquals(bytes("one"), c.getData().storingStatIn(read).forPath("/crud/a"));
            assertEquals(created, read);

            Stat updated = c.setData().withVersion(0).forPath("/crud/a", bytes("two"));
            assertEquals(1, updated.getVersion());
            assertEquals(created.getCzxid(), updated.getCzxid());
            assertTrue(updated.getMzxid() > created.getMzxid());
            assertThrows(KeeperException.BadVersionException.class,
                    () -> c.setData().withVersion(0).forPath("/crud/a", bytes("three")));
            assertThrows(KeeperException.NodeExistsException.class, () -> c.create().forPath("/crud/a"));
            assertThrows(KeeperException.NoNodeException.class, () -> c.getData().forPath("/crud/missing"));
            assertThrows(KeeperException.NoNodeException.class, () -> c.create().forPath("/crud/none/x"));

            String seq = c.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath("/crud/seq-", bytes(""));
            assertTrue(seq.matches("/crud/seq-\\d{10}"), seq);
            Stat seqStat = c.checkExists().forPath(seq);
            assertEquals(CuratorClients.sessionId(c), seqStat.getEphemeralOwner());
            assertEquals(0, seqStat.getDataLength());
            assertArrayEquals(new byte[0], c.getData().forPath(seq));

            Stat parent = new Stat();
            List<String> children = c.getChildren().storingStatIn(parent).forPath("/crud");
            assertEquals(Set.of("a", ZKPaths.getNodeFromPath(seq)), new TreeSet<>(children));
            assertEquals(2, parent.getNumChildren());
            assertEquals(2, parent.getCversion());
            assertEquals(seqStat.getCzxid(), parent.getPzxid());

            assertThrows(KeeperException.NotEmptyException.class, () -> c.delete().forPath("/crud"));
            assertThrows(KeeperException.BadVersionException.class,
                    () -> c.delete().withVersion(0).forPath("/crud/a"));
            c.delete().withVersion(1).forPath("/crud/a");
            c.delete().guaranteed().deletingChildrenIfNeeded().forPath("/crud");
            assertNull(c.checkExists().forPath("/crud"));
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void backgroundCallbacksAndOneShotWatchers(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework other = clients.connect();
            BlockingQueue<CuratorEvent> results = new ArrayBlockingQueue<>(16);
            c.create().creatingParentsIfNeeded().inBackground((client, event) -> results.add(event))
                    .forPath("/bg/node", bytes("x"));
            CuratorEvent create = results.poll(10, TimeUnit.SECONDS);
            assertNotNull(create, "create callback");
            assertEquals(CuratorEventType.CREATE, create.getType());
            assertEquals(KeeperException.Code.OK.intValue(), create.getResultCode());
            assertEquals("/bg/node", create.getName());

            c.getData().inBackground((client, event) -> results.add(event)).forPath("/bg/missing");
            CuratorEvent missing = results.poll(10, TimeUnit.SECONDS);
            assertNotNull(missing, "getData callback");
            assertEquals(KeeperException.Code.NONODE.intValue(), missing.getResultCode());

            BlockingQueue<WatchedEvent> events = new ArrayBlockingQueue<>(16);
            Watcher watcher = events::add;
            c.getData().usingWatcher(watcher).forPath("/bg/node");
            c.checkExists().usingWatcher(watcher).forPath("/bg/later");
            c.getChildren().usingWatcher(watcher).forPath("/bg");
            other.setData().forPath("/bg/node", bytes("y"));
            other.create().forPath("/bg/later");
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WatchedEvent e = events.poll(10, TimeUnit.SECONDS);
                assertNotNull(e, "watch event " + i + " after " + seen);
                seen.add(e.getType() + " " + e.getPath());
            }
            assertEquals(List.of("NodeDataChanged /bg/node", "NodeCreated /bg/later",
                    "NodeChildrenChanged /bg"), seen);
            other.setData().forPath("/bg/node", bytes("z"));
            other.create().forPath("/bg/sync");
            c.sync().forPath("/bg");
            assertArrayEquals(bytes("z"), c.getData().forPath("/bg/node"));
            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "one-shot watchers fire once");
            c.delete().deletingChildrenIfNeeded().forPath("/bg");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void protectionModeNamesAndFindsItsNode(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            String seq = c.create().creatingParentsIfNeeded().withProtection()
                    .withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath("/prot/lock-", bytes("p"));
            String name = ZKPaths.getNodeFromPath(seq);
            assertTrue(name.matches("_c_[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}-lock-\\d{10}"), name);
            assertTrue(ProtectedUtils.isProtectedZNode(name));
            assertEquals(CuratorClients.sessionId(c), c.checkExists().forPath(seq).getEphemeralOwner());

            Stat stat = new Stat();
            String plain = c.create().storingStatIn(stat).withProtection().forPath("/prot/plain", bytes("q"));
            assertTrue(ZKPaths.getNodeFromPath(plain).matches("_c_[0-9a-f-]{36}-plain"), plain);
            assertEquals(0, stat.getVersion());
            assertEquals(1, stat.getDataLength());
            assertEquals("/prot/plain", ProtectedUtils.normalizePath(plain));
            assertEquals(Set.of(name, ZKPaths.getNodeFromPath(plain)),
                    new TreeSet<>(c.getChildren().forPath("/prot")));
            c.delete().deletingChildrenIfNeeded().forPath("/prot");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void creatingParentContainersMakesContainersThatAreReaped(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            c.create().creatingParentContainersIfNeeded().forPath("/pc/a/b/leaf", bytes("v"));
            for (String container : List.of("/pc", "/pc/a", "/pc/a/b")) {
                // ZooKeeper keeps 0x8000000000000000 as a container's owner but shows clients 0.
                assertEquals(0, c.checkExists().forPath(container).getEphemeralOwner(),
                        container + ": a container's ephemeralOwner reads as 0");
            }
            assertEquals(0, c.checkExists().forPath("/pc/a/b/leaf").getEphemeralOwner());
            c.delete().forPath("/pc/a/b/leaf");
            Eventually.await("the emptied container chain /pc/a/b, /pc/a, /pc is reaped",
                    () -> exists(c, "/pc") == null);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void transactionsApplyAllOrNothing(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            c.create().forPath("/tx");
            c.create().forPath("/tx/gone");
            List<CuratorTransactionResult> results = c.transaction().forOperations(
                    c.transactionOp().create().forPath("/tx/a", bytes("1")),
                    c.transactionOp().create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath("/tx/s-"),
                    c.transactionOp().setData().withVersion(0).forPath("/tx/a", bytes("2")),
                    c.transactionOp().check().withVersion(1).forPath("/tx/a"),
                    c.transactionOp().delete().forPath("/tx/gone"));
            assertEquals(List.of(OperationType.CREATE, OperationType.CREATE, OperationType.SET_DATA,
                    OperationType.CHECK, OperationType.DELETE), results.stream().map(CuratorTransactionResult::getType).toList());
            results.forEach(r -> assertEquals(0, r.getError(), r.toString()));
            assertEquals("/tx/a", results.get(0).getResultPath());
            assertEquals("/tx/s-0000000002", results.get(1).getResultPath(),
                    "the suffix is /tx's cversion: gone and a came first");
            assertEquals(1, results.get(2).getResultStat().getVersion());
            assertArrayEquals(bytes("2"), c.getData().forPath("/tx/a"));
            assertNull(c.checkExists().forPath("/tx/gone"));

            KeeperException failed = assertThrows(KeeperException.NodeExistsException.class,
                    () -> c.transaction().forOperations(
                            c.transactionOp().create().forPath("/tx/b"),
                            c.transactionOp().create().forPath("/tx/a"),
                            c.transactionOp().setData().forPath("/tx/a", bytes("3"))));
            List<Integer> codes = new ArrayList<>();
            for (OpResult r : failed.getResults()) {
                codes.add(((OpResult.ErrorResult) r).getErr());
            }
            assertEquals(List.of(KeeperException.Code.OK.intValue(), KeeperException.Code.NODEEXISTS.intValue(),
                    KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()), codes);
            assertNull(c.checkExists().forPath("/tx/b"), "nothing of a failed transaction is applied");
            assertArrayEquals(bytes("2"), c.getData().forPath("/tx/a"));

            assertThrows(KeeperException.BadVersionException.class, () -> c.transaction().forOperations(
                    c.transactionOp().check().withVersion(7).forPath("/tx/a"),
                    c.transactionOp().delete().forPath("/tx/a")));
            assertNotNull(c.checkExists().forPath("/tx/a"));
            c.delete().deletingChildrenIfNeeded().forPath("/tx");
        }
    }

    /**
     * Protection mode's purpose: a create whose answer is lost with the connection is retried,
     * and the retry finds the node the first attempt made (by its protected id) instead of making
     * a second. Creates run in a loop while the server restarts; afterwards there is exactly one
     * node per successful create, and each owned by the surviving session.
     */
    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void protectedCreatesAcrossRestartLeaveNoDuplicates(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            c.create().forPath("/protr");
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread creator = new Thread(() -> {
                for (int i = 0; i < MAX_CREATES && !stop.get(); i++) {
                    try {
                        created.add(c.create().withProtection().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                                .forPath("/protr/n-"));
                    } catch (Exception e) {
                        failures.add(e);
                        return;
                    }
                }
            }, "protected-creates");
            creator.start();
            Eventually.await("creates under way", () -> created.size() >= 5);
            clients.restartServer();
            int atRestart = created.size();
            Eventually.await("creates continue after the restart", () -> created.size() >= atRestart + 5
                    || !creator.isAlive());
            stop.set(true);
            creator.join(30_000);
            assertTrue(!creator.isAlive(), "creator stopped");
            assertEquals(List.of(), failures, "every create eventually succeeded");
            List<String> children = c.getChildren().forPath("/protr");
            assertEquals(new TreeSet<>(created.stream().map(ZKPaths::getNodeFromPath).toList()),
                    new TreeSet<>(children), "one node per create: none lost, none doubled");
            long session = CuratorClients.sessionId(c);
            for (String child : children) {
                assertEquals(session, c.checkExists().forPath("/protr/" + child).getEphemeralOwner());
            }
            c.delete().deletingChildrenIfNeeded().forPath("/protr");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void expiryDeletesEphemeralsAndTheClientCarriesOn(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect();
            CuratorFramework other = clients.connect();
            c.create().forPath("/exp", bytes("kept"));
            c.create().withMode(CreateMode.EPHEMERAL).forPath("/exp/mine");
            c.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath("/exp/seq-");
            assertEquals(2, other.checkExists().forPath("/exp").getNumChildren());
            clients.expire(c);
            assertEquals(List.of(), other.getChildren().forPath("/exp"), "the closed session's ephemerals are gone");
            Stat stat = new Stat();
            assertArrayEquals(bytes("kept"), c.getData().storingStatIn(stat).forPath("/exp"),
                    "the client works on its new session");
            c.create().withMode(CreateMode.EPHEMERAL).forPath("/exp/mine");
            assertEquals(CuratorClients.sessionId(c), other.checkExists().forPath("/exp/mine").getEphemeralOwner());
            c.delete().deletingChildrenIfNeeded().forPath("/exp");
        }
    }

    @ParameterizedTest
    @EnumSource(Target.Kind.class)
    void lessCommonCallsAgree(Target.Kind kind) throws Exception {
        try (CuratorClients clients = clients(kind)) {
            CuratorFramework c = clients.connect(b -> b.authorization("digest", bytes("dora:pw")));
            CuratorFramework anonymous = clients.connect();
            CuratorFramework ns = c.usingNamespace("ns");

            ns.create().creatingParentsIfNeeded().forPath("/x/y", bytes("1"));
            assertArrayEquals(bytes("1"), c.getData().forPath("/ns/x/y"), "the namespace prefixes paths");
            assertEquals(List.of("y"), ns.getChildren().forPath("/x"));

            c.create().orSetData().forPath("/ns/x/y", bytes("2"));
            assertArrayEquals(bytes("2"), c.getData().forPath("/ns/x/y"), "orSetData on an existing node");
            c.create().idempotent().forPath("/ns/idem", bytes("a"));
            c.create().idempotent().forPath("/ns/idem", bytes("a"));
            assertThrows(KeeperException.NodeExistsException.class,
                    () -> c.create().idempotent().forPath("/ns/idem", bytes("other")));
            c.setData().idempotent().withVersion(0).forPath("/ns/idem", bytes("b"));
            c.setData().idempotent().withVersion(0).forPath("/ns/idem", bytes("b"));
            assertEquals(1, c.checkExists().forPath("/ns/idem").getVersion());
            c.delete().idempotent().withVersion(1).forPath("/ns/idem");
            c.delete().idempotent().withVersion(1).forPath("/ns/idem");
            c.delete().quietly().forPath("/ns/never");

            c.create().withACL(org.apache.zookeeper.ZooDefs.Ids.CREATOR_ALL_ACL).forPath("/ns/secret", bytes("s"));
            List<org.apache.zookeeper.data.ACL> acl = c.getACL().forPath("/ns/secret");
            assertEquals(1, acl.size());
            assertEquals("digest", acl.get(0).getId().getScheme());
            assertTrue(acl.get(0).getId().getId().startsWith("dora:"));
            assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getData().forPath("/ns/secret"));
            c.setACL().withVersion(0).withACL(org.apache.zookeeper.ZooDefs.Ids.READ_ACL_UNSAFE).forPath("/ns/secret");
            assertArrayEquals(bytes("s"), anonymous.getData().forPath("/ns/secret"));
            assertEquals(1, c.checkExists().forPath("/ns/secret").getAversion());

            org.apache.zookeeper.ZooKeeper zk = c.getZookeeperClient().getZooKeeper();
            c.create().withMode(CreateMode.EPHEMERAL).forPath("/ns/x/e1");
            c.create().withMode(CreateMode.EPHEMERAL).forPath("/ns/e2");
            assertEquals(List.of("/ns/e2", "/ns/x/e1"), new ArrayList<>(new TreeSet<>(zk.getEphemerals("/ns"))));
            assertEquals(List.of("/ns/x/e1"), zk.getEphemerals("/ns/x"));
            assertEquals(5, zk.getAllChildrenNumber("/ns"), "x, x/y, x/e1, secret, e2");

            byte[] config = c.getConfig().forEnsemble();
            assertEquals("", string(config), "a standalone server without reconfig has an empty config");

            BlockingQueue<WatchedEvent> events = new ArrayBlockingQueue<>(16);
            Watcher persistent = events::add;
            c.watchers().add().withMode(org.apache.zookeeper.AddWatchMode.PERSISTENT).usingWatcher(persistent)
                    .forPath("/ns/x");
            anonymous.setData().forPath("/ns/x", bytes("p1"));
            anonymous.setData().forPath("/ns/x", bytes("p2"));
            for (int i = 0; i < 2; i++) {
                WatchedEvent e = events.poll(10, TimeUnit.SECONDS);
                assertNotNull(e, "persistent event " + i);
                assertEquals(Watcher.Event.EventType.NodeDataChanged, e.getType());
            }
            c.watchers().remove(persistent).ofType(Watcher.WatcherType.Any).forPath("/ns/x");
            WatchedEvent removed = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(removed, "removal event");
            assertEquals(Watcher.Event.EventType.PersistentWatchRemoved, removed.getType());
            anonymous.setData().forPath("/ns/x", bytes("p3"));
            c.sync().forPath("/ns/x");
            assertNull(events.poll(200, TimeUnit.MILLISECONDS), "no event after removal");
            assertThrows(KeeperException.NoWatcherException.class,
                    () -> c.watchers().remove(persistent).ofType(Watcher.WatcherType.Any).forPath("/ns/x"));
            c.delete().deletingChildrenIfNeeded().forPath("/ns");
        }
    }

    static Stat exists(CuratorFramework c, String path) {
        try {
            return c.checkExists().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException("exists " + path, e);
        }
    }
}
