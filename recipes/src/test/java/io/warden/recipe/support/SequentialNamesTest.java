package io.warden.recipe.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SequentialNamesTest {
    @Test
    void parsesTheTenDigitSuffixAfterTheLastLockName() {
        assertEquals(OptionalLong.of(42), SequentialNames.sequence("_c_x-lock-0000000042", "lock-"));
        assertEquals(OptionalLong.of(7), SequentialNames.sequence("lock-lock-0000000007", "lock-"));
        assertEquals(OptionalLong.of(-1), SequentialNames.sequence("lock--000000001", "lock-"), "wrapped counter");
        assertEquals(OptionalLong.of(Integer.MIN_VALUE), SequentialNames.sequence("lock--2147483648", "lock-"));
        assertEquals(OptionalLong.empty(), SequentialNames.sequence("lock-42", "lock-"));
        assertEquals(OptionalLong.empty(), SequentialNames.sequence("latch-0000000001", "lock-"));
        assertEquals(OptionalLong.empty(), SequentialNames.sequence("lock-00000000x1", "lock-"));
        assertEquals(OptionalLong.empty(), SequentialNames.sequence("lock-00000000001", "lock-"));
    }

    @Test
    void sortsBySequenceNotByTheRandomPrefix() {
        String a = ProtectedNames.protect(UUID.fromString("ffffffff-0000-4000-8000-000000000000"), "lock-") + "0000000001";
        String b = ProtectedNames.protect(UUID.fromString("00000000-0000-4000-8000-000000000000"), "lock-") + "0000000002";
        List<String> sorted = SequentialNames.sortContenders(List.of(b, "ready", a, "other-0000000000"), "lock-");
        assertEquals(List.of(a, b), sorted, "non-contenders are left out; order by sequence");
        assertEquals(a, SequentialNames.predecessor(sorted, b));
        assertNull(SequentialNames.predecessor(sorted, a));
        assertNull(SequentialNames.predecessor(sorted, "missing"));
    }

    @Test
    void readAndWriteNodesShareOneOrder() {
        List<String> sorted = SequentialNames.sortContenders(
                List.of("_c_1-__WRIT__0000000003", "_c_2-__READ__0000000001", "_c_3-__READ__0000000002"),
                List.of("__READ__", "__WRIT__"));
        assertEquals(List.of("_c_2-__READ__0000000001", "_c_3-__READ__0000000002", "_c_1-__WRIT__0000000003"), sorted);
        assertTrue(SequentialNames.isContender("_c_1-__WRIT__0000000003", "__WRIT__"));
        assertFalse(SequentialNames.isContender("_c_2-__READ__0000000001", "__WRIT__"));
    }
}
