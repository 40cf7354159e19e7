package io.warden.server.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DigestAuthTest {
    @Test
    void digestOfAliceSecretMatchesRealZooKeeper() {
        assertEquals("alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=", DigestAuth.digestId("alice:secret"));
    }

    @Test
    void hashCoversTheWholeUserPasswordString() {
        String a = DigestAuth.digestId("bob:pw");
        String b = DigestAuth.digestId("carl:pw");
        assertEquals("bob", DigestAuth.user(a));
        assertFalse(a.substring(4).equals(b.substring(5)));
    }

    @Test
    void withoutColonTheWholeStringIsTheUser() {
        assertTrue(DigestAuth.digestId("lonely").startsWith("lonely:"));
    }

    @Test
    void validIdsSplitIntoTwoPartsWithStringSplitSemantics() {
        assertTrue(DigestAuth.isValidId("alice:hash"));
        assertTrue(DigestAuth.isValidId(":hash"));
        // String.split drops trailing empty strings, as ZooKeeper's check does.
        assertTrue(DigestAuth.isValidId("a:b:"));
        assertFalse(DigestAuth.isValidId("alice"));
        assertFalse(DigestAuth.isValidId("alice:"));
        assertFalse(DigestAuth.isValidId("a:b:c"));
        assertFalse(DigestAuth.isValidId("a::b"));
        assertFalse(DigestAuth.isValidId(null));
    }
}
