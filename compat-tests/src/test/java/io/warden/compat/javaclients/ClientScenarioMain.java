package io.warden.compat.javaclients;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Version;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * One scenario of the official ZooKeeper Java client, run in a child JVM whose class path holds
 * one client version (3.5.x to 3.9.x, see {@link JavaClientVersionsTest}): connect, CRUD with
 * create2 Stats, one-shot watches and their removal, multi (success and all-or-nothing failure),
 * digest ACLs, containers, sync, and reconnecting to the same session across a server restart
 * (a watch set before the restart still fires after it).
 *
 * <p>Compiled against 3.9.5 but uses only API present since 3.5.0, so it links against every
 * version. It prints a transcript to stdout: a {@code version} header, then one line per step
 * with nothing that differs between two correct servers (no zxids, times or session ids: owners
 * print as {@code self}/{@code other}), then {@code RESULT PASS} or {@code RESULT FAIL}. Each step
 * also checks what real ZooKeeper does; a mismatch prints a {@code MISMATCH} line.
 *
 * <p>Restart protocol: the scenario prints {@value #RESTART_REQUEST} and waits for one line on
 * stdin, which the test writes once the server is back. Every wait here is bounded; the parent
 * kills this JVM if it overruns anyway.
 *
 * <p>Usage: {@code ClientScenarioMain <connectString> <rootPath>}. Thread-confined to main, except
 * that watchers hand events over through blocking queues.
 */
public final class ClientScenarioMain {
    /** The line that asks the parent to restart the server. */
    public static final String RESTART_REQUEST = "@@RESTART";
    /** Prefix of transcript lines that describe a broken expectation. */
    public static final String MISMATCH = "MISMATCH";
    private static final int SESSION_TIMEOUT_MS = 30_000;
    private static final long WAIT_SECONDS = 20;

    private final PrintStream out;
    private final String connectString;
    private final String root;
    private final AtomicInteger mismatches = new AtomicInteger();
    private final BlockingQueue<String> states = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private ZooKeeper zk;
    private ZooKeeper other;

    private ClientScenarioMain(PrintStream out, String connectString, String root) {
        this.out = out;
        this.connectString = connectString;
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ClientScenarioMain <connectString> <rootPath>");
            System.exit(2);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ClientScenarioMain scenario = new ClientScenarioMain(out, args[0], args[1]);
        out.println("version " + Version.getFullVersion());
        boolean ok;
        try {
            scenario.run();
            ok = scenario.mismatches.get() == 0;
        } catch (Throwable t) {
            out.println("ABORTED " + t);
            t.printStackTrace();
            ok = false;
        } finally {
            scenario.closeAll();
        }
        out.println("RESULT " + (ok ? "PASS" : "FAIL"));
        System.exit(ok ? 0 : 1);
    }

    private void run() throws Exception {
        zk = connect(event -> {
            if (event.getType() == Watcher.Event.EventType.None) {
                states.add(event.getState().name());
            }
        });
        other = connect(event -> { });
        expect("state", zk.getState().name(), "CONNECTED");
        crud();
        watches();
        multi();
        acl();
        containersAndSync();
        restart();
        cleanup();
    }

    private ZooKeeper connect(Watcher defaultWatcher) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper client = new ZooKeeper(connectString, SESSION_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            defaultWatcher.process(event);
        });
        if (!connected.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            client.close();
            throw new IllegalStateException("not connected to " + connectString);
        }
        return client;
    }

    private void crud() throws Exception {
        expect("create " + root, zk.create(root, bytes("r"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT), root);
        Stat created = new Stat();
        String a = root + "/a";
        expect("create2 " + a, zk.create(a, bytes("one"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                created), a);
        expect("create2 stat", stat(created), "v=0 cv=0 av=0 len=3 kids=0 owner=0 czxid=mzxid=pzxid");
        expect("exists stat equals create2 stat", zk.exists(a, false).equals(created), true);
        expect("create existing", error(() -> zk.create(a, null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT)), "NODEEXISTS");
        expect("create without parent", error(() -> zk.create(root + "/none/x", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT)), "NONODE");
        String seq = zk.create(root + "/e-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        expect("create ephemeral sequential", seq, root + "/e-0000000001");
        expect("ephemeral stat", stat(zk.exists(seq, false)), "v=0 cv=0 av=0 len=0 kids=0 owner=self czxid=mzxid=pzxid");
        expect("getData null data", Arrays.toString(zk.getData(seq, false, null)), "null");
        Stat read = new Stat();
        expect("getData", string(zk.getData(a, false, read)), "one");
        expect("getData stat", stat(read), "v=0 cv=0 av=0 len=3 kids=0 owner=0 czxid=mzxid=pzxid");
        expect("getData missing", error(() -> zk.getData(root + "/missing", false, null)), "NONODE");
        expect("exists missing", String.valueOf(zk.exists(root + "/missing", false)), "null");
        expect("setData", stat(zk.setData(a, bytes("two"), 0)), "v=1 cv=0 av=0 len=3 kids=0 owner=0 czxid=pzxid<mzxid");
        expect("setData bad version", error(() -> zk.setData(a, bytes("x"), 0)), "BADVERSION");
        Stat parent = new Stat();
        expect("getChildren", new TreeSet<>(zk.getChildren(root, false, parent)).toString(), "[a, e-0000000001]");
        expect("getChildren stat", stat(parent), "v=0 cv=2 av=0 len=1 kids=2 owner=0 czxid=mzxid<pzxid");
        expect("delete not empty", error(() -> zk.delete(root, -1)), "NOTEMPTY");
        expect("delete bad version", error(() -> zk.delete(seq, 3)), "BADVERSION");
        zk.delete(seq, 0);
        expect("deleted", String.valueOf(zk.exists(seq, false)), "null");
        expect("bad path", error(() -> zk.exists("no-slash", false)), "IllegalArgumentException");
    }

    private void watches() throws Exception {
        String a = root + "/a";
        String w = root + "/w";
        Watcher watcher = this::record;
        zk.getData(a, watcher, null);
        zk.exists(w, watcher);
        zk.getChildren(root, watcher);
        other.setData(a, bytes("three"), -1);
        other.create(w, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        expect("watch 1", nextEvent(), "NodeDataChanged " + a);
        expect("watch 2", nextEvent(), "NodeCreated " + w);
        expect("watch 3", nextEvent(), "NodeChildrenChanged " + root);
        other.setData(a, bytes("four"), -1);
        zk.sync(root, (rc, path, ctx) -> { }, null);
        expect("one-shot: no second event", String.valueOf(events.poll(300, TimeUnit.MILLISECONDS)), "null");

        zk.getData(w, watcher, null);
        zk.removeWatches(w, watcher, Watcher.WatcherType.Data, false);
        expect("removeWatches", nextEvent(), "DataWatchRemoved " + w);
        expect("removeWatches again", error(() -> zk.removeWatches(w, watcher, Watcher.WatcherType.Data, false)),
                "NOWATCHER");
        other.setData(w, bytes("x"), -1);
        expect("removed watch stays silent", String.valueOf(events.poll(300, TimeUnit.MILLISECONDS)), "null");
    }

    private void multi() throws Exception {
        String m = root + "/m";
        List<OpResult> results = zk.multi(List.of(
                Op.create(m, bytes("1"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(m + "/s-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData(m, bytes("2"), 0),
                Op.check(m, 1),
                Op.delete(root + "/w", -1)));
        List<String> described = new ArrayList<>();
        for (OpResult r : results) {
            described.add(describe(r));
        }
        expect("multi", described.toString(),
                "[create " + m + ", create " + m + "/s-0000000000, setData v=1, check, delete]");
        try {
            zk.multi(List.of(
                    Op.create(root + "/b", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.create(m, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.setData(m, bytes("3"), -1)));
            expect("failed multi", "succeeded", "NODEEXISTS");
        } catch (KeeperException e) {
            List<String> codes = new ArrayList<>();
            for (OpResult r : e.getResults()) {
                codes.add(describe(r));
            }
            expect("failed multi", e.code().name() + " " + codes,
                    "NODEEXISTS [error 0, error -110, error -2]");
        }
        expect("failed multi applied nothing", String.valueOf(zk.exists(root + "/b", false)), "null");
        expect("multi data", string(zk.getData(m, false, null)), "2");
    }

    private void acl() throws Exception {
        String secured = root + "/acl";
        zk.addAuthInfo("digest", bytes("alice:secret"));
        expect("create CREATOR_ALL_ACL", zk.create(secured, bytes("s"), ZooDefs.Ids.CREATOR_ALL_ACL,
                CreateMode.PERSISTENT), secured);
        Stat aclStat = new Stat();
        List<ACL> acl = zk.getACL(secured, aclStat);
        expect("getACL", acl.toString().replaceAll("\\s+", " "),
                List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(
                        "alice:secret")))).toString().replaceAll("\\s+", " "));
        expect("getACL stat", stat(aclStat), "v=0 cv=0 av=0 len=1 kids=0 owner=0 czxid=mzxid=pzxid");
        expect("read without auth", error(() -> other.getData(secured, false, null)), "NOAUTH");
        expect("exists without READ", error(() -> other.exists(secured, false)), "NOAUTH");
        other.addAuthInfo("digest", bytes("bob:other"));
        expect("read as bob", error(() -> other.getData(secured, false, null)), "NOAUTH");
        other.addAuthInfo("digest", bytes("alice:secret"));
        expect("read as alice too", string(other.getData(secured, false, null)), "s");
        expect("setACL bad version", error(() -> zk.setACL(secured, ZooDefs.Ids.READ_ACL_UNSAFE, 3)), "BADVERSION");
        expect("setACL", stat(zk.setACL(secured, ZooDefs.Ids.READ_ACL_UNSAFE, 0)),
                "v=0 cv=0 av=1 len=1 kids=0 owner=0 czxid=mzxid=pzxid");
        expect("setACL without ADMIN", error(() -> zk.setACL(secured, ZooDefs.Ids.OPEN_ACL_UNSAFE, 1)), "NOAUTH");
        expect("write after READ_ACL", error(() -> zk.setData(secured, bytes("t"), -1)), "NOAUTH");
        expect("create child under READ_ACL", error(() -> zk.create(secured + "/c", null,
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)), "NOAUTH");
        String carol = root + "/carol";
        // Mutable lists: ZooKeeper.create asks acl.contains(null), which List.of refuses.
        List<ACL> carolOnly = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.WRITE,
                new Id("digest", DigestAuthenticationProvider.generateDigest("carol:pw")))));
        zk.create(carol, null, carolOnly, CreateMode.PERSISTENT);
        expect("explicit digest ACL", error(() -> zk.getData(carol, false, null)), "NOAUTH");
        List<ACL> invalid = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", "not-a-digest"))));
        expect("invalid ACL", error(() -> zk.create(root + "/bad", null, invalid, CreateMode.PERSISTENT)),
                "INVALIDACL");
        expect("auth ACL without auth", error(() -> connectAndCreateWithAuthAcl(root + "/noauth")), "INVALIDACL");
    }

    private String connectAndCreateWithAuthAcl(String path) throws Exception {
        ZooKeeper anonymous = connect(event -> { });
        try {
            return anonymous.create(path, null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        } finally {
            anonymous.close();
        }
    }

    private void containersAndSync() throws Exception {
        String container = root + "/container";
        Stat stat = new Stat();
        expect("create container", zk.create(container, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER,
                stat), container);
        expect("container stat", stat(stat), "v=0 cv=0 av=0 len=0 kids=0 owner=0 czxid=mzxid=pzxid");
        BlockingQueue<String> sync = new LinkedBlockingQueue<>();
        zk.sync(root, (rc, path, ctx) -> sync.add(KeeperException.Code.get(rc).name() + " " + path), null);
        expect("sync", String.valueOf(sync.poll(WAIT_SECONDS, TimeUnit.SECONDS)), "OK " + root);
    }

    private void restart() throws Exception {
        String eph = root + "/eph";
        String watched = root + "/watched";
        zk.create(eph, bytes("e"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.create(watched, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Watcher watcher = this::record;
        zk.getData(watched, watcher, null);
        zk.exists(root + "/later", watcher);
        long session = zk.getSessionId();
        states.clear();
        out.println(RESTART_REQUEST);
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        expect("server restarted", go, "go");
        expect("state change 1", states.poll(WAIT_SECONDS, TimeUnit.SECONDS), "Disconnected");
        expect("state change 2", states.poll(WAIT_SECONDS, TimeUnit.SECONDS), "SyncConnected");
        expect("same session", zk.getSessionId() == session, true);
        expect("ephemeral kept", stat(zk.exists(eph, false)), "v=0 cv=0 av=0 len=1 kids=0 owner=self czxid=mzxid=pzxid");
        ZooKeeper third = connect(event -> { });
        try {
            third.setData(watched, bytes("changed"), -1);
            third.create(root + "/later", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } finally {
            third.close();
        }
        expect("watch set before the restart", nextEvent(), "NodeDataChanged " + watched);
        expect("exists watch set before the restart", nextEvent(), "NodeCreated " + root + "/later");
    }

    private void cleanup() throws Exception {
        zk.addAuthInfo("digest", bytes("carol:pw"));
        deleteRecursively(root);
        expect("cleaned up", String.valueOf(zk.exists(root, false)), "null");
    }

    private void deleteRecursively(String path) throws Exception {
        for (String child : zk.getChildren(path, false)) {
            deleteRecursively(path + "/" + child);
        }
        zk.delete(path, -1);
    }

    private void closeAll() {
        for (ZooKeeper client : new ZooKeeper[] {zk, other}) {
            if (client != null) {
                try {
                    client.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Records a node event; state changes reach every registered watcher too and are left out. */
    private void record(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            events.add(event.getType() + " " + event.getPath());
        }
    }

    private String nextEvent() throws InterruptedException {
        return String.valueOf(events.poll(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    private void expect(String step, Object actual, Object expected) {
        out.println(step + ": " + actual);
        if (!String.valueOf(expected).equals(String.valueOf(actual))) {
            mismatches.incrementAndGet();
            out.println(MISMATCH + " in '" + step + "': expected " + expected);
        }
    }

    /** The KeeperException code a call fails with, or the exception class, or "OK". */
    private static String error(ThrowingCall call) {
        try {
            call.run();
            return "OK";
        } catch (KeeperException e) {
            return e.code().name();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private String describe(OpResult r) {
        if (r instanceof OpResult.CreateResult c) {
            return "create " + c.getPath();
        }
        if (r instanceof OpResult.SetDataResult s) {
            return "setData v=" + s.getStat().getVersion();
        }
        if (r instanceof OpResult.CheckResult) {
            return "check";
        }
        if (r instanceof OpResult.DeleteResult) {
            return "delete";
        }
        if (r instanceof OpResult.ErrorResult e) {
            return "error " + e.getErr();
        }
        return r.getClass().getSimpleName();
    }

    /** A Stat without zxids, times or session ids: only what two correct servers agree on. */
    private String stat(Stat s) {
        if (s == null) {
            return "null";
        }
        long owner = s.getEphemeralOwner();
        String ownerName = owner == 0 ? "0" : owner == zk.getSessionId() ? "self"
                : other != null && owner == other.getSessionId() ? "other" : "unknown";
        return "v=" + s.getVersion() + " cv=" + s.getCversion() + " av=" + s.getAversion()
                + " len=" + s.getDataLength() + " kids=" + s.getNumChildren() + " owner=" + ownerName
                + " " + zxidOrder(s);
    }

    private static String zxidOrder(Stat s) {
        String cm = s.getCzxid() == s.getMzxid() ? "czxid=mzxid" : s.getCzxid() < s.getMzxid() ? "czxid<mzxid" : "czxid>mzxid";
        String mp = s.getMzxid() == s.getPzxid() ? "=pzxid" : s.getMzxid() < s.getPzxid() ? "<pzxid" : ">pzxid";
        if (s.getCzxid() == s.getPzxid() && s.getCzxid() < s.getMzxid()) {
            return "czxid=pzxid<mzxid";
        }
        return cm + mp;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? "null" : new String(b, StandardCharsets.UTF_8);
    }

    /** A client call that may throw. */
    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
