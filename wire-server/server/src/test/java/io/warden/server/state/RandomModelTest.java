package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.MultiRequest.Op;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.testing.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Random writes (create in every mode, delete, setData, multi with check, session open/close)
 * against the state machine and an independent, deliberately naive model of ZooKeeper's rules:
 * every error code, created path and multi result must agree, every node's Stat (incl.
 * cversion = 2C - numChildren, pzxid) must equal the model's after each step, and the watch
 * events of a one-shot watcher and of a recursive watcher on "/" must be exactly the modelled
 * ones. Seeded and printed; {@code -Dwarden.soak=true} runs 40x longer.
 */
class RandomModelTest {
    private static final String[] NAMES = {"a", "b", "c"};
    private static final long[] SESSIONS = {0x11, 0x22, 0x33};
    /** The watchers' session, never closed (not part of the random ops). */
    private static final long WATCHER = 0x99;

    /** One modelled znode. */
    private static final class M {
        String data;
        int version;
        int counter;
        long czxid;
        long mzxid;
        long pzxid;
        long owner;
        final TreeSet<String> children = new TreeSet<>();

        M copy() {
            M m = new M();
            m.data = data;
            m.version = version;
            m.counter = counter;
            m.czxid = czxid;
            m.mzxid = mzxid;
            m.pzxid = pzxid;
            m.owner = owner;
            m.children.addAll(children);
            return m;
        }
    }

    /** The model: nodes, sessions with ephemerals, the one-shot watcher's watches. */
    private static final class Model {
        Map<String, M> nodes = new HashMap<>();
        Map<Long, TreeSet<String>> ephemerals = new HashMap<>();
        Set<Long> sessions = new LinkedHashSet<>();
        Set<String> dataWatches = new LinkedHashSet<>();
        Set<String> childWatches = new LinkedHashSet<>();
        List<String> events = new ArrayList<>();
        List<String> recursiveEvents = new ArrayList<>();

        Model() {
            put("/", 0);
            put("/zookeeper", 0);
            put("/zookeeper/quota", 0);
            put("/zookeeper/config", 0);
            nodes.get("/").children.add("zookeeper");
            nodes.get("/zookeeper").children.add("quota");
            nodes.get("/zookeeper").children.add("config");
        }

        private void put(String path, long zxid) {
            M m = new M();
            m.data = "";
            m.czxid = zxid;
            m.mzxid = zxid;
            m.pzxid = zxid;
            nodes.put(path, m);
        }

        Model copy() {
            Model c = new Model();
            c.nodes = new HashMap<>();
            nodes.forEach((k, v) -> c.nodes.put(k, v.copy()));
            c.ephemerals = new HashMap<>();
            ephemerals.forEach((k, v) -> c.ephemerals.put(k, new TreeSet<>(v)));
            c.sessions = new LinkedHashSet<>(sessions);
            c.dataWatches = new LinkedHashSet<>(dataWatches);
            c.childWatches = new LinkedHashSet<>(childWatches);
            c.events = new ArrayList<>(events);
            c.recursiveEvents = new ArrayList<>(recursiveEvents);
            return c;
        }

        static String parent(String path) {
            int slash = path.lastIndexOf('/');
            return slash == 0 ? "/" : path.substring(0, slash);
        }

        static String name(String path) {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Returns the error, or OK with the created path in {@code created[0]}. */
        ErrorCode create(long session, String path, String data, int flags, boolean container, long zxid,
                String[] created) {
            if (!sessions.contains(session)) {
                return ErrorCode.SESSIONEXPIRED;
            }
            M parent = nodes.get(parent(path));
            if (parent == null) {
                return ErrorCode.NONODE;
            }
            boolean sequential = flags == 2 || flags == 3;
            if (sequential) {
                path = path + String.format("%010d", parent.counter);
            }
            if (nodes.containsKey(path)) {
                return ErrorCode.NODEEXISTS;
            }
            if (parent.owner != 0) {
                return ErrorCode.NOCHILDRENFOREPHEMERALS;
            }
            M m = new M();
            m.data = data;
            m.czxid = zxid;
            m.mzxid = zxid;
            m.pzxid = zxid;
            m.owner = !container && (flags == 1 || flags == 3) ? session : 0;
            nodes.put(path, m);
            parent.counter++;
            parent.children.add(name(path));
            parent.pzxid = zxid;
            if (m.owner != 0) {
                ephemerals.computeIfAbsent(session, k -> new TreeSet<>()).add(path);
            }
            fireCreated(path);
            created[0] = path;
            return ErrorCode.OK;
        }

        ErrorCode delete(long session, String path, int version, long zxid) {
            if (!sessions.contains(session)) {
                return ErrorCode.SESSIONEXPIRED;
            }
            if (nodes.get(parent(path)) == null) {
                return ErrorCode.NONODE;
            }
            M m = nodes.get(path);
            if (m == null) {
                return ErrorCode.NONODE;
            }
            if (version != -1 && version != m.version) {
                return ErrorCode.BADVERSION;
            }
            if (!m.children.isEmpty()) {
                return ErrorCode.NOTEMPTY;
            }
            remove(path, zxid);
            return ErrorCode.OK;
        }

        void remove(String path, long zxid) {
            M m = nodes.remove(path);
            M parent = nodes.get(parent(path));
            parent.children.remove(name(path));
            parent.pzxid = zxid;
            if (m.owner != 0) {
                TreeSet<String> owned = ephemerals.get(m.owner);
                owned.remove(path);
                if (owned.isEmpty()) {
                    ephemerals.remove(m.owner);
                }
            }
            boolean notified = dataWatches.remove(path);
            if (notified) {
                events.add("NODE_DELETED " + path);
            }
            if (childWatches.remove(path) && !notified) {
                events.add("NODE_DELETED " + path);
            }
            recursiveEvents.add("NODE_DELETED " + path);
            if (childWatches.remove(parent(path))) {
                events.add("NODE_CHILDREN_CHANGED " + parent(path));
            }
        }

        ErrorCode setData(long session, String path, String data, int version, long zxid, long time) {
            if (!sessions.contains(session)) {
                return ErrorCode.SESSIONEXPIRED;
            }
            M m = nodes.get(path);
            if (m == null) {
                return ErrorCode.NONODE;
            }
            if (version != -1 && version != m.version) {
                return ErrorCode.BADVERSION;
            }
            m.data = data;
            m.version++;
            m.mzxid = zxid;
            if (dataWatches.remove(path)) {
                events.add("NODE_DATA_CHANGED " + path);
            }
            recursiveEvents.add("NODE_DATA_CHANGED " + path);
            return ErrorCode.OK;
        }

        ErrorCode check(long session, String path, int version) {
            if (!sessions.contains(session)) {
                return ErrorCode.SESSIONEXPIRED;
            }
            M m = nodes.get(path);
            if (m == null) {
                return ErrorCode.NONODE;
            }
            return version != -1 && version != m.version ? ErrorCode.BADVERSION : ErrorCode.OK;
        }

        void fireCreated(String path) {
            if (dataWatches.remove(path)) {
                events.add("NODE_CREATED " + path);
            }
            recursiveEvents.add("NODE_CREATED " + path);
            if (childWatches.remove(parent(path))) {
                events.add("NODE_CHILDREN_CHANGED " + parent(path));
            }
        }

        void close(long session, long zxid) {
            TreeSet<String> owned = ephemerals.get(session);
            if (owned != null) {
                for (String path : new ArrayList<>(owned)) {
                    remove(path, zxid);
                }
            }
            sessions.remove(session);
        }
    }

    private SplittableRandom rnd;
    private Fixture f;
    private Model model;
    private Fixture.Target oneShot;
    private Fixture.Target recursive;
    private String where;

    @Test
    void randomOpsMatchTheModel() {
        long seed = Seeds.seed("RandomModelTest");
        int steps = Seeds.soak() ? 200_000 : 5_000;
        for (int run = 0; run < 3; run++) {
            long runSeed = seed + run;
            runOnce(runSeed, steps);
        }
    }

    private void runOnce(long seed, int steps) {
        rnd = new SplittableRandom(seed);
        f = new Fixture();
        model = new Model();
        oneShot = new Fixture.Target("oneShot", WATCHER);
        recursive = new Fixture.Target("recursive", WATCHER);
        f.openSession(WATCHER);
        for (long s : SESSIONS) {
            f.openSession(s);
            model.sessions.add(s);
        }
        Fixture.ok(f.read(recursive, OpCode.ADD_WATCH, new AddWatchRequest("/", 1)));
        for (int step = 0; step < steps; step++) {
            where = Seeds.describe(seed) + " step " + step;
            step();
            if (step % 50 == 0 || step == steps - 1) {
                compareTrees();
            }
        }
    }

    private String randomPath() {
        int depth = 1 + rnd.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append('/').append(NAMES[rnd.nextInt(NAMES.length)]);
        }
        return sb.toString();
    }

    private String existingOrRandomPath() {
        if (rnd.nextInt(3) == 0 || model.nodes.size() <= 4) {
            return randomPath();
        }
        List<String> paths = new ArrayList<>(model.nodes.keySet());
        paths.removeIf(p -> p.equals("/") || p.startsWith("/zookeeper"));
        paths.sort(null);
        return paths.isEmpty() ? randomPath() : paths.get(rnd.nextInt(paths.size()));
    }

    private long randomSession() {
        return SESSIONS[rnd.nextInt(SESSIONS.length)];
    }

    private int randomVersion(String path) {
        M m = model.nodes.get(path);
        int r = rnd.nextInt(4);
        return r == 0 ? -1 : r == 1 && m != null ? m.version : rnd.nextInt(3);
    }

    private void step() {
        int kind = rnd.nextInt(100);
        if (kind < 30) {
            doCreate();
        } else if (kind < 48) {
            doDelete();
        } else if (kind < 63) {
            doSetData();
        } else if (kind < 78) {
            doMulti();
        } else if (kind < 93) {
            doWatch();
        } else {
            doSession();
        }
        drainEvents();
    }

    private List<OpOutcome> outcomes = new ArrayList<>();

    private OpOutcome write(long session, OpCode op, Request r) {
        OpOutcome o = f.write(session, op, r);
        outcomes.add(o);
        return o;
    }

    private void doCreate() {
        String path = randomPath();
        int flags = rnd.nextInt(4);
        boolean container = rnd.nextInt(10) == 0;
        long session = randomSession();
        String data = rnd.nextInt(5) == 0 ? null : "d" + rnd.nextInt(100);
        OpCode op = container ? OpCode.CREATE_CONTAINER : rnd.nextBoolean() ? OpCode.CREATE : OpCode.CREATE2;
        OpOutcome o = write(session, op, new CreateRequest(path, Bytes.utf8(data), Acl.OPEN_ACL_UNSAFE, flags));
        String[] created = new String[1];
        ErrorCode expected = model.create(session, path, data, flags, container, f.zxid, created);
        assertEquals(expected, o.err(), where + " create " + path);
        if (expected == ErrorCode.OK) {
            String actual = o.response() instanceof CreateResponse c ? c.path() : ((Create2Response) o.response()).path();
            assertEquals(created[0], actual, where);
        }
    }

    private void doDelete() {
        String path = existingOrRandomPath();
        long session = randomSession();
        int version = randomVersion(path);
        OpOutcome o = write(session, OpCode.DELETE, new DeleteRequest(path, version));
        assertEquals(model.delete(session, path, version, f.zxid), o.err(), where + " delete " + path);
    }

    private void doSetData() {
        String path = existingOrRandomPath();
        long session = randomSession();
        int version = randomVersion(path);
        String data = rnd.nextInt(5) == 0 ? null : "v" + rnd.nextInt(1000);
        OpOutcome o = write(session, OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(data), version));
        assertEquals(model.setData(session, path, data, version, f.zxid, f.time), o.err(), where + " setData " + path);
    }

    private void doMulti() {
        long session = randomSession();
        int n = rnd.nextInt(5);
        List<Op> ops = new ArrayList<>();
        Model scratch = model.copy();
        long zxid = f.zxid + 1;
        List<OpResult> expected = new ArrayList<>();
        int failedAt = -1;
        ErrorCode failure = ErrorCode.OK;
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(4);
            String path = kind == 0 ? randomPath() : existingOrRandomPath();
            ErrorCode e;
            OpResult result = null;
            if (kind == 0) {
                int flags = rnd.nextInt(4);
                boolean two = rnd.nextBoolean();
                ops.add(new Op(two ? OpCode.CREATE2 : OpCode.CREATE,
                        new CreateRequest(path, Bytes.utf8("m"), Acl.OPEN_ACL_UNSAFE, flags)));
                String[] created = new String[1];
                e = failedAt >= 0 ? ErrorCode.OK : scratch.create(session, path, "m", flags, false, zxid, created);
                if (e == ErrorCode.OK && failedAt < 0) {
                    result = two ? null : new OpResult.CreateResult(created[0]);
                    if (two) {
                        result = new OpResult.Create2Result(created[0], statOf(scratch, created[0]));
                    }
                }
            } else if (kind == 1) {
                int version = randomVersion(path);
                ops.add(new Op(OpCode.DELETE, new DeleteRequest(path, version)));
                e = failedAt >= 0 ? ErrorCode.OK : scratch.delete(session, path, version, zxid);
                result = new OpResult.DeleteResult();
            } else if (kind == 2) {
                int version = randomVersion(path);
                ops.add(new Op(OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8("s"), version)));
                e = failedAt >= 0 ? ErrorCode.OK : scratch.setData(session, path, "s", version, zxid, 0);
                if (e == ErrorCode.OK && failedAt < 0) {
                    result = new OpResult.SetDataResult(statOf(scratch, path));
                }
            } else {
                int version = randomVersion(path);
                ops.add(new Op(OpCode.CHECK, new CheckVersionRequest(path, version)));
                e = failedAt >= 0 ? ErrorCode.OK : scratch.check(session, path, version);
                result = new OpResult.CheckResult();
            }
            if (failedAt < 0 && e != ErrorCode.OK) {
                failedAt = i;
                failure = e;
            }
            expected.add(result);
        }
        OpOutcome o = write(session, OpCode.MULTI, new MultiRequest(ops));
        assertEquals(ErrorCode.OK, o.err(), where);
        List<OpResult> actual = ((MultiResponse) o.response()).results();
        if (failedAt >= 0) {
            List<OpResult> failed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                failed.add(new OpResult.ErrorResult(i < failedAt ? 0 : i == failedAt ? failure.code() : -2));
            }
            assertEquals(failed, actual, where + " multi " + ops);
        } else {
            for (int i = 0; i < n; i++) {
                OpResult exp = expected.get(i);
                if (exp instanceof OpResult.Create2Result c2) {
                    // The reply shows the Stat right after that op; later ops may change it.
                    assertEquals(c2.path(), ((OpResult.Create2Result) actual.get(i)).path(), where);
                } else if (exp instanceof OpResult.SetDataResult) {
                    assertEquals(OpResult.SetDataResult.class, actual.get(i).getClass(), where);
                } else {
                    assertEquals(exp, actual.get(i), where + " multi " + ops);
                }
            }
            model = scratch;
        }
    }

    private static Stat statOf(Model m, String path) {
        M n = m.nodes.get(path);
        return new Stat(n.czxid, n.mzxid, 0, 0, n.version, 2 * n.counter - n.children.size(), 0, n.owner,
                n.data == null ? 0 : n.data.length(), n.children.size(), n.pzxid);
    }

    private void doWatch() {
        String path = existingOrRandomPath();
        if (rnd.nextBoolean()) {
            OpOutcome o = f.read(oneShot, OpCode.EXISTS, new ExistsRequest(path, true));
            assertEquals(model.nodes.containsKey(path) ? ErrorCode.OK : ErrorCode.NONODE, o.err(), where);
            model.dataWatches.add(path);
        } else {
            OpOutcome o = f.read(oneShot, OpCode.GET_CHILDREN, new GetChildrenRequest(path, true));
            boolean exists = model.nodes.containsKey(path);
            assertEquals(exists ? ErrorCode.OK : ErrorCode.NONODE, o.err(), where);
            if (exists) {
                model.childWatches.add(path);
            }
        }
    }

    private void doSession() {
        long session = randomSession();
        if (model.sessions.contains(session) && rnd.nextInt(3) > 0) {
            OpOutcome o = f.closeSession(session);
            outcomes.add(o);
            Fixture.ok(o);
            model.close(session, f.zxid);
        } else if (!model.sessions.contains(session)) {
            Fixture.ok(f.openSession(session));
            model.sessions.add(session);
        }
    }

    private void drainEvents() {
        List<String> oneShotEvents = new ArrayList<>();
        List<String> recursiveEvents = new ArrayList<>();
        for (OpOutcome o : outcomes) {
            for (Notification n : o.notifications()) {
                assertEquals(o.zxid(), n.frame().header().zxid(), where);
                assertTrue(n.target() == oneShot || n.target() == recursive, where);
                (n.target() == oneShot ? oneShotEvents : recursiveEvents).add(Fixture.describe(n));
            }
        }
        outcomes.clear();
        assertEquals(model.events, oneShotEvents, where + " one-shot events");
        assertEquals(model.recursiveEvents, recursiveEvents, where + " recursive events");
        model.events.clear();
        model.recursiveEvents.clear();
    }

    private void compareTrees() {
        DataTree tree = f.sm.tree();
        Map<String, DataNode> actual = new LinkedHashMap<>();
        for (DataNode n : tree.allNodes()) {
            actual.put(n.path, n);
        }
        assertEquals(new TreeSet<>(model.nodes.keySet()), new TreeSet<>(actual.keySet()), where + " paths");
        for (Map.Entry<String, M> e : model.nodes.entrySet()) {
            M m = e.getValue();
            DataNode n = actual.get(e.getKey());
            String at = where + " node " + e.getKey();
            assertEquals(m.children, new TreeSet<>(n.children()), at);
            assertEquals(n.numChildren(), n.children().size(), at);
            assertEquals(Objects.requireNonNullElse(m.data, "<null>"),
                    n.data() == null ? "<null>" : n.data().toUtf8(), at);
            Stat s = n.stat();
            assertEquals(2 * m.counter - m.children.size(), s.cversion(), at + " cversion");
            assertEquals(m.version, s.version(), at);
            assertEquals(m.czxid, s.czxid(), at);
            assertEquals(m.mzxid, s.mzxid(), at);
            assertEquals(m.pzxid, s.pzxid(), at + " pzxid");
            assertEquals(m.owner, s.ephemeralOwner(), at);
            assertEquals(m.children.size(), s.numChildren(), at);
            assertEquals(m.data == null ? 0 : m.data.length(), s.dataLength(), at);
            DataNode parent = tree.parentOf(n);
            if (parent != null) {
                assertTrue(parent.children().contains(DataTree.nameOf(n.path)), at);
            } else {
                assertEquals("/", n.path, at);
            }
        }
        for (long s : SESSIONS) {
            assertEquals(new ArrayList<>(model.ephemerals.getOrDefault(s, new TreeSet<>())), f.sm.ephemerals(s),
                    where + " ephemerals of " + s);
        }
        assertEquals(model.nodes.size() + 1, f.sm.stats().nodeCount(), where);
        assertEquals(model.sessions.size() + 1, f.sm.stats().sessionCount(), where);
        long ephemeralCount = model.ephemerals.values().stream().mapToLong(Set::size).sum();
        assertEquals(ephemeralCount, f.sm.stats().ephemeralsCount(), where);
        long size = 0;
        for (Map.Entry<String, M> e : model.nodes.entrySet()) {
            size += e.getKey().length() + (e.getValue().data == null ? 0 : e.getValue().data.length());
        }
        assertEquals(size, f.sm.stats().approximateDataSize(), where + " size");
    }
}
