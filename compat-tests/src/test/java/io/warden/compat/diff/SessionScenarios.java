package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getChildren;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.getEphemerals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetSASLRequest;
import io.warden.protocol.request.ReconfigRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.ConnectResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions and connections over raw frames (PROTOCOL.md 4, 5, 6, 7.10, 7.12, 7.16, 7.21):
 * handshake variants, re-attach and wrong passwords, closeSession and what it deletes, unknown
 * opcodes and a top-level check (-6 then close), malformed bodies, ping, sasl, reconfig, and
 * pipelined requests (also behind the ConnectRequest).
 */
final class SessionScenarios {
    private SessionScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("session-handshakes", SessionScenarios::handshakes),
                new Scenario("session-close", SessionScenarios::closeSession),
                new Scenario("session-unknown-opcodes", SessionScenarios::unknownOpcodes),
                new Scenario("session-internal-opcodes", SessionScenarios::internalOpcodes),
                new Scenario("session-malformed-requests", SessionScenarios::malformed),
                new Scenario("session-misc-ops", SessionScenarios::miscOps),
                new Scenario("session-pipelining", SessionScenarios::pipelining),
                new Scenario("session-frame-limits", SessionScenarios::frameLimits),
                new Scenario("session-expiry", SessionScenarios::expiry));
    }

    private static void handshakes(ScenarioContext ctx) {
        ctx.note("an old client without the readOnly byte gets a 36-byte reply; timeouts are clamped");
        RawSession old = ctx.rawUnconnected("old");
        old.connect(new ConnectRequest(0, 0, 1000, 0, Bytes.wrapOwned(new byte[16]), false, false));
        old.closeSession();
        RawSession big = ctx.rawUnconnected("big");
        big.connect(RawSession.newSessionRequest(100_000));
        big.closeSession();
        RawSession ro = ctx.rawUnconnected("ro");
        ro.connect(new ConnectRequest(0, 5000, 0, Bytes.wrapOwned(new byte[16]), true));
        ro.closeSession();
        ctx.note("re-attach keeps id and password and consumes no zxid");
        RawSession c = ctx.raw("c");
        create(c, ctx.root(), "root", 0);
        c.dropConnection();
        c.reattach();
        exists(c, ctx.root(), false);
        ctx.note("a wrong password gets the invalid reply and also closes c's connection");
        RawSession d = ctx.rawUnconnected("d");
        byte[] wrong = c.passwd().toByteArray();
        wrong[0] ^= 0x55;
        d.connect(new ConnectRequest(c.lastZxid(), 30_000, c.sessionId(), Bytes.wrapOwned(wrong), false));
        d.expectClosed();
        c.expectClosed();
        c.reattach();
        exists(c, ctx.root(), false);
        ctx.note("an unknown session id gets the invalid reply");
        RawSession e = ctx.rawUnconnected("e");
        e.connect(new ConnectRequest(0, 30_000, c.sessionId() ^ 0x7fff, c.passwd(), false));
        e.expectClosed();
        ctx.note("a client that saw a newer zxid than the server's is refused without a reply");
        RawSession f = ctx.rawUnconnected("f");
        f.connect(new ConnectRequest(c.lastZxid() + 1000, 30_000, 0, Bytes.wrapOwned(new byte[16]), false));
        ctx.note("a second connection with c's id and password takes the session over; c's old connection closes");
        RawSession c2 = ctx.rawUnconnected("c2");
        c2.connect(new ConnectRequest(c.lastZxid(), 30_000, c.sessionId(), c.passwd(), false));
        c.expectClosed();
        exists(c2, ctx.root(), false);
        c2.dropConnection();
        c.reattach();
        ctx.note("odd handshakes: protocolVersion 7, timeouts 0 and negative");
        for (int timeout : new int[] {0, -5}) {
            RawSession odd = ctx.rawUnconnected("odd" + (timeout == 0 ? "0" : "neg"));
            odd.connect(new ConnectRequest(7, 0, timeout, 0, Bytes.wrapOwned(new byte[16]), false, true));
            odd.closeSession();
        }
        ctx.note("a first frame too short for a ConnectRequest");
        RawSession shortHello = ctx.rawUnconnected("short");
        shortHello.openWithoutHandshake();
        shortHello.sendPayload("8-byte ConnectRequest", new byte[] {0, 0, 0, 0, 0, 0, 0, 0}, 0, null);
        shortHello.expectClosed();
        ctx.note("a short password on a new session");
        RawSession g = ctx.rawUnconnected("g");
        ConnectResponse shortPw = g.connect(new ConnectRequest(0, 30_000, 0, Bytes.wrapOwned(new byte[4]), false));
        if (shortPw != null && shortPw.timeOut() > 0) {
            g.closeSession();
        }
        c.closeSession();
    }

    /**
     * Expiry takes between the negotiated timeout (4000 ms, the minimum) and one tick more; the
     * scenario waits for it, so it is the slowest one (about 5 s per target).
     */
    private static void expiry(ScenarioContext ctx) {
        RawSession w = ctx.raw("w");
        create(w, ctx.root(), "root", 0);
        RawSession a = ctx.rawUnconnected("a");
        a.connect(RawSession.newSessionRequest(4000));
        create(a, ctx.path("e"), "e", 1);
        create(a, ctx.path("p"), "p", 0);
        exists(w, ctx.path("e"), true);
        getChildren(w, ctx.root(), true);
        ctx.note("a stays silent: the session expires, its ephemeral goes, w is told, a's socket closes without a word");
        Duration wait = Duration.ofSeconds(12);
        w.readOne("NodeDeleted of the expired session's ephemeral", wait);
        w.readOne("NodeChildrenChanged of the root", wait);
        a.expectClosed(wait);
        ctx.note("the expired session cannot be re-attached");
        a.reattach();
        a.expectClosed();
        getData(w, ctx.root(), false);
        getChildren(w, ctx.root(), false);
        w.closeSession();
    }

    private static void closeSession(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        RawSession b = ctx.raw("b");
        create(a, ctx.root(), "root", 0);
        create(a, ctx.path("e1"), "e", 1);
        create(a, ctx.path("p"), "p", 0);
        exists(b, ctx.path("e1"), true);
        getChildren(b, ctx.root(), true);
        getEphemerals(a, "/");
        ctx.note("closeSession: one zxid, the ephemerals go (events to b), reply, then close");
        a.closeSession();
        b.ping();
        getChildren(b, ctx.root(), false);
        getData(b, ctx.root(), false);
        ctx.note("the closed session cannot be re-attached");
        a.reattach();
        a.expectClosed();
        // Not covered: a request pipelined right behind closeSession. Real ZooKeeper answers it
        // with SESSIONEXPIRED or not at all, depending on timing.
        b.closeSession();
    }

    private static void unknownOpcodes(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("unknown opcodes, notification (0), error (-1) and a top-level check: -6, zxid -1, close");
        for (int type : new int[] {10, 23, 99, 0, 108, -1, -111}) {
            a.sendType(type);
            a.settle();
        }
        a.send(OpCode.CHECK, new CheckVersionRequest(ctx.root(), 0));
        a.settle();
        ctx.note("the session survived every closed connection");
        exists(a, ctx.root(), false);
        a.closeSession();
    }

    private static void internalOpcodes(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("deleteContainer (20) sent by a client, on every kind of node");
        create(a, ctx.path("cont"), "c", 4);
        create(a, ctx.path("full"), "f", 4);
        create(a, ctx.path("full/kid"), "k", 0);
        create(a, ctx.path("plain"), "p", 0);
        create(a, ctx.path("eph"), "e", 1);
        for (String name : List.of("cont", "full", "plain", "eph", "missing")) {
            a.call(OpCode.DELETE_CONTAINER, new DeleteContainerRequest(ctx.path(name)));
            a.recover();
        }
        a.call(OpCode.DELETE_CONTAINER, new DeleteContainerRequest("relative"));
        a.recover();
        RawOps.getChildren2(a, ctx.root(), false);
        RawOps.delete(a, ctx.path("full/kid"), -1);
        RawOps.delete(a, ctx.path("full"), -1);
        a.closeSession();
        ctx.note("createSession (-10) sent as a request");
        RawSession b = ctx.raw("b");
        b.await(b.sendType(OpCode.CREATE_SESSION.code()));
        b.recover();
        exists(b, ctx.root(), false);
        b.closeSession();
    }

    private static void malformed(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("a getData whose path length runs past the frame");
        ByteBuf truncated = Unpooled.buffer();
        truncated.writeInt(1000).writeInt(OpCode.GET_DATA.code()).writeInt(20).writeBytes(new byte[] {'/', 'a', 'b'});
        a.sendPayload("getData with a truncated path", bytes(truncated), 1000, OpCode.GET_DATA);
        a.await(1000);
        a.recover();
        exists(a, ctx.root(), false);
        ctx.note("a setData with trailing garbage after its body (jute ignores it)");
        ByteBuf trailing = Unpooled.buffer();
        trailing.writeInt(1001).writeInt(OpCode.SET_DATA.code());
        new SetDataRequest(ctx.root(), Bytes.utf8("t"), -1).write(new WireWriter(trailing));
        trailing.writeInt(0xdeadbeef);
        a.sendPayload("setData with 4 trailing bytes", bytes(trailing), 1001, OpCode.SET_DATA);
        a.await(1001);
        a.recover();
        ctx.note("a getData header without a body");
        ByteBuf headerOnly = Unpooled.buffer();
        headerOnly.writeInt(1002).writeInt(OpCode.GET_DATA.code());
        a.sendPayload("getData header without body", bytes(headerOnly), 1002, OpCode.GET_DATA);
        a.await(1002);
        a.recover();
        ctx.note("a frame shorter than a request header");
        a.sendPayload("3-byte frame", new byte[] {0, 0, 1}, 0, null);
        a.settle();
        exists(a, ctx.root(), false);
        a.closeSession();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        buf.release();
        return out;
    }

    private static void miscOps(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("ping: xid -2, the last zxid, no body");
        a.ping();
        ctx.note("sasl without SASL configured");
        a.call(OpCode.SASL, new GetSASLRequest(Bytes.utf8("token")));
        a.recover();
        ctx.note("reconfig on a standalone server");
        a.call(OpCode.RECONFIG, new ReconfigRequest("server.2=127.0.0.1:1:2:participant;3", null, null, -1));
        a.recover();
        ctx.note("auth with a non-zero type and the ip scheme");
        a.sendFrame(new RequestFrame(Xids.AUTH, OpCode.AUTH, new AuthPacket(7, "digest", Bytes.utf8("u:p"))));
        a.await(Xids.AUTH);
        RawOps.whoAmI(a);
        ctx.note("an auth packet with a positive xid");
        a.call(OpCode.AUTH, new AuthPacket(0, "digest", Bytes.utf8("v:q")));
        a.recover();
        RawOps.whoAmI(a);
        a.closeSession();
    }

    private static void frameLimits(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        create(a, ctx.root(), "root", 0);
        ctx.note("data up to the frame limit round-trips");
        byte[] big = new byte[1_000_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        a.call(OpCode.CREATE, new io.warden.protocol.request.CreateRequest(ctx.path("big"), Bytes.wrapOwned(big),
                RawOps.OPEN, 0));
        getData(a, ctx.path("big"), false);
        ctx.note("a setData frame just over 1048575 bytes: the connection closes without a reply");
        String path = ctx.path("big");
        int pathBytes = path.length();
        int dataBytes = 1_048_576 - (8 + 4 + pathBytes + 4 + 4);
        a.send(OpCode.SET_DATA, new SetDataRequest(path, Bytes.wrapOwned(new byte[dataBytes]), -1));
        a.settle();
        getData(a, ctx.path("big"), false);
        ctx.note("a frame length just over the limit, and a negative one, with no body");
        a.sendUnframed("length 1048576", new byte[] {0x00, 0x10, 0x00, 0x00});
        a.settle();
        a.sendUnframed("length -1", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        a.settle();
        ctx.note("exactly at the limit: 1048575 bytes of setData frame");
        a.call(OpCode.SET_DATA, new SetDataRequest(path, Bytes.wrapOwned(new byte[dataBytes - 1]), -1));
        a.recover();
        exists(a, ctx.path("big"), false);
        a.closeSession();
    }

    private static void pipelining(ScenarioContext ctx) {
        RawSession a = ctx.rawUnconnected("a");
        ctx.note("requests pipelined behind the ConnectRequest are answered in order after it");
        a.connectPipelined(RawSession.newSessionRequest(RawSession.SESSION_TIMEOUT_MS), List.of(
                new RequestFrame(Xids.AUTH, OpCode.AUTH, new AuthPacket(0, "digest", Bytes.utf8("alice:secret"))),
                new RequestFrame(1, OpCode.CREATE, RawOps.createRequest(ctx.root(), "root", 0)),
                new RequestFrame(2, OpCode.GET_DATA, new GetDataRequest(ctx.root(), true))));
        a.await(2);
        ctx.note("twenty requests in one write: replies and notifications in order");
        List<RequestFrame> batch = new ArrayList<>();
        int xid = 3;
        batch.add(new RequestFrame(xid++, OpCode.SET_DATA, new SetDataRequest(ctx.root(), Bytes.utf8("r1"), -1)));
        for (int i = 0; i < 6; i++) {
            String path = ctx.path("n" + i);
            batch.add(new RequestFrame(xid++, OpCode.CREATE, RawOps.createRequest(path, "v" + i, 0)));
            batch.add(new RequestFrame(xid++, OpCode.GET_DATA, new GetDataRequest(path, true)));
            batch.add(new RequestFrame(xid++, OpCode.SET_DATA, new SetDataRequest(path, Bytes.utf8("w" + i), i % 2 - 1)));
        }
        batch.add(new RequestFrame(Xids.PING, OpCode.PING, EmptyRequest.INSTANCE));
        batch.add(new RequestFrame(xid, OpCode.GET_CHILDREN, new io.warden.protocol.request.GetChildrenRequest(ctx.root(), false)));
        a.sendFrames(batch);
        a.await(xid);
        a.closeSession();
    }
}
