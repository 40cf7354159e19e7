package io.warden.server.testing;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.server.acl.DigestAuth;
import io.warden.server.state.OpOutcome;
import io.warden.server.state.StateConfig;
import io.warden.server.state.StateMachine;
import io.warden.server.txn.CloseSessionTxn;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.StampedTxn;
import io.warden.server.txn.TouchSessionsTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded random write history driven against a live state machine: each {@link #step()}
 * makes one stamped txn, applies it and keeps a pool of paths that exist, so that later txns hit
 * real nodes. It covers sessions opening and closing (with ephemerals), every create mode and
 * opcode (sequential, container, TTL), session touches and expiry closes, delete, setData (built-in nodes too), setACL with digest
 * and ip ACLs and NOAUTH, multi with commits and rollbacks, deleteContainer from a reaper, and
 * zxid gaps. No model: it is for comparing two state machines fed the same history.
 *
 * <p>Thread-confined.
 */
public final class RandomHistory {
    public static final Id IP = new Id("ip", "127.0.0.1");
    public static final Id ALICE = new Id("digest", DigestAuth.digestId("alice:secret"));
    public static final Id BOB = new Id("digest", DigestAuth.digestId("bob:pw"));
    private static final String[] NAMES = {"a", "b", "c", "d", "e", "f", "lock-", "n"};
    private static final List<List<Acl>> ACLS = List.of(
            Acl.OPEN_ACL_UNSAFE, Acl.OPEN_ACL_UNSAFE, Acl.OPEN_ACL_UNSAFE, Acl.READ_ACL_UNSAFE, Acl.CREATOR_ALL_ACL,
            List.of(new Acl(Perms.ALL, ALICE)),
            List.of(new Acl(Perms.ALL, ALICE), new Acl(Perms.READ, Id.ANYONE)),
            List.of(new Acl(Perms.ALL, new Id("ip", "127.0.0.0/8"))),
            List.of(new Acl(Perms.READ | Perms.WRITE, BOB), new Acl(Perms.ALL, ALICE)));

    private final SplittableRandom rnd;
    private final StateMachine sm;
    private final List<String> paths = new ArrayList<>();
    private final Set<String> pathSet = new HashSet<>();
    private final List<Long> sessions = new ArrayList<>();
    private long nextSession = 0x0100000000000001L;
    private long zxid;
    private long timeMs = 1_700_000_000_000L;
    private OpOutcome lastOutcome;

    public RandomHistory(long seed, StateMachine sm) {
        this.rnd = new SplittableRandom(seed);
        this.sm = sm;
        this.zxid = sm.lastZxid();
        addPath("/zookeeper");
    }

    /** Settings that allow every node type (TTL nodes need extended types). */
    public static StateConfig config() {
        StateConfig d = StateConfig.defaults();
        return new StateConfig(true, d.skipAcl(), d.superDigest(), d.maxDataBytes(), d.maxWatchesPerConnection());
    }

    /** The outcome of the last step on the live state machine. */
    public OpOutcome lastOutcome() {
        return lastOutcome;
    }

    /** Makes, applies and returns the next txn. */
    public StampedTxn step() {
        if (sessions.isEmpty() || rnd.nextInt(40) == 0 && sessions.size() < 8) {
            return openSession();
        }
        int kind = rnd.nextInt(100);
        if (kind < 3) {
            return closeSession();
        } else if (kind < 5) {
            return touch();
        } else if (kind < 35) {
            return create();
        } else if (kind < 50) {
            return apply(session(), request(OpCode.DELETE, new DeleteRequest(existing(), version())));
        } else if (kind < 68) {
            return apply(session(), request(OpCode.SET_DATA, new SetDataRequest(existing(), data(), version())));
        } else if (kind < 74) {
            return apply(session(), request(OpCode.SET_ACL, new SetACLRequest(existing(), acl(), version())));
        } else if (kind < 96) {
            return multi();
        } else {
            return reap();
        }
    }

    private StampedTxn openSession() {
        long id = nextSession++;
        byte[] pw = new byte[16];
        for (int i = 0; i < pw.length; i++) {
            pw[i] = (byte) rnd.nextInt(256);
        }
        sessions.add(id);
        return apply(id, new CreateSessionTxn(1000 * (2 + rnd.nextInt(40)), Bytes.wrapOwned(pw)));
    }

    private StampedTxn closeSession() {
        long id = sessions.remove(rnd.nextInt(sessions.size()));
        List<String> owned = sm.ephemerals(id);
        // a client's close, or an expiry decided at the last zxid (as the sequencer stamps it)
        StampedTxn t = apply(id, rnd.nextBoolean() ? new CloseSessionTxn() : new CloseSessionTxn(zxid));
        owned.forEach(this::removePath);
        return t;
    }

    /** A touch of some live sessions (and an unknown one): no zxid consumed. */
    private StampedTxn touch() {
        List<Long> ids = new ArrayList<>();
        for (long id : sessions) {
            if (rnd.nextBoolean()) {
                ids.add(id);
            }
        }
        ids.add(nextSession + 1000);
        timeMs += rnd.nextInt(3000);
        StampedTxn t = new StampedTxn(new TxnHeader(0, 0, zxid, timeMs), new TouchSessionsTxn(ids));
        lastOutcome = sm.apply(t.header(), t.txn());
        return t;
    }

    private StampedTxn create() {
        String parent = paths.isEmpty() || rnd.nextInt(5) == 0 ? "" : paths.get(rnd.nextInt(paths.size()));
        String path = parent + "/" + NAMES[rnd.nextInt(NAMES.length)];
        int r = rnd.nextInt(10);
        OpCode op;
        Request req;
        if (r < 7) {
            op = rnd.nextBoolean() ? OpCode.CREATE : OpCode.CREATE2;
            req = new CreateRequest(path, data(), acl(), rnd.nextInt(4));
        } else if (r < 8) {
            op = OpCode.CREATE_CONTAINER;
            req = new CreateRequest(path, data(), acl(), 4);
        } else {
            op = OpCode.CREATE_TTL;
            req = new CreateTTLRequest(path, data(), acl(), 5 + rnd.nextInt(2), 1 + rnd.nextInt(20_000));
        }
        return apply(session(), request(op, req));
    }

    private StampedTxn multi() {
        int n = 1 + rnd.nextInt(5);
        List<MultiRequest.Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(4);
            if (r == 0) {
                String parent = paths.isEmpty() || rnd.nextBoolean() ? "" : paths.get(rnd.nextInt(paths.size()));
                ops.add(new MultiRequest.Op(OpCode.CREATE, new CreateRequest(parent + "/" + NAMES[rnd.nextInt(NAMES.length)],
                        data(), acl(), rnd.nextInt(4))));
            } else if (r == 1) {
                ops.add(new MultiRequest.Op(OpCode.DELETE, new DeleteRequest(existing(), version())));
            } else if (r == 2) {
                ops.add(new MultiRequest.Op(OpCode.SET_DATA, new SetDataRequest(existing(), data(), version())));
            } else {
                ops.add(new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest(existing(), version())));
            }
        }
        return apply(session(), request(OpCode.MULTI, new MultiRequest(ops)));
    }

    /** What the container/TTL reaper would submit, or a deleteContainer of any path. */
    private StampedTxn reap() {
        List<String> due = sm.reapableNodes(timeMs, 4);
        String path = due.isEmpty() || rnd.nextInt(4) == 0 ? existing() : due.get(rnd.nextInt(due.size()));
        return apply(session(), request(OpCode.DELETE_CONTAINER, new DeleteContainerRequest(path)));
    }

    private RequestTxn request(OpCode op, Request request) {
        List<Id> ids = new ArrayList<>();
        ids.add(IP);
        if (rnd.nextInt(3) == 0) {
            ids.add(ALICE);
        }
        if (rnd.nextInt(8) == 0) {
            ids.add(BOB);
        }
        return new RequestTxn(op, request, ids);
    }

    private StampedTxn apply(long sessionId, Txn txn) {
        zxid += rnd.nextInt(20) == 0 ? 2 + rnd.nextInt(3) : 1;
        timeMs += rnd.nextInt(3000);
        StampedTxn t = new StampedTxn(new TxnHeader(sessionId, rnd.nextInt(1 << 20), zxid, timeMs), txn);
        lastOutcome = sm.apply(t.header(), t.txn());
        track(txn, lastOutcome);
        return t;
    }

    private void track(Txn txn, OpOutcome o) {
        if (o.err() != ErrorCode.OK || !(txn instanceof RequestTxn r)) {
            return;
        }
        if (o.response() instanceof CreateResponse c) {
            addPath(c.path());
        } else if (o.response() instanceof Create2Response c) {
            addPath(c.path());
        } else if (r.request() instanceof DeleteRequest d) {
            removePath(d.path());
        } else if (r.request() instanceof DeleteContainerRequest d) {
            removePath(d.path());
        } else if (o.response() instanceof MultiResponse m && r.request() instanceof MultiRequest req) {
            List<OpResult> results = m.results();
            if (!results.isEmpty() && results.get(0) instanceof OpResult.ErrorResult) {
                return;
            }
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) instanceof OpResult.CreateResult c) {
                    addPath(c.path());
                } else if (req.ops().get(i).request() instanceof DeleteRequest d) {
                    removePath(d.path());
                }
            }
        }
    }

    private void addPath(String path) {
        if (pathSet.add(path)) {
            paths.add(path);
        }
    }

    private void removePath(String path) {
        if (pathSet.remove(path)) {
            paths.remove(path);
        }
    }

    private long session() {
        return rnd.nextInt(30) == 0 ? 0x0100000000000000L | rnd.nextInt(1 << 16) : sessions.get(rnd.nextInt(sessions.size()));
    }

    private String existing() {
        if (paths.isEmpty() || rnd.nextInt(15) == 0) {
            return rnd.nextBoolean() ? "/zookeeper/quota" : "/" + NAMES[rnd.nextInt(NAMES.length)];
        }
        return paths.get(rnd.nextInt(paths.size()));
    }

    private int version() {
        int r = rnd.nextInt(4);
        return r < 2 ? -1 : rnd.nextInt(3);
    }

    private Bytes data() {
        int r = rnd.nextInt(10);
        if (r == 0) {
            return null;
        }
        if (r == 1) {
            return Bytes.EMPTY;
        }
        byte[] b = new byte[1 + rnd.nextInt(100)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return Bytes.wrapOwned(b);
    }

    private List<Acl> acl() {
        return ACLS.get(rnd.nextInt(ACLS.size()));
    }
}
