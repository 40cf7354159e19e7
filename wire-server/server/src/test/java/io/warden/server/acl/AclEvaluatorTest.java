package io.warden.server.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.Perms;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import java.util.List;
import org.junit.jupiter.api.Test;

class AclEvaluatorTest {
    private static final Id IP = new Id("ip", "10.1.2.3");
    private static final Id ALICE = new Id("digest", DigestAuth.digestId("alice:secret"));
    private static final Id BOB = new Id("digest", DigestAuth.digestId("bob:pw"));
    private final AclEvaluator acl = new AclEvaluator(false, null);

    @Test
    void emptyOrNullAclAllowsEverything() {
        assertTrue(acl.allows(List.of(), Perms.ALL, List.of()));
        assertTrue(acl.allows(null, Perms.ALL, List.of()));
    }

    @Test
    void worldAnyoneAllowsItsBitsOnly() {
        List<Acl> readOnly = Acl.READ_ACL_UNSAFE;
        assertTrue(acl.allows(readOnly, Perms.READ, List.of()));
        assertFalse(acl.allows(readOnly, Perms.WRITE, List.of(IP)));
        assertTrue(acl.allows(readOnly, Perms.READ | Perms.ADMIN, List.of()));
    }

    @Test
    void digestMatchesByExactId() {
        List<Acl> l = List.of(new Acl(Perms.ALL, ALICE));
        assertTrue(acl.allows(l, Perms.WRITE, List.of(IP, ALICE)));
        assertFalse(acl.allows(l, Perms.WRITE, List.of(IP, BOB)));
        assertFalse(acl.allows(l, Perms.WRITE, List.of(new Id("sasl", ALICE.id()))));
    }

    @Test
    void ipMatchesByCidr() {
        List<Acl> l = List.of(new Acl(Perms.READ, new Id("ip", "10.0.0.0/8")));
        assertTrue(acl.allows(l, Perms.READ, List.of(IP)));
        assertFalse(acl.allows(l, Perms.READ, List.of(new Id("ip", "11.0.0.1"))));
    }

    @Test
    void superBypassesEverything() {
        List<Acl> l = List.of(new Acl(Perms.READ, ALICE));
        assertTrue(acl.allows(l, Perms.ADMIN, List.of(new Id("super", ""))));
        AclEvaluator withSuperDigest = new AclEvaluator(false, DigestAuth.digestId("super:pw"));
        assertTrue(withSuperDigest.allows(l, Perms.ADMIN, List.of(new Id("digest", DigestAuth.digestId("super:pw")))));
        assertFalse(withSuperDigest.allows(l, Perms.ADMIN, List.of(BOB)));
    }

    @Test
    void skipAclAllowsEverything() {
        AclEvaluator skip = new AclEvaluator(true, null);
        assertTrue(skip.allows(List.of(new Acl(0, ALICE)), Perms.ALL, List.of()));
    }

    @Test
    void fixupKeepsWorldAnyoneAsIs() {
        assertSame(Acl.OPEN_ACL_UNSAFE, acl.fixup(Acl.OPEN_ACL_UNSAFE, List.of()).acl());
    }

    @Test
    void fixupExpandsAuthToAuthenticatedIdsOnly() {
        Id sasl = new Id("sasl", "svc@REALM");
        Id x509 = new Id("x509", "CN=me");
        List<Acl> out = acl.fixup(List.of(new Acl(Perms.READ | Perms.WRITE, new Id("auth", "ignored"))),
                List.of(IP, ALICE, sasl, new Id("super", ""), x509)).acl();
        assertEquals(List.of(new Acl(3, ALICE), new Acl(3, sasl), new Acl(3, x509)), out);
        assertEquals(ErrorCode.INVALIDACL, acl.fixup(List.of(new Acl(Perms.ALL, Id.AUTH_IDS)), List.of(IP)).error());
        assertEquals(List.of(new Acl(1, ALICE)), acl.fixup(List.of(new Acl(1, new Id("auth", null))), List.of(ALICE)).acl());
    }

    private ErrorCode fixupError(Acl... entries) {
        return acl.fixup(entries.length == 0 ? List.of() : List.of(entries), List.of()).error();
    }

    @Test
    void fixupRejectsInvalidLists() {
        assertEquals(ErrorCode.INVALIDACL, acl.fixup(null, List.of()).error());
        assertEquals(ErrorCode.INVALIDACL, fixupError());
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("super", ""))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("sasl", "x"))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("x509", "CN=x"))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("world", "someone"))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id(null, "x"))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("ip", "10.0.0.0/99"))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, Id.ANYONE), new Acl(Perms.ALL, new Id("bad", "x"))));
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("bad", null))));
    }

    @Test
    void nullIdUnderAKnownSchemeIsMarshallingError() {
        assertEquals(ErrorCode.MARSHALLINGERROR, fixupError(new Acl(Perms.ALL, new Id("world", null))));
        assertEquals(ErrorCode.MARSHALLINGERROR, fixupError(new Acl(Perms.ALL, new Id("digest", null))));
        assertEquals(ErrorCode.MARSHALLINGERROR, fixupError(new Acl(Perms.ALL, new Id("ip", null))));
        // The first bad entry decides.
        assertEquals(ErrorCode.INVALIDACL, fixupError(new Acl(Perms.ALL, new Id("bad", "x")),
                new Acl(Perms.ALL, new Id("ip", null))));
    }

    @Test
    void fixupDoesNotValidatePerms() {
        List<Acl> l = List.of(new Acl(0, Id.ANYONE), new Acl(0x7fffffff, new Id("ip", "1.2.3.4")));
        assertEquals(l, acl.fixup(l, List.of()).acl());
    }
}
