package io.warden.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.EventType;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.OpResult;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.WatcherEvent;
import io.warden.server.testing.FakeTicker;
import io.warden.server.testing.RawClient;
import io.warden.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole requests through the server with raw frames: create, getData, watches, multi, expiry,
 * against the byte captures of PROTOCOL.md section 21.
 */
class EndToEndTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;
    private final FakeTicker ticker = new FakeTicker();
    private WardenServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir, ticker);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createReplyMatchesCaptureF() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            c.send(OpCode.CREATE, new CreateRequest("/demo", Bytes.utf8("hello"), Acl.OPEN_ACL_UNSAFE, 0));
            // capture F: xid 1, zxid 2 (zxid 1 was createSession), err 0, path "/demo"
            assertEquals("00000001" + "0000000000000002" + "00000000" + "00000005" + "2f64656d6f",
                    HEX.formatHex(c.readPayload()));
            ReplyFrame get = c.call(OpCode.GET_DATA, new GetDataRequest("/demo", true));
            GetDataResponse data = (GetDataResponse) get.response();
            assertEquals(Bytes.utf8("hello"), data.data());
            assertEquals(2, data.stat().czxid());
            assertEquals(2, data.stat().mzxid());
            assertEquals(FakeTicker.EPOCH_MS + ticker.read() / 1_000_000, data.stat().ctime(),
                    "ctime is the stamper's wall clock");
            assertEquals(5, data.stat().dataLength());
        }
    }

    @Test
    void watchFiresToOtherSessionsAndToTheWriterBeforeItsReply() throws Exception {
        try (RawClient a = RawClient.session(server.port()); RawClient b = RawClient.session(server.port())) {
            assertEquals(0, a.call(OpCode.CREATE, new CreateRequest("/w", null, Acl.OPEN_ACL_UNSAFE, 0))
                    .header().err());
            assertEquals(0, a.call(OpCode.EXISTS, new ExistsRequest("/w", true)).header().err());
            assertEquals(0, b.call(OpCode.GET_DATA, new GetDataRequest("/w", true)).header().err());
            int xid = a.send(OpCode.SET_DATA, new SetDataRequest("/w", Bytes.utf8("v"), -1));
            ReplyFrame event = a.readReply();
            ReplyFrame reply = a.readReply();
            assertEquals(Xids.NOTIFICATION, event.xid(), "capture J: the writer's own event comes first");
            assertEquals(new WatcherEvent(EventType.NODE_DATA_CHANGED.code(), 3, "/w"), event.response());
            assertEquals(xid, reply.xid());
            assertEquals(reply.header().zxid(), event.header().zxid(), "3.9 sends the triggering zxid");
            ReplyFrame other = b.readReply();
            assertEquals(Xids.NOTIFICATION, other.xid());
            assertEquals(new WatcherEvent(EventType.NODE_DATA_CHANGED.code(), 3, "/w"), other.response());
            b.send(OpCode.SET_DATA, new SetDataRequest("/w", Bytes.utf8("w"), -1));
            assertEquals(0, b.readReply().header().err(), "one-shot: no second event");
        }
    }

    @Test
    void multiSucceedsUnderOneZxidAndFailsAtomicallyLikeCapturesLAndM() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            assertEquals(0, c.call(OpCode.CREATE, new CreateRequest("/demo", null, Acl.OPEN_ACL_UNSAFE, 0))
                    .header().err());
            ReplyFrame ok = c.call(OpCode.MULTI, new MultiRequest(List.of(
                    new MultiRequest.Op(OpCode.CREATE, new CreateRequest("/demo/x", Bytes.EMPTY,
                            Acl.OPEN_ACL_UNSAFE, 0)),
                    new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest("/demo", 0)))));
            assertEquals(0, ok.header().err());
            assertEquals(3, ok.header().zxid());
            assertEquals(List.of(new OpResult.CreateResult("/demo/x"), new OpResult.CheckResult()),
                    ((MultiResponse) ok.response()).results());
            ReplyFrame failed = c.call(OpCode.MULTI, new MultiRequest(List.of(
                    new MultiRequest.Op(OpCode.DELETE, new DeleteRequest("/demo/x", -1)),
                    new MultiRequest.Op(OpCode.CHECK, new CheckVersionRequest("/demo", 7)),
                    new MultiRequest.Op(OpCode.SET_DATA, new SetDataRequest("/demo", Bytes.EMPTY, -1)))));
            assertEquals(0, failed.header().err(), "a multi's header err is always 0");
            assertEquals(4, failed.header().zxid(), "a failed multi consumes a zxid");
            assertEquals(List.of(new OpResult.ErrorResult(0), new OpResult.ErrorResult(ErrorCode.BADVERSION.code()),
                    new OpResult.ErrorResult(ErrorCode.RUNTIMEINCONSISTENCY.code())),
                    ((MultiResponse) failed.response()).results());
            assertEquals(0, c.call(OpCode.EXISTS, new ExistsRequest("/demo/x", false)).header().err(),
                    "nothing was applied");
        }
    }

    @Test
    void expiredSessionsEphemeralsAreDeletedItsSocketClosedSilentlyAndReattachIsRefused() throws Exception {
        try (RawClient owner = new RawClient(server.port()); RawClient watcher = RawClient.session(server.port())) {
            assertEquals(4000, owner.connect(new ConnectRequest(0, 4000, 0, Bytes.wrapOwned(new byte[16]), false))
                    .timeOut());
            assertEquals(0, owner.call(OpCode.CREATE, new CreateRequest("/eph", null, Acl.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL.flag())).header().err());
            assertEquals(0, watcher.call(OpCode.GET_CHILDREN, new GetChildrenRequest("/", true)).header().err());
            assertEquals(0, watcher.call(OpCode.EXISTS, new ExistsRequest("/eph", true)).header().err());
            ticker.advance(Duration.ofMillis(6001));
            server.checkSessionExpiry();
            assertTrue(owner.closedWithoutData(), "PROTOCOL 11: closed without sending anything");
            ReplyFrame deleted = watcher.readReply();
            ReplyFrame children = watcher.readReply();
            assertEquals(new WatcherEvent(EventType.NODE_DELETED.code(), 3, "/eph"), deleted.response());
            assertEquals(new WatcherEvent(EventType.NODE_CHILDREN_CHANGED.code(), 3, "/"), children.response());
            assertEquals(4, deleted.header().zxid(), "the expiry's close transaction");
            try (RawClient again = new RawClient(server.port())) {
                assertEquals(0, again.connect(new ConnectRequest(0, 4000, owner.sessionId(), owner.password(),
                        false)).timeOut());
            }
            ReplyFrame list = watcher.call(OpCode.GET_CHILDREN, new GetChildrenRequest("/", false));
            assertEquals(List.of("zookeeper"), ((GetChildrenResponse) list.response()).children());
        }
    }

    @Test
    void restartOnTheSameStateKeepsSessionsAndZxids(@TempDir Path other) throws Exception {
        io.warden.server.state.StateMachine state = new io.warden.server.state.StateMachine(
                io.warden.server.state.StateConfig.defaults());
        ServerConfig config = TestServers.config(other).build();
        ServerEnv env = new ServerEnv(ticker, ticker, io.warden.server.sequencer.Entropy.seeded(TestServers.SEED));
        long sessionId;
        Bytes password;
        long zxid;
        try (WardenServer first = WardenServer.start(config, env, io.warden.server.sequencer.StateStore.of(state));
                RawClient c = RawClient.session(first.port())) {
            c.call(OpCode.CREATE, new CreateRequest("/kept", null, Acl.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL.flag()));
            sessionId = c.sessionId();
            password = c.password();
            zxid = c.ping().header().zxid();
        }
        try (WardenServer second = WardenServer.start(config, env, io.warden.server.sequencer.StateStore.of(state));
                RawClient c = new RawClient(second.port())) {
            assertEquals(1, second.sessionCount(), "the session is re-armed");
            assertEquals(sessionId, c.connect(new ConnectRequest(zxid, 30_000, sessionId, password, false))
                    .sessionId(), "re-attach after the restart");
            assertEquals(zxid, c.ping().header().zxid());
            assertEquals(0, c.call(OpCode.EXISTS, new ExistsRequest("/kept", false)).header().err());
        }
    }

    @Test
    void emptiedContainersAreReapedEveryCheckInterval(@TempDir Path other) throws Exception {
        try (WardenServer s = TestServers.start(other, ticker, b -> b.containerCheckIntervalMs(1000));
                RawClient c = RawClient.session(s.port())) {
            assertEquals(0, c.call(OpCode.CREATE_CONTAINER, new CreateRequest("/c", null, Acl.OPEN_ACL_UNSAFE,
                    CreateMode.CONTAINER.flag())).header().err());
            assertEquals(0, c.call(OpCode.CREATE, new CreateRequest("/c/x", null, Acl.OPEN_ACL_UNSAFE, 0))
                    .header().err());
            assertEquals(0, c.call(OpCode.DELETE, new DeleteRequest("/c/x", -1)).header().err());
            assertEquals(0, c.call(OpCode.EXISTS, new ExistsRequest("/c", true)).header().err());
            ticker.advance(Duration.ofMillis(1001));
            s.checkSessionExpiry();
            ReplyFrame event = c.readReply();
            assertEquals(new WatcherEvent(EventType.NODE_DELETED.code(), 3, "/c"), event.response());
            assertEquals(ErrorCode.NONODE.code(), c.call(OpCode.EXISTS, new ExistsRequest("/c", false))
                    .header().err());
        }
    }

    @Test
    void getConfigReturnsAnEmptyBufferAndRootListsZookeeper() throws Exception {
        try (RawClient c = RawClient.session(server.port())) {
            GetDataResponse config = (GetDataResponse) c.call(OpCode.GET_DATA,
                    new GetDataRequest("/zookeeper/config", true)).response();
            assertArrayEquals(new byte[0], config.data().toByteArray());
            assertEquals(-1, config.stat().aversion());
            ReplyFrame ping = c.call(OpCode.PING, EmptyRequest.INSTANCE);
            assertEquals(1, ping.header().zxid());
        }
    }
}
