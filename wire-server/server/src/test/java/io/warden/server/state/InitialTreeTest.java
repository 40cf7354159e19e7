package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.Stat;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetDataResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fresh tree of PROTOCOL.md 10.3. */
class InitialTreeTest {
    private final Fixture f = Fixture.withSessions();

    @Test
    void rootCversionIsMinusOneOnFreshTree() {
        Stat root = f.stat("/");
        assertEquals(new Stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0), root);
    }

    @Test
    void zookeeperNodeHasCversionMinusTwoAndTwoChildren() {
        assertEquals(new Stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0), f.stat("/zookeeper"));
        assertEquals(List.of("config", "quota"), f.children("/zookeeper"));
    }

    @Test
    void rootListsZookeeper() {
        assertEquals(List.of("zookeeper"), f.children("/"));
    }

    @Test
    void quotaNodeHasAllZeroStat() {
        assertEquals(Stat.ZERO, f.stat("/zookeeper/quota"));
    }

    @Test
    void configNodeIsReadOnlyWithAversionMinusOne() {
        assertEquals(new Stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0), f.stat("/zookeeper/config"));
        OpOutcome acl = f.read(S1, OpCode.GET_ACL, new GetACLRequest("/zookeeper/config"));
        assertEquals(Acl.READ_ACL_UNSAFE, ((GetACLResponse) acl.response()).acl());
    }

    @Test
    void getConfigReturnsEmptyBufferNotNull() {
        OpOutcome o = f.read(S1, OpCode.GET_DATA, new GetDataRequest("/zookeeper/config", true));
        Fixture.ok(o);
        GetDataResponse r = (GetDataResponse) o.response();
        assertNotNull(r.data());
        assertEquals(Bytes.EMPTY, r.data());
        assertEquals(-1, r.stat().aversion());
    }

    @Test
    void rootDataIsEmptyNotNull() {
        assertEquals(Bytes.EMPTY, f.data("/"));
        assertEquals(Bytes.EMPTY, f.data("/zookeeper"));
    }

    @Test
    void builtInNodesAreWorldAll() {
        for (String path : List.of("/", "/zookeeper", "/zookeeper/quota")) {
            OpOutcome acl = f.read(S1, OpCode.GET_ACL, new GetACLRequest(path));
            assertEquals(Acl.OPEN_ACL_UNSAFE, ((GetACLResponse) acl.response()).acl(), path);
        }
    }

    @Test
    void setDataOnConfigIsNoAuth() {
        Fixture.err(ErrorCode.NOAUTH, f.setData("/zookeeper/config", "x", -1));
    }

    @Test
    void nodeCountOnFreshTreeIsFive() {
        assertEquals(5, new StateMachine(StateConfig.defaults()).stats().nodeCount());
    }

    @Test
    void approximateDataSizeCountsPathsLikeZooKeeper() {
        // "" + "/" + "/zookeeper" + "/zookeeper/quota" + "/zookeeper/config", no data.
        assertEquals(0 + 1 + 10 + 16 + 17, new StateMachine(StateConfig.defaults()).stats().approximateDataSize());
    }

    @Test
    void lastZxidIsZeroOnFreshTree() {
        assertEquals(0, new StateMachine(StateConfig.defaults()).lastZxid());
    }

    @Test
    void emptyPathReadsTheRootAsZooKeeperAliasesIt() {
        assertEquals(f.stat("/"), f.stat(""));
    }
}
