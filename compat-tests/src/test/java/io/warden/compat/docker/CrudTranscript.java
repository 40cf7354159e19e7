package io.warden.compat.docker;

import io.warden.compat.harness.OfficialJavaClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A tiny CRUD scenario of the official 3.9.5 client whose transcript two correct servers print
 * identically: creates (with create2 Stats), an ephemeral sequential child, reads, a versioned
 * update and its BADVERSION, a watch, a multi and its all-or-nothing failure, deletes. Stats are
 * printed without zxids, times or session ids. Stateless and thread-safe.
 */
final class CrudTranscript {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private CrudTranscript() {}

    /** Runs the scenario under {@code root} on {@code connectString} and returns its lines. */
    static List<String> run(String connectString, String root) throws Exception {
        List<String> out = new ArrayList<>();
        ZooKeeper zk = OfficialJavaClient.connect(connectString, 30_000, CONNECT_TIMEOUT);
        ZooKeeper other = OfficialJavaClient.connect(connectString, 30_000, CONNECT_TIMEOUT);
        try {
            Stat stat = new Stat();
            out.add("create " + zk.create(root, bytes("root"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    stat) + " " + stat(stat, zk));
            out.add("create " + zk.create(root + "/a", bytes("one"), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT, stat) + " " + stat(stat, zk));
            String seq = zk.create(root + "/e-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            out.add("create ephemeral sequential " + seq + " " + stat(zk.exists(seq, false), zk));
            out.add("create again " + code(() -> zk.create(root + "/a", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT)));
            out.add("getData " + new String(zk.getData(root + "/a", false, stat), StandardCharsets.UTF_8) + " "
                    + stat(stat, zk));
            out.add("getData missing " + code(() -> zk.getData(root + "/missing", false, null)));
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            zk.getData(root + "/a", e -> events.add(e.getType() + " " + e.getPath()), null);
            out.add("setData " + stat(other.setData(root + "/a", bytes("two"), 0), zk));
            out.add("watch " + events.poll(10, TimeUnit.SECONDS));
            out.add("setData stale " + code(() -> zk.setData(root + "/a", bytes("x"), 0)));
            out.add("children " + new TreeSet<>(zk.getChildren(root, false, stat)) + " " + stat(stat, zk));
            List<String> results = new ArrayList<>();
            for (OpResult r : zk.multi(List.of(
                    Op.create(root + "/m", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.check(root + "/a", 1),
                    Op.delete(seq, -1)))) {
                results.add(r.getClass().getSimpleName());
            }
            out.add("multi " + results);
            out.add("failed multi " + code(() -> zk.multi(List.of(
                    Op.create(root + "/n", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.delete(root + "/missing", -1)))));
            out.add("after failed multi " + zk.exists(root + "/n", false));
            out.add("delete not empty " + code(() -> zk.delete(root, -1)));
            for (String child : zk.getChildren(root, false)) {
                zk.delete(root + "/" + child, -1);
            }
            zk.delete(root, -1);
            out.add("deleted " + zk.exists(root, false));
        } finally {
            other.close();
            zk.close();
        }
        return out;
    }

    private static String code(Call call) {
        try {
            call.run();
            return "OK";
        } catch (KeeperException e) {
            return e.code().name();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static String stat(Stat s, ZooKeeper zk) {
        if (s == null) {
            return "null";
        }
        String owner = s.getEphemeralOwner() == 0 ? "0" : s.getEphemeralOwner() == zk.getSessionId() ? "self" : "?";
        return "[v=" + s.getVersion() + " cv=" + s.getCversion() + " av=" + s.getAversion() + " len="
                + s.getDataLength() + " kids=" + s.getNumChildren() + " owner=" + owner
                + " c" + compare(s.getCzxid(), s.getMzxid()) + "m c" + compare(s.getCzxid(), s.getPzxid()) + "p"
                + " ctime" + compare(s.getCtime(), s.getMtime()) + "mtime]";
    }

    private static String compare(long a, long b) {
        return a == b ? "=" : a < b ? "<" : ">";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A client call that may throw. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }
}
