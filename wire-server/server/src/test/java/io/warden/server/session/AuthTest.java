package io.warden.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Id;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final List<Id> START = List.of(Auth.ipIdentity(LOOPBACK));

    @Test
    void digestHashesTheWholeUserColonPassword() {
        // PROTOCOL.md section 14, verified against ZooKeeper's getACL
        assertEquals("alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=", Auth.digest("alice:secret"));
    }

    @Test
    void digestAuthAddsTheDigestIdAndSuperWhenItMatches() {
        List<Id> ids = Auth.authenticate(START, "digest", Bytes.utf8("alice:secret"), LOOPBACK, null).orElseThrow();
        assertEquals(List.of(new Id("ip", "127.0.0.1"), new Id("digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=")), ids);
        List<Id> su = Auth.authenticate(START, "digest", Bytes.utf8("alice:secret"), LOOPBACK,
                "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=").orElseThrow();
        assertTrue(su.contains(new Id("super", "")));
        assertEquals(List.of(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("super", ""),
                new ClientInfo("digest", "alice")), Auth.whoAmI(su));
    }

    @Test
    void repeatedAuthKeepsIdentitiesASet() {
        List<Id> once = Auth.authenticate(START, "digest", Bytes.utf8("bob:pw"), LOOPBACK, null).orElseThrow();
        List<Id> twice = Auth.authenticate(once, "digest", Bytes.utf8("bob:pw"), LOOPBACK, null).orElseThrow();
        assertEquals(once, twice);
        assertEquals(START, Auth.authenticate(START, "ip", null, LOOPBACK, null).orElseThrow());
    }

    @Test
    void unknownSchemesAndMissingCredentialsFail() {
        assertTrue(Auth.authenticate(START, "kerberos", Bytes.utf8("x"), LOOPBACK, null).isEmpty());
        assertTrue(Auth.authenticate(START, null, Bytes.utf8("x"), LOOPBACK, null).isEmpty());
        assertTrue(Auth.authenticate(START, "digest", null, LOOPBACK, null).isEmpty());
        assertTrue(Auth.authenticate(START, "super", Bytes.utf8("x"), LOOPBACK, null).isEmpty());
    }
}
