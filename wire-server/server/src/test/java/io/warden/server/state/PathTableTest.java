package io.warden.server.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PathTable} against a HashMap under random puts and removes, colliding hashes included. */
class PathTableTest {
    private static DataNode node(String path) {
        return new DataNode(path, Bytes.EMPTY, Acl.OPEN_ACL_UNSAFE, 1, 1, NodeKind.PERSISTENT, 0);
    }

    @Test
    void randomPutsAndRemovesMatchAHashMap() {
        SplittableRandom rnd = new SplittableRandom(20261121L);
        PathTable table = new PathTable(0);
        Map<String, DataNode> model = new HashMap<>();
        List<String> keys = new ArrayList<>();
        // "Aa" and "BB" share a String hash: paths built from them collide in whole families.
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder("/");
            for (int k = 0; k < 4; k++) {
                b.append(rnd.nextBoolean() ? "Aa" : "BB");
            }
            keys.add(b.append(i % 7 == 0 ? "" : "/" + i).toString());
        }
        for (int step = 0; step < 40_000; step++) {
            String key = keys.get(rnd.nextInt(keys.size()));
            if (rnd.nextInt(3) == 0) {
                assertSame(model.remove(key), table.remove(key), key);
            } else {
                DataNode n = node(key);
                model.put(key, n);
                table.put(n);
            }
            assertEquals(model.size(), table.size());
            if (step % 1000 == 0) {
                for (String k : keys) {
                    assertSame(model.get(k), table.get(k), k);
                }
            }
        }
        List<DataNode> all = new ArrayList<>();
        table.forEach(all::add);
        assertEquals(model.size(), all.size());
        for (DataNode n : all) {
            assertSame(model.get(n.path), n);
        }
        assertNull(table.get("/absent"));
    }

    @Test
    void reserveKeepsEveryNode() {
        PathTable table = new PathTable(4);
        for (int i = 0; i < 100; i++) {
            table.put(node("/n" + i));
        }
        table.reserve(100_000);
        for (int i = 0; i < 100; i++) {
            assertEquals("/n" + i, table.get("/n" + i).path);
        }
        assertEquals(100, table.size());
    }
}
