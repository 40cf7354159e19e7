package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.GetDataRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** StateStats counters and the container/TTL reaper's candidates. */
class StatsTest {
    @Test
    void countersFollowCreatesDeletesAndData() {
        Fixture f = Fixture.withSessions();
        StateStats fresh = f.sm.stats();
        assertEquals(new StateStats(5, 44, 0, 2, 0, 0, 0), fresh);
        ok(f.create(S1, "/abc", "12345", 0));
        ok(f.create(S1, "/e", "", 1));
        assertEquals(new StateStats(7, 44 + 4 + 5 + 2, 1, 2, 0, 0, 0), f.sm.stats());
        ok(f.setData("/abc", "1", -1));
        assertEquals(44 + 4 + 1 + 2, f.sm.stats().approximateDataSize());
        ok(f.delete("/abc", -1));
        ok(f.closeSession(S1));
        assertEquals(new StateStats(5, 44, 0, 1, 0, 0, 0), f.sm.stats());
    }

    @Test
    void aclCacheSharesEqualListsAndForgetsUnusedOnes() {
        Fixture f = Fixture.withSessions();
        int base = f.sm.tree().aclCacheSize();
        for (int i = 0; i < 10; i++) {
            ok(f.create("/n" + i));
        }
        assertEquals(base, f.sm.tree().aclCacheSize());
        assertEquals(f.sm.tree().get("/n1").acl, f.sm.tree().get("/n2").acl);
        ok(f.createWithAcl("/odd", Acl.READ_ACL_UNSAFE));
        ok(f.createWithAcl("/odd2", List.of(new Acl(3, io.warden.protocol.data.Id.ANYONE))));
        assertEquals(base + 1, f.sm.tree().aclCacheSize());
        ok(f.delete("/odd2", -1));
        assertEquals(base, f.sm.tree().aclCacheSize());
    }

    @Test
    void reapableNodesAreEmptyUsedContainersAndExpiredTtls() {
        Fixture f = new Fixture(Fixture.extended());
        f.openSession(S1);
        ok(f.write(S1, OpCode.CREATE_CONTAINER, new CreateRequest("/unused", null, Acl.OPEN_ACL_UNSAFE, 4)));
        ok(f.write(S1, OpCode.CREATE_CONTAINER, new CreateRequest("/used", null, Acl.OPEN_ACL_UNSAFE, 4)));
        ok(f.create("/used/child"));
        ok(f.createTtl(OpCode.CREATE_TTL, "/ttl", 5, 1000));
        long created = f.time;
        assertEquals(List.of(), f.sm.reapableNodes(created + 1000, 10));
        assertEquals(List.of("/ttl"), f.sm.reapableNodes(created + 1001, 10));
        ok(f.delete("/used/child", -1));
        assertEquals(List.of("/used", "/ttl"), f.sm.reapableNodes(created + 5000, 10));
        assertEquals(List.of("/used"), f.sm.reapableNodes(created + 5000, 1));
        // Reading the clock is the caller's business; the read itself changes nothing.
        ok(f.read(S1, OpCode.GET_DATA, new GetDataRequest("/ttl", false)));
    }
}
