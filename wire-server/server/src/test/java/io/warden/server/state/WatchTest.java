package io.warden.server.state;

import static io.warden.protocol.ErrorCode.MARSHALLINGERROR;
import static io.warden.protocol.ErrorCode.NOWATCHER;
import static io.warden.server.state.Fixture.S1;
import static io.warden.server.state.Fixture.S2;
import static io.warden.server.state.Fixture.err;
import static io.warden.server.state.Fixture.events;
import static io.warden.server.state.Fixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.warden.protocol.OpCode;
import io.warden.protocol.Perms;
import io.warden.protocol.WatcherType;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.response.ErrorResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watch registration and triggering (PROTOCOL.md 9.2, 9.3, 7.13, 7.19). */
class WatchTest {
    private final Fixture f = Fixture.withSessions();
    private final Fixture.Target a = new Fixture.Target("a", S1);
    private final Fixture.Target b = new Fixture.Target("b", S2);

    private void getData(Fixture.Target t, String path) {
        ok(f.read(t, OpCode.GET_DATA, new GetDataRequest(path, true)));
    }

    private void exists(Fixture.Target t, String path) {
        f.read(t, OpCode.EXISTS, new ExistsRequest(path, true));
    }

    private void children(Fixture.Target t, String path) {
        ok(f.read(t, OpCode.GET_CHILDREN, new GetChildrenRequest(path, true)));
    }

    private void addWatch(Fixture.Target t, String path, int mode) {
        OpOutcome o = f.read(t, OpCode.ADD_WATCH, new AddWatchRequest(path, mode));
        ok(o);
        assertEquals(new ErrorResponse(0), o.response());
    }

    @Test
    void getDataAndExistsOnSamePathAreOneWatchAndOneEvent() {
        ok(f.create("/a"));
        getData(a, "/a");
        exists(a, "/a");
        assertEquals(1, f.sm.stats().watchCount());
        assertEquals(List.of("NODE_DATA_CHANGED /a"), events(f.setData("/a", "x", -1), a));
        Fixture.assertNoEvents(f.setData("/a", "y", -1));
    }

    @Test
    void standardWatchIsOneShot() {
        ok(f.create("/a"));
        getData(a, "/a");
        assertEquals(1, f.setData("/a", "x", -1).notifications().size());
        Fixture.assertNoEvents(f.setData("/a", "y", -1));
        assertEquals(0, f.sm.stats().watchCount());
    }

    @Test
    void createFiresNodeCreatedThenChildrenChangedOnParent() {
        ok(f.create("/p"));
        exists(a, "/p/c");
        children(a, "/p");
        OpOutcome o = f.create("/p/c");
        assertEquals(List.of("NODE_CREATED /p/c", "NODE_CHILDREN_CHANGED /p"), events(o, a));
        for (Notification n : o.notifications()) {
            assertEquals(o.zxid(), n.frame().header().zxid());
        }
    }

    @Test
    void deleteNotifiesConnectionOnceAcrossTables() {
        ok(f.create("/p"));
        ok(f.create("/p/c"));
        getData(a, "/p/c");
        children(a, "/p/c");
        children(b, "/p/c");
        children(a, "/p");
        OpOutcome o = f.delete("/p/c", -1);
        assertEquals(List.of("NODE_DELETED /p/c", "NODE_CHILDREN_CHANGED /p"), events(o, a));
        assertEquals(List.of("NODE_DELETED /p/c"), events(o, b));
        assertEquals(List.of("a:NODE_DELETED /p/c", "b:NODE_DELETED /p/c", "a:NODE_CHILDREN_CHANGED /p"),
                Fixture.allEvents(o));
        assertEquals(0, f.sm.watches().childWatchCount());
        assertEquals(0, f.sm.stats().watchCount());
    }

    @Test
    void setDataFiresOnlyOnThePath() {
        ok(f.create("/p"));
        ok(f.create("/p/c"));
        children(a, "/p");
        getData(a, "/p");
        Fixture.assertNoEvents(f.setData("/p/c", "x", -1));
    }

    @Test
    void childWatchDoesNotFireOnDataChange() {
        ok(f.create("/p"));
        children(a, "/p");
        Fixture.assertNoEvents(f.setData("/p", "x", -1));
        assertEquals(List.of("NODE_CHILDREN_CHANGED /p"), events(f.create("/p/c"), a));
    }

    @Test
    void persistentWatchSeesAllFourTypesAndSurvives() {
        addWatch(a, "/p", 0);
        assertEquals(List.of("NODE_CREATED /p"), events(f.create("/p"), a));
        assertEquals(List.of("NODE_DATA_CHANGED /p"), events(f.setData("/p", "x", -1), a));
        assertEquals(List.of("NODE_CHILDREN_CHANGED /p"), events(f.create("/p/c"), a));
        assertEquals(List.of(), events(f.setData("/p/c", "x", -1), a));
        assertEquals(List.of("NODE_CHILDREN_CHANGED /p"), events(f.delete("/p/c", -1), a));
        assertEquals(List.of("NODE_DELETED /p"), events(f.delete("/p", -1), a));
        assertEquals(List.of("NODE_CREATED /p"), events(f.create("/p"), a));
    }

    @Test
    void recursiveWatchSeesDescendantsWithTheirPaths() {
        ok(f.create("/p"));
        addWatch(a, "/p", 1);
        assertEquals(List.of("NODE_CREATED /p/c"), events(f.create("/p/c"), a));
        assertEquals(List.of("NODE_CREATED /p/c/d"), events(f.create("/p/c/d"), a));
        assertEquals(List.of("NODE_DATA_CHANGED /p/c/d"), events(f.setData("/p/c/d", "x", -1), a));
        assertEquals(List.of("NODE_DELETED /p/c/d"), events(f.delete("/p/c/d", -1), a));
        assertEquals(List.of("NODE_DATA_CHANGED /p"), events(f.setData("/p", "x", -1), a));
        Fixture.assertNoEvents(f.create("/px"));
        Fixture.assertNoEvents(f.create("/other"));
    }

    @Test
    void recursiveWatchNeverSeesChildrenChanged() {
        ok(f.create("/p"));
        addWatch(a, "/p", 1);
        addWatch(b, "/p", 0);
        OpOutcome o = f.create("/p/c");
        assertEquals(List.of("NODE_CREATED /p/c"), events(o, a));
        assertEquals(List.of("NODE_CHILDREN_CHANGED /p"), events(o, b));
    }

    @Test
    void recursiveWatchOnRootSeesEverything() {
        addWatch(a, "/", 1);
        assertEquals(List.of("NODE_CREATED /x"), events(f.create("/x"), a));
        assertEquals(List.of("NODE_CREATED /x/y"), events(f.create("/x/y"), a));
        assertEquals(List.of("NODE_DATA_CHANGED /"), events(f.setData("/", "r", -1), a));
    }

    @Test
    void recursiveAndStandardOnOneConnectionGiveOneEvent() {
        ok(f.create("/p"));
        ok(f.create("/p/c"));
        addWatch(a, "/p", 1);
        addWatch(a, "/", 1);
        getData(a, "/p/c");
        assertEquals(List.of("NODE_DATA_CHANGED /p/c"), events(f.setData("/p/c", "x", -1), a));
        // The STANDARD part was consumed, the recursive ones stay.
        assertEquals(List.of("NODE_DATA_CHANGED /p/c"), events(f.setData("/p/c", "y", -1), a));
    }

    @Test
    void manyRecursiveWatchesUseAncestorWalk() {
        for (int i = 0; i < 20; i++) {
            addWatch(b, "/r" + i, 1);
        }
        ok(f.create("/p"));
        ok(f.create("/p/q"));
        addWatch(a, "/p", 1);
        addWatch(b, "/p/q", 1);
        OpOutcome o = f.create("/p/q/z");
        assertEquals(List.of("b:NODE_CREATED /p/q/z", "a:NODE_CREATED /p/q/z"), Fixture.allEvents(o));
        Fixture.assertNoEvents(f.create("/r"));
    }

    @Test
    void dataEventsComeBeforeChildEvents() {
        ok(f.create("/p"));
        children(a, "/p");
        exists(b, "/p/c");
        OpOutcome o = f.create("/p/c");
        assertEquals(List.of("b:NODE_CREATED /p/c", "a:NODE_CHILDREN_CHANGED /p"), Fixture.allEvents(o));
    }

    @Test
    void oneFrameIsSharedByAllRecipients() {
        ok(f.create("/a"));
        getData(a, "/a");
        getData(b, "/a");
        OpOutcome o = f.setData("/a", "x", -1);
        assertSame(o.notifications().get(0).frame(), o.notifications().get(1).frame());
    }

    @Test
    void connectionWithoutReadGetsNoEventButLosesOneShotWatch() {
        ok(f.create("/a"));
        getData(a, "/a");
        getData(b, "/a");
        ok(f.setAcl("/a", List.of(new Acl(Perms.READ, new Id("ip", "10.0.0.1")), new Acl(Perms.ALL & ~Perms.READ, Id.ANYONE)),
                -1));
        OpOutcome o = f.setData("/a", "x", -1);
        assertEquals(List.of(), Fixture.allEvents(o));
        assertEquals(0, f.sm.stats().watchCount());
        // Gaining READ later does not revive the consumed watch.
        ok(f.setAcl("/a", Acl.OPEN_ACL_UNSAFE, -1));
        Fixture.assertNoEvents(f.setData("/a", "y", -1));
    }

    @Test
    void recursiveDeliveryIsFilteredByTheChangedNodesAcl() {
        ok(f.create("/p"));
        addWatch(a, "/p", 1);
        Id alice = new Id("digest", "alice:x");
        Fixture.Target alicesConn = new Fixture.Target("alice", S2, alice);
        addWatch(alicesConn, "/p", 1);
        OpOutcome o = f.createWithAcl("/p/private", List.of(new Acl(Perms.ALL, alice)), alice);
        assertEquals(List.of("alice:NODE_CREATED /p/private"), Fixture.allEvents(o));
    }

    @Test
    void childrenChangedIsFilteredByTheParentsAcl() {
        ok(f.createWithAcl("/p", List.of(new Acl(Perms.ALL & ~Perms.READ, Id.ANYONE))));
        addWatch(a, "/p", 0);
        OpOutcome o = f.create("/p/c");
        Fixture.assertNoEvents(o);
    }

    @Test
    void identitiesAreReadAtDeliveryTime() {
        Id alice = new Id("digest", "alice:x");
        ok(f.createWithAcl("/a", List.of(new Acl(Perms.ALL, alice)), alice));
        addWatch(a, "/a", 0);
        Fixture.assertNoEvents(f.setData("/a", "x", -1, alice));
        a.ids = List.of(Fixture.IP, alice);
        assertEquals(List.of("NODE_DATA_CHANGED /a"), events(f.setData("/a", "y", -1, alice), a));
    }

    @Test
    void addWatchNeedsNoNodeAndNoAcl() {
        addWatch(a, "/not/there", 0);
        ok(f.createWithAcl("/secret", List.of(new Acl(Perms.WRITE, Id.ANYONE))));
        addWatch(a, "/secret", 0);
        // PERSISTENT lives in both tables: two entries per path.
        assertEquals(4, f.sm.watches().watchCount(a));
    }

    @Test
    void addWatchWithBadModeIsMarshallingError() {
        err(MARSHALLINGERROR, f.read(a, OpCode.ADD_WATCH, new AddWatchRequest("/", 2)));
        err(MARSHALLINGERROR, f.read(a, OpCode.ADD_WATCH, new AddWatchRequest("/", -1)));
    }

    @Test
    void checkWatchesMatchesByType() {
        ok(f.create("/a"));
        getData(a, "/a");
        ok(check(a, "/a", WatcherType.DATA));
        ok(check(a, "/a", WatcherType.ANY));
        err(NOWATCHER, check(a, "/a", WatcherType.CHILDREN));
        err(NOWATCHER, check(a, "/a", WatcherType.PERSISTENT));
        err(NOWATCHER, check(b, "/a", WatcherType.DATA));
        err(NOWATCHER, check(a, "/b", WatcherType.ANY));
        children(a, "/a");
        ok(check(a, "/a", WatcherType.CHILDREN));
        addWatch(b, "/a", 0);
        ok(check(b, "/a", WatcherType.PERSISTENT));
        err(NOWATCHER, check(b, "/a", WatcherType.DATA));
        err(NOWATCHER, check(b, "/a", WatcherType.PERSISTENT_RECURSIVE));
        addWatch(b, "/a", 1);
        ok(check(b, "/a", WatcherType.PERSISTENT_RECURSIVE));
    }

    @Test
    void checkWatchesWithBadTypeIsMarshallingError() {
        err(MARSHALLINGERROR, f.read(a, OpCode.CHECK_WATCHES, new CheckWatchesRequest("/", 0)));
        err(MARSHALLINGERROR, f.read(a, OpCode.REMOVE_WATCHES, new RemoveWatchesRequest("/", 6)));
    }

    private OpOutcome check(Fixture.Target t, String path, WatcherType type) {
        return f.read(t, OpCode.CHECK_WATCHES, new CheckWatchesRequest(path, type.code()));
    }

    private OpOutcome remove(Fixture.Target t, String path, WatcherType type) {
        return f.read(t, OpCode.REMOVE_WATCHES, new RemoveWatchesRequest(path, type.code()));
    }

    @Test
    void removeWatchesByType() {
        ok(f.create("/a"));
        getData(a, "/a");
        children(a, "/a");
        err(NOWATCHER, remove(a, "/a", WatcherType.PERSISTENT));
        ok(remove(a, "/a", WatcherType.DATA));
        err(NOWATCHER, remove(a, "/a", WatcherType.DATA));
        Fixture.assertNoEvents(f.setData("/a", "x", -1));
        ok(remove(a, "/a", WatcherType.CHILDREN));
        Fixture.assertNoEvents(f.create("/a/c"));
        assertEquals(0, f.sm.watches().watchCount(a));
    }

    @Test
    void removePersistentRemovesItFromBothTablesOnly() {
        ok(f.create("/a"));
        addWatch(a, "/a", 0);
        getData(a, "/a");
        ok(remove(a, "/a", WatcherType.PERSISTENT));
        err(NOWATCHER, check(a, "/a", WatcherType.PERSISTENT));
        ok(check(a, "/a", WatcherType.DATA));
        err(NOWATCHER, check(a, "/a", WatcherType.CHILDREN));
        Fixture.assertNoEvents(f.create("/a/c"));
    }

    @Test
    void removeAnyRemovesEveryMode() {
        ok(f.create("/a"));
        addWatch(a, "/a", 0);
        addWatch(a, "/a", 1);
        getData(a, "/a");
        children(a, "/a");
        ok(remove(a, "/a", WatcherType.ANY));
        assertEquals(0, f.sm.watches().watchCount(a));
        err(NOWATCHER, remove(a, "/a", WatcherType.ANY));
        ok(f.create("/a/c"));
        Fixture.assertNoEvents(f.setData("/a/c", "x", -1));
    }

    @Test
    void removeRecursiveKeepsPersistent() {
        addWatch(a, "/p", 0);
        addWatch(a, "/p", 1);
        ok(remove(a, "/p", WatcherType.PERSISTENT_RECURSIVE));
        assertEquals(List.of("NODE_CREATED /p"), events(f.create("/p"), a));
        // Only the persistent watch's own-path event, no recursive NodeCreated /p/c.
        assertEquals(List.of("NODE_CHILDREN_CHANGED /p"), events(f.create("/p/c"), a));
        ok(check(a, "/p", WatcherType.PERSISTENT));
    }

    @Test
    void dropWatchesForgetsTheConnection() {
        ok(f.create("/a"));
        getData(a, "/a");
        addWatch(a, "/", 1);
        children(a, "/a");
        getData(b, "/a");
        f.sm.dropWatches(a);
        assertEquals(0, f.sm.watches().watchCount(a));
        assertEquals(List.of("b:NODE_DATA_CHANGED /a"), Fixture.allEvents(f.setData("/a", "x", -1)));
        Fixture.assertNoEvents(f.create("/a/c"));
        f.sm.dropWatches(a);
    }

    @Test
    void watchesPerConnectionAreBounded() {
        StateConfig d = StateConfig.defaults();
        Fixture x = new Fixture(new StateConfig(false, false, null, d.maxDataBytes(), 3));
        x.openSession(S1);
        x.read(a, OpCode.EXISTS, new ExistsRequest("/1", true));
        x.read(a, OpCode.EXISTS, new ExistsRequest("/2", true));
        x.read(a, OpCode.EXISTS, new ExistsRequest("/2", true));
        ok(x.read(a, OpCode.ADD_WATCH, new AddWatchRequest("/3", 0)));
        assertEquals(2, x.sm.watches().watchCount(a));
        assertEquals(1, x.sm.refusedWatchCount());
        ok(x.read(a, OpCode.ADD_WATCH, new AddWatchRequest("/3", 1)));
        assertEquals(3, x.sm.watches().watchCount(a));
        x.read(a, OpCode.EXISTS, new ExistsRequest("/4", true));
        assertEquals(3, x.sm.watches().watchCount(a));
        // Re-registering an existing entry is always allowed.
        x.read(a, OpCode.EXISTS, new ExistsRequest("/3", true));
        assertEquals(List.of("NODE_CREATED /1"), events(x.create("/1"), a));
        x.read(a, OpCode.EXISTS, new ExistsRequest("/4", true));
        assertEquals(List.of("NODE_CREATED /4"), events(x.create("/4"), a));
    }

    @Test
    void wchsCountsOnlyTheDataTable() {
        ok(f.create("/a"));
        getData(a, "/a");
        getData(b, "/a");
        exists(a, "/b");
        children(a, "/a");
        children(b, "/");
        addWatch(b, "/c", 0);
        StateStats s = f.sm.stats();
        assertEquals(3, s.watchedPaths());
        assertEquals(4, s.watchCount());
        assertEquals(2, s.watchingConnections());
    }
}
