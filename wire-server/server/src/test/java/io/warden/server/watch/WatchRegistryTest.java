package io.warden.server.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.WatcherType;
import io.warden.protocol.data.Id;
import io.warden.server.watch.WatchRegistry.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchRegistryTest {
    private record Conn(String name) implements WatchTarget {
        @Override
        public List<Id> identities() {
            return List.of();
        }

        @Override
        public long sessionId() {
            return name.hashCode();
        }
    }

    private final WatchRegistry r = new WatchRegistry(100);
    private final Conn a = new Conn("a");
    private final Conn b = new Conn("b");

    @Test
    void standardEntriesAreConsumedPersistentOnesKept() {
        r.add(Table.DATA, "/x", a, WatchMode.STANDARD);
        r.addPersistent("/x", b);
        assertEquals(List.of(a, b), r.trigger(Table.DATA, "/x"));
        assertEquals(List.of(b), r.trigger(Table.DATA, "/x"));
        assertEquals(List.of(b), r.trigger(Table.CHILD, "/x"));
        assertEquals(0, r.watchCount(a));
        assertEquals(2, r.watchCount(b));
    }

    @Test
    void standardPlusPersistentOnOneEntryKeepsPersistent() {
        r.add(Table.DATA, "/x", a, WatchMode.STANDARD);
        r.add(Table.DATA, "/x", a, WatchMode.PERSISTENT);
        assertEquals(1, r.watchCount(a));
        assertEquals(List.of(a), r.trigger(Table.DATA, "/x"));
        assertTrue(r.contains("/x", a, WatcherType.PERSISTENT));
        assertFalse(r.contains("/x", a, WatcherType.DATA));
    }

    @Test
    void recursiveFiresForDescendantsOnlyInItsTable() {
        r.addPersistentRecursive("/p", a);
        assertEquals(List.of(a), r.trigger(Table.DATA, "/p/q/r"));
        assertEquals(List.of(a), r.trigger(Table.DATA, "/p"));
        assertEquals(List.of(), r.trigger(Table.DATA, "/pq"));
        assertEquals(List.of(), r.trigger(Table.DATA, "/"));
        assertEquals(List.of(), r.trigger(Table.CHILD, "/p/q"));
    }

    @Test
    void ancestorTest() {
        assertTrue(WatchTable.isAncestor("/", "/a"));
        assertTrue(WatchTable.isAncestor("/a", "/a/b"));
        assertFalse(WatchTable.isAncestor("/a", "/a"));
        assertFalse(WatchTable.isAncestor("/a", "/ab"));
        assertFalse(WatchTable.isAncestor("/", "/"));
        assertFalse(WatchTable.isAncestor("", "/a"));
        assertFalse(WatchTable.isAncestor("/a/", "/a/b"));
        assertFalse(WatchTable.isAncestor("a", "a/b"));
    }

    @Test
    void bothAncestorStrategiesAgree() {
        WatchRegistry few = new WatchRegistry(1000);
        WatchRegistry many = new WatchRegistry(1000);
        for (String p : List.of("/", "/a", "/a/b", "/c")) {
            few.addPersistentRecursive(p, a);
            many.addPersistentRecursive(p, a);
        }
        for (int i = 0; i < 20; i++) {
            many.addPersistentRecursive("/filler" + i, b);
        }
        for (String changed : List.of("/a/b/c", "/a/bc", "/c", "/d/e", "/a")) {
            assertEquals(few.trigger(Table.DATA, changed), many.trigger(Table.DATA, changed), changed);
        }
    }

    @Test
    void removeAndDropKeepIndexConsistent() {
        r.add(Table.DATA, "/x", a, WatchMode.STANDARD);
        r.add(Table.CHILD, "/x", a, WatchMode.STANDARD);
        r.addPersistentRecursive("/y", a);
        r.add(Table.DATA, "/x", b, WatchMode.STANDARD);
        assertEquals(3, r.watchCount(a));
        assertTrue(r.remove("/x", a, WatcherType.CHILDREN));
        assertFalse(r.remove("/x", a, WatcherType.CHILDREN));
        assertEquals(2, r.watchCount(a));
        r.drop(a);
        assertEquals(0, r.watchCount(a));
        assertEquals(List.of(), r.trigger(Table.DATA, "/y/z"));
        assertEquals(List.of(b), r.trigger(Table.DATA, "/x"));
        assertTrue(r.isEmpty());
        assertEquals(0, r.dataWatchCount());
        assertEquals(0, r.dataPathCount());
    }

    @Test
    void boundRefusesNewEntriesOnly() {
        WatchRegistry small = new WatchRegistry(2);
        assertTrue(small.add(Table.DATA, "/1", a, WatchMode.STANDARD));
        assertFalse(small.addPersistent("/2", a));
        assertEquals(1, small.watchCount(a));
        assertTrue(small.add(Table.CHILD, "/1", a, WatchMode.STANDARD));
        assertFalse(small.add(Table.DATA, "/3", a, WatchMode.STANDARD));
        assertTrue(small.add(Table.DATA, "/1", a, WatchMode.PERSISTENT_RECURSIVE));
        assertTrue(small.add(Table.DATA, "/3", b, WatchMode.STANDARD));
        assertEquals(2, small.refusedCount());
        assertThrows(IllegalArgumentException.class, () -> new WatchRegistry(0));
    }

    @Test
    void reportsForFourLetterWords() {
        r.add(Table.DATA, "/x", a, WatchMode.STANDARD);
        r.add(Table.DATA, "/y", a, WatchMode.STANDARD);
        r.add(Table.DATA, "/x", b, WatchMode.STANDARD);
        r.add(Table.CHILD, "/z", b, WatchMode.STANDARD);
        Map<WatchTarget, List<String>> byConn = r.dataWatchesByTarget();
        assertEquals(2, byConn.get(a).size());
        assertEquals(List.of("/x"), byConn.get(b));
        assertEquals(List.of(a, b), r.dataWatchesByPath().get("/x"));
        assertEquals(2, r.dataPathCount());
        assertEquals(3, r.dataWatchCount());
        assertEquals(2, r.dataWatchingConnections());
        assertEquals(1, r.childWatchCount());
    }
}
