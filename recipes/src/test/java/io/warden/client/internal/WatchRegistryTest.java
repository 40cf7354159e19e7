package io.warden.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.client.Watcher;
import io.warden.protocol.EventType;
import io.warden.protocol.WatcherType;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchRegistryTest {
    private final Watcher a = e -> { };
    private final Watcher b = e -> { };
    private final Watcher c = e -> { };

    @Test
    void eventsReachTheTablesTheJavaClientUses() {
        WatchRegistry r = new WatchRegistry(100);
        r.add(WatchRegistry.Kind.DATA, "/x", a);
        r.add(WatchRegistry.Kind.CHILD, "/x", b);
        r.add(WatchRegistry.Kind.EXIST, "/y", c);
        assertEquals(Set.of(b), r.materialize(EventType.NODE_CHILDREN_CHANGED, "/x"));
        assertEquals(Set.of(a), r.materialize(EventType.NODE_DATA_CHANGED, "/x"));
        assertEquals(Set.of(), r.materialize(EventType.NODE_DATA_CHANGED, "/x"), "one-shot");
        assertEquals(Set.of(c), r.materialize(EventType.NODE_CREATED, "/y"));
        r.add(WatchRegistry.Kind.DATA, "/z", a);
        r.add(WatchRegistry.Kind.CHILD, "/z", a);
        assertEquals(Set.of(a), r.materialize(EventType.NODE_DELETED, "/z"), "a watcher gets an event once");
        assertEquals(0, r.size());
    }

    @Test
    void persistentWatchesStayAndRecursiveOnesSeeTheSubtreeButNotChildEvents() {
        WatchRegistry r = new WatchRegistry(100);
        r.add(WatchRegistry.Kind.PERSISTENT, "/p", a);
        r.add(WatchRegistry.Kind.PERSISTENT_RECURSIVE, "/p", b);
        r.add(WatchRegistry.Kind.PERSISTENT_RECURSIVE, "/", c);
        assertEquals(Set.of(a, b, c), r.materialize(EventType.NODE_DATA_CHANGED, "/p"));
        assertEquals(Set.of(a, b, c), r.materialize(EventType.NODE_DATA_CHANGED, "/p"), "kept");
        assertEquals(Set.of(a), r.materialize(EventType.NODE_CHILDREN_CHANGED, "/p"));
        assertEquals(Set.of(b, c), r.materialize(EventType.NODE_CREATED, "/p/q/r"));
        assertEquals(Set.of(c), r.materialize(EventType.NODE_DELETED, "/other"));
        assertEquals(3, r.size());
    }

    @Test
    void removalReportsTheRightRemovalEvents() {
        WatchRegistry r = new WatchRegistry(100);
        r.add(WatchRegistry.Kind.DATA, "/x", a);
        r.add(WatchRegistry.Kind.EXIST, "/x", b);
        r.add(WatchRegistry.Kind.CHILD, "/x", a);
        r.add(WatchRegistry.Kind.PERSISTENT, "/x", c);
        assertTrue(r.contains("/x", a, WatcherType.DATA));
        assertFalse(r.contains("/x", c, WatcherType.DATA));
        assertTrue(r.contains("/x", null, WatcherType.ANY));
        assertEquals(Map.of(EventType.DATA_WATCH_REMOVED, Set.of(a)), r.remove("/x", a, WatcherType.DATA));
        assertEquals(Map.of(), r.remove("/x", a, WatcherType.DATA));
        Map<EventType, Set<Watcher>> all = r.remove("/x", null, WatcherType.ANY);
        assertEquals(Map.of(EventType.DATA_WATCH_REMOVED, Set.of(b), EventType.CHILD_WATCH_REMOVED, Set.of(a),
                EventType.PERSISTENT_WATCH_REMOVED, Set.of(c)), all);
        assertTrue(r.isEmpty());
    }

    @Test
    void setWatchesAreBatchedAndUseVersion2OnlyForPersistentWatches() {
        WatchRegistry r = new WatchRegistry(1_000_000);
        String pad = "x".repeat(1000);
        for (int i = 0; i < 300; i++) {
            r.add(WatchRegistry.Kind.DATA, "/d" + i + pad, a);
        }
        r.add(WatchRegistry.Kind.CHILD, "/c", a);
        List<Request> plain = r.setWatchesRequests(77, new Chroot("/root"), WatchRegistry.SET_WATCHES_MAX_BYTES);
        assertEquals(3, plain.size(), "300 KB of paths in ~128 KB batches");
        int paths = 0;
        for (Request req : plain) {
            SetWatches sw = assertInstanceOf(SetWatches.class, req);
            assertEquals(77, sw.relativeZxid());
            assertTrue(sw.dataWatches().stream().allMatch(p -> p.startsWith("/root/d")));
            paths += sw.dataWatches().size() + sw.childWatches().size();
        }
        assertEquals(301, paths);
        r.clear();
        r.add(WatchRegistry.Kind.EXIST, "/e", a);
        r.add(WatchRegistry.Kind.PERSISTENT_RECURSIVE, "/", b);
        List<Request> two = r.setWatchesRequests(5, Chroot.NONE, WatchRegistry.SET_WATCHES_MAX_BYTES);
        assertEquals(1, two.size());
        SetWatches2 sw2 = assertInstanceOf(SetWatches2.class, two.get(0));
        assertEquals(new SetWatches2(5, List.of(), List.of("/e"), List.of(), List.of(), List.of("/")), sw2);
    }

    @Test
    void boundedByMaxEntries() {
        WatchRegistry r = new WatchRegistry(2);
        r.add(WatchRegistry.Kind.DATA, "/a", a);
        r.add(WatchRegistry.Kind.DATA, "/a", a);
        assertTrue(r.hasRoom(), "a duplicate takes no room");
        r.add(WatchRegistry.Kind.DATA, "/b", a);
        assertFalse(r.hasRoom());
    }
}
