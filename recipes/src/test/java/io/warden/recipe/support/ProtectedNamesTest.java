package io.warden.recipe.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProtectedNamesTest {
    private static final UUID ID = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");

    @Test
    void curatorsShape() {
        assertEquals("_c_3f2504e0-4f89-41d3-9a0c-0305e82c3301-lock-", ProtectedNames.protect(ID, "lock-"));
        String created = ProtectedNames.protect(ID, "lock-") + "0000000005";
        assertTrue(ProtectedNames.isProtected(created));
        assertFalse(ProtectedNames.isProtected("lock-0000000005"));
        assertEquals("lock-0000000005", ProtectedNames.strip(created));
    }

    @Test
    void findsOurNodeAmongOthers() {
        UUID other = UUID.fromString("00000000-0000-4000-8000-000000000001");
        String ours = ProtectedNames.protect(ID, "latch-") + "0000000002";
        List<String> children = List.of(ProtectedNames.protect(other, "latch-") + "0000000001", ours);
        assertEquals(Optional.of(ours), ProtectedNames.find(children, ID));
        assertEquals(Optional.empty(), ProtectedNames.find(List.of(children.get(0)), ID));
    }

    @Test
    void seededIdsAreReproducibleVersionFourUuids() {
        IdSource a = IdSource.seeded(1);
        IdSource b = IdSource.seeded(1);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            UUID u = a.nextUuid();
            assertEquals(u, b.nextUuid());
            assertEquals(4, u.version());
            assertEquals(2, u.variant());
            seen.add(u);
        }
        assertEquals(1000, seen.size());
        assertNotEquals(IdSource.secure().nextUuid(), IdSource.secure().nextUuid());
    }

    @Test
    void paths() {
        assertEquals("/a", ZPaths.join("/", "a"));
        assertEquals("/a/b", ZPaths.join("/a", "b"));
        assertEquals("/", ZPaths.parent("/a"));
        assertEquals("/a", ZPaths.parent("/a/b"));
        assertEquals(null, ZPaths.parent("/"));
        assertTrue(ZPaths.isWithin("/a/b", "/a"));
        assertTrue(ZPaths.isWithin("/a", "/a"));
        assertFalse(ZPaths.isWithin("/ab", "/a"));
        assertEquals(2, ZPaths.depth("/a/b"));
    }
}
