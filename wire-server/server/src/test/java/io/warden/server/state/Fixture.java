package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Id;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.WatcherEvent;
import io.warden.server.txn.CloseSessionTxn;
import io.warden.server.txn.CreateSessionTxn;
import io.warden.server.txn.RequestTxn;
import io.warden.server.txn.Txn;
import io.warden.server.txn.TxnHeader;
import io.warden.server.watch.WatchTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A state machine plus a fake sequencer for tests: increasing zxids and times, sessions, and
 * one-line helpers for each op. Not thread-safe (tests are single-threaded).
 */
final class Fixture {
    static final long S1 = 0x0100000000000001L;
    static final long S2 = 0x0100000000000002L;
    static final long S3 = 0x0100000000000003L;
    static final Id IP = new Id("ip", "127.0.0.1");
    static final long TIME0 = 1_700_000_000_000L;

    final StateMachine sm;
    long zxid;
    long time = TIME0;

    Fixture() {
        this(StateConfig.defaults());
    }

    Fixture(StateConfig config) {
        sm = new StateMachine(config);
    }

    static StateConfig extended() {
        StateConfig d = StateConfig.defaults();
        return new StateConfig(true, d.skipAcl(), d.superDigest(), d.maxDataBytes(), d.maxWatchesPerConnection());
    }

    /** A fixture with sessions S1 and S2 open (zxids 1 and 2). */
    static Fixture withSessions() {
        Fixture f = new Fixture();
        f.openSession(S1);
        f.openSession(S2);
        return f;
    }

    OpOutcome openSession(long sessionId) {
        return apply(sessionId, new CreateSessionTxn(30000, Bytes.copyOf(new byte[16])));
    }

    OpOutcome closeSession(long sessionId) {
        return apply(sessionId, new CloseSessionTxn());
    }

    OpOutcome apply(long sessionId, Txn txn) {
        time += 10;
        return sm.apply(new TxnHeader(sessionId, 1, ++zxid, time), txn);
    }

    OpOutcome write(long sessionId, OpCode op, Request request, Id... ids) {
        List<Id> identities = new ArrayList<>();
        identities.add(IP);
        identities.addAll(Arrays.asList(ids));
        return apply(sessionId, new RequestTxn(op, request, identities));
    }

    OpOutcome create(long sessionId, String path, String data, int flags, Id... ids) {
        return write(sessionId, OpCode.CREATE, new CreateRequest(path, Bytes.utf8(data), Acl.OPEN_ACL_UNSAFE, flags), ids);
    }

    OpOutcome create(String path) {
        return create(S1, path, "", 0);
    }

    OpOutcome create2(long sessionId, String path, String data, int flags) {
        return write(sessionId, OpCode.CREATE2, new CreateRequest(path, Bytes.utf8(data), Acl.OPEN_ACL_UNSAFE, flags));
    }

    OpOutcome createWithAcl(String path, List<Acl> acl, Id... ids) {
        return write(S1, OpCode.CREATE, new CreateRequest(path, Bytes.EMPTY, acl, 0), ids);
    }

    OpOutcome createTtl(OpCode op, String path, int flags, long ttl) {
        return write(S1, op, new CreateTTLRequest(path, Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, flags, ttl));
    }

    OpOutcome delete(String path, int version, Id... ids) {
        return write(S1, OpCode.DELETE, new DeleteRequest(path, version), ids);
    }

    OpOutcome setData(String path, String data, int version, Id... ids) {
        return write(S1, OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8(data), version), ids);
    }

    OpOutcome setAcl(String path, List<Acl> acl, int version, Id... ids) {
        return write(S1, OpCode.SET_ACL, new SetACLRequest(path, acl, version), ids);
    }

    OpOutcome multi(long sessionId, MultiRequest.Op... ops) {
        return write(sessionId, OpCode.MULTI, new MultiRequest(List.of(ops)));
    }

    OpOutcome read(Target target, OpCode op, Request request) {
        return sm.read(new ReadContext(target.sessionId(), target.identities(), target), op, request);
    }

    OpOutcome read(long sessionId, OpCode op, Request request, Id... ids) {
        List<Id> identities = new ArrayList<>();
        identities.add(IP);
        identities.addAll(Arrays.asList(ids));
        return sm.read(new ReadContext(sessionId, identities, null), op, request);
    }

    /** A live session for the helper reads below. */
    private long reader() {
        return sm.sessions().stream().mapToLong(SessionInfo::sessionId).min().orElse(S1);
    }

    Stat stat(String path) {
        OpOutcome o = read(reader(), OpCode.EXISTS, new ExistsRequest(path, false), new Id("super", ""));
        assertEquals(ErrorCode.OK, o.err(), "exists " + path);
        return ((ExistsResponse) o.response()).stat();
    }

    boolean exists(String path) {
        OpOutcome o = read(reader(), OpCode.EXISTS, new ExistsRequest(path, false), new Id("super", ""));
        if (o.err() == ErrorCode.SESSIONEXPIRED) {
            throw new AssertionError("no live session to read with");
        }
        return o.err() == ErrorCode.OK;
    }

    Bytes data(String path) {
        OpOutcome o = read(reader(), OpCode.GET_DATA, new GetDataRequest(path, false), new Id("super", ""));
        assertEquals(ErrorCode.OK, o.err(), "getData " + path);
        return ((GetDataResponse) o.response()).data();
    }

    List<String> children(String path) {
        OpOutcome o = read(reader(), OpCode.GET_CHILDREN, new GetChildrenRequest(path, false), new Id("super", ""));
        assertEquals(ErrorCode.OK, o.err(), "getChildren " + path);
        List<String> c = new ArrayList<>(((io.warden.protocol.response.GetChildrenResponse) o.response()).children());
        c.sort(null);
        return c;
    }

    static void ok(OpOutcome o) {
        assertEquals(ErrorCode.OK, o.err(), () -> "expected OK, got " + o);
    }

    static void err(ErrorCode expected, OpOutcome o) {
        assertEquals(expected, o.err(), () -> "outcome " + o);
    }

    static String createdPath(OpOutcome o) {
        ok(o);
        if (o.response() instanceof CreateResponse r) {
            return r.path();
        }
        return ((Create2Response) o.response()).path();
    }

    /** Events of one outcome as "type path" strings for {@code target}, in order. */
    static List<String> events(OpOutcome o, WatchTarget target) {
        List<String> out = new ArrayList<>();
        for (Notification n : o.notifications()) {
            if (n.target() == target) {
                out.add(describe(n));
            }
        }
        return out;
    }

    /** Every event of one outcome as "name:type path", in order. */
    static List<String> allEvents(OpOutcome o) {
        List<String> out = new ArrayList<>();
        for (Notification n : o.notifications()) {
            out.add(((Target) n.target()).name + ":" + describe(n));
        }
        return out;
    }

    static String describe(Notification n) {
        WatcherEvent e = (WatcherEvent) n.frame().response();
        assertEquals(-1, n.frame().xid(), "notification xid");
        assertEquals(3, e.state(), "SyncConnected");
        return EventType.fromCode(e.type()) + " " + e.path();
    }

    static void assertNoEvents(OpOutcome o) {
        assertTrue(o.notifications().isEmpty(), () -> "unexpected events " + o.notifications());
    }

    /** A connection with mutable identities, identity equality. */
    static final class Target implements WatchTarget {
        final String name;
        final long sessionId;
        List<Id> ids;

        Target(String name, long sessionId, Id... extra) {
            this.name = name;
            this.sessionId = sessionId;
            List<Id> l = new ArrayList<>();
            l.add(IP);
            l.addAll(Arrays.asList(extra));
            this.ids = List.copyOf(l);
        }

        @Override
        public List<Id> identities() {
            return ids;
        }

        @Override
        public long sessionId() {
            return sessionId;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
