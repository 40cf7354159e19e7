package io.warden.server.state;

import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.events;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.response.EmptyResponse;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** setWatches and setWatches2 catch-up (PROTOCOL.md 7.15). */
class SetWatchesTest {
    private final Fixture f = Fixture.withSessions();
    private final Fixture.Target t = new Fixture.Target("t", S1);

    private OpOutcome setWatches(long rel, List<String> data, List<String> exist, List<String> child) {
        OpOutcome o = f.read(t, OpCode.SET_WATCHES, new SetWatches(rel, data, exist, child));
        ok(o);
        assertInstanceOf(EmptyResponse.class, o.response());
        assertEquals(f.sm.lastZxid(), o.zxid());
        return o;
    }

    @Test
    void dataWatchCatchUp() {
        ok(f.create("/same"));
        ok(f.create("/changed"));
        long rel = f.sm.lastZxid();
        ok(f.setData("/changed", "x", -1));
        OpOutcome o = setWatches(rel, List.of("/missing", "/changed", "/same"), List.of(), List.of());
        assertEquals(List.of("NODE_DELETED /missing", "NODE_DATA_CHANGED /changed"), events(o, t));
        for (Notification n : o.notifications()) {
            assertEquals(-1, n.frame().header().zxid());
        }
        assertEquals(List.of("NODE_DATA_CHANGED /same"), events(f.setData("/same", "y", -1), t));
        Fixture.assertNoEvents(f.setData("/changed", "z", -1));
    }

    @Test
    void existWatchCatchUp() {
        ok(f.create("/here"));
        OpOutcome o = setWatches(f.sm.lastZxid(), List.of(), List.of("/here", "/later"), List.of());
        assertEquals(List.of("NODE_CREATED /here"), events(o, t));
        assertEquals(List.of("NODE_CREATED /later"), events(f.create("/later"), t));
    }

    @Test
    void childWatchCatchUpUsesPzxid() {
        ok(f.create("/p"));
        ok(f.create("/q"));
        long rel = f.sm.lastZxid();
        ok(f.create("/p/c"));
        ok(f.setData("/q", "data changes do not count", -1));
        OpOutcome o = setWatches(rel, List.of(), List.of(), List.of("/gone", "/p", "/q"));
        assertEquals(List.of("NODE_DELETED /gone", "NODE_CHILDREN_CHANGED /p"), events(o, t));
        assertEquals(List.of("NODE_CHILDREN_CHANGED /q"), events(f.create("/q/c"), t));
    }

    @Test
    void catchUpOrderIsDataThenExistThenChild() {
        ok(f.create("/x"));
        OpOutcome o = setWatches(0, List.of("/x"), List.of("/x"), List.of("/x"));
        assertEquals(List.of("NODE_DATA_CHANGED /x", "NODE_CREATED /x", "NODE_CHILDREN_CHANGED /x"), events(o, t));
    }

    @Test
    void setWatches2RegistersPersistentWithoutCatchUp() {
        ok(f.create("/p"));
        OpOutcome o = f.read(t, OpCode.SET_WATCHES2, new SetWatches2(0, List.of(), List.of(), List.of(),
                List.of("/p"), List.of("/r")));
        ok(o);
        Fixture.assertNoEvents(o);
        assertEquals(List.of("NODE_CHILDREN_CHANGED /p"), events(f.create("/p/c"), t));
        assertEquals(List.of("NODE_CREATED /r"), events(f.create("/r"), t));
        assertEquals(List.of("NODE_CREATED /r/deep"), events(f.create("/r/deep"), t));
    }

    @Test
    void nullListsAndNullPathsAreIgnored() {
        OpOutcome o = setWatches(0, null, Arrays.asList((String) null), null);
        Fixture.assertNoEvents(o);
        assertEquals(0, f.sm.watches().watchCount(t));
    }

    @Test
    void catchUpIsNotFilteredByAclAsInZooKeeper395() {
        ok(f.createWithAcl("/secret", List.of(new Acl(Perms.WRITE, Id.ANYONE))));
        OpOutcome o = setWatches(0, List.of("/secret"), List.of("/secret"), List.of("/secret"));
        assertEquals(List.of("NODE_DATA_CHANGED /secret", "NODE_CREATED /secret", "NODE_CHILDREN_CHANGED /secret"),
                events(o, t));
        assertEquals(0, f.sm.watches().watchCount(t));
    }
}
