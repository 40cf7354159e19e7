package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.server.ensemble.ConfigNode;
import io.warden.server.ensemble.EnsembleMember;
import io.warden.server.ensemble.HostPort;
import io.warden.server.ensemble.ServerRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /zookeeper/config} set by {@link StateMachine#setConfigNode}: the stat ZooKeeper 3.9.5's
 * quorum peer shows (version -1, aversion -1, mzxid = configuration version, czxid/ctime 0), read
 * as getConfig reads it (getData), its watch, its ACL, and a snapshot round trip.
 */
class ConfigNodeStateTest {
    private final Fixture f = Fixture.withSessions();
    private final Fixture.Target watcher = new Fixture.Target("w", S1);

    private static List<EnsembleMember> members(int count) {
        return java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> new EnsembleMember(i,
                new HostPort("127.0.0.1", 2887 + i), new HostPort("127.0.0.1", 3887 + i), ServerRole.PARTICIPANT,
                new HostPort("0.0.0.0", 2180 + i))).toList();
    }

    private GetDataResponse getConfig(boolean watch) {
        OpOutcome o = f.read(watcher, OpCode.GET_DATA, new GetDataRequest("/zookeeper/config", watch));
        ok(o);
        return (GetDataResponse) o.response();
    }

    @Test
    void freshTreeHasAnEmptyConfigNodeAsZooKeeperStandalone() {
        GetDataResponse r = getConfig(false);
        assertEquals(0, r.data().length());
        assertEquals(0, r.stat().mzxid());
        assertEquals(0, r.stat().version());
    }

    @Test
    void setConfigNodeStoresTheTextWithZooKeepersStat() {
        long last = f.sm.lastZxid();
        String text = ConfigNode.content(members(3), 0);
        assertTrue(f.sm.setConfigNode(text.getBytes(StandardCharsets.UTF_8), 0, 0).isEmpty(), "nobody watches");
        assertEquals(last, f.sm.lastZxid(), "consumes no zxid");
        GetDataResponse r = getConfig(false);
        assertEquals(text, new String(r.data().toByteArray(), StandardCharsets.UTF_8));
        Stat st = r.stat();
        // as observed on a ZooKeeper 3.9.5 peer: czxid=0 mzxid=0 ctime=0 version=-1 aversion=-1
        assertEquals(0, st.czxid());
        assertEquals(0, st.mzxid());
        assertEquals(0, st.ctime());
        assertEquals(-1, st.version());
        assertEquals(-1, st.aversion());
        assertEquals(text.length(), st.dataLength());
        assertEquals(0, st.numChildren());
        OpOutcome acl = f.read(S1, OpCode.GET_ACL, new GetACLRequest("/zookeeper/config"));
        ok(acl);
        assertEquals(Acl.READ_ACL_UNSAFE, ((GetACLResponse) acl.response()).acl());
        err(ErrorCode.NOAUTH, f.setData("/zookeeper/config", "x", -1));
    }

    @Test
    void aNewConfigurationFiresTheGetConfigWatchOnce() {
        f.sm.setConfigNode(ConfigNode.bytes(members(1), 0), 0, 0);
        getConfig(true);
        long version = 0x100000003L;
        List<Notification> fired = f.sm.setConfigNode(ConfigNode.bytes(members(3), version), version, 1234);
        assertEquals(List.of("NODE_DATA_CHANGED /zookeeper/config"),
                fired.stream().map(Fixture::describe).toList());
        GetDataResponse r = getConfig(false);
        assertEquals(ConfigNode.content(members(3), version),
                new String(r.data().toByteArray(), StandardCharsets.UTF_8));
        assertTrue(new String(r.data().toByteArray(), StandardCharsets.UTF_8).endsWith("\nversion=100000003"));
        assertEquals(version, r.stat().mzxid());
        assertEquals(1234, r.stat().mtime());
        assertEquals(-1, r.stat().version());
        assertTrue(f.sm.setConfigNode(ConfigNode.bytes(members(2), version + 1), version + 1, 0).isEmpty(),
                "a watch fires once");
    }

    @Test
    void snapshotKeepsTheConfigNodeEvenWithAVersionBeyondTheLog() {
        long version = 0x500000000L; // a dynamic file's suffix from an older, longer history
        f.sm.setConfigNode(ConfigNode.bytes(members(3), version), version, 0);
        StateMachine restored;
        try (FrozenState frozen = f.sm.freeze()) {
            StateRestorer r = new StateRestorer(StateConfig.defaults());
            frozen.sessions().forEach(r::session);
            frozen.forEachNode(r::node);
            restored = r.finish(frozen.lastZxid(), frozen.containerOrder(), frozen.ttlOrder());
        }
        assertNull(StateDump.firstDifference(StateDump.lines(f.sm), StateDump.lines(restored)));
    }
}
