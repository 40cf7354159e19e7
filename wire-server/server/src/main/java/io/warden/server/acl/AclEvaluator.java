package io.warden.server.acl;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Id;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Permission checks and ACL fix-up with ZooKeeper's rules (PROTOCOL.md section 14).
 *
 * <p>Known ACL schemes are those of a default ZooKeeper server: {@code world} (only
 * {@code anyone}), {@code auth} (expanded at fix-up), {@code digest} and {@code ip}. A caller
 * holding {@code super:} (or a digest id equal to the configured super digest) passes every
 * check. {@code digest}, {@code sasl} and {@code x509} entries match a caller id of the same
 * scheme by equality; {@code ip} entries match by address or CIDR.
 *
 * <p>Immutable and thread-safe.
 */
public final class AclEvaluator {
    private final boolean skipAcl;
    private final String superDigest;

    /**
     * @param skipAcl {@code zookeeper.skipACL}: every check passes (fix-up still validates)
     * @param superDigest {@code super:<base64-sha1>} or null
     */
    public AclEvaluator(boolean skipAcl, String superDigest) {
        this.skipAcl = skipAcl;
        this.superDigest = superDigest;
    }

    public boolean skipAcl() {
        return skipAcl;
    }

    /**
     * True if a caller with {@code ids} holds any bit of {@code perm} on a node with {@code acl}
     * (ZooKeeper's checkACL). An empty or null ACL allows everything.
     */
    public boolean allows(List<Acl> acl, int perm, List<Id> ids) {
        if (skipAcl || acl == null || acl.isEmpty()) {
            return true;
        }
        if (isSuper(ids)) {
            return true;
        }
        for (int i = 0, n = acl.size(); i < n; i++) {
            Acl a = acl.get(i);
            if ((a.perms() & perm) == 0) {
                continue;
            }
            Id id = a.id();
            String scheme = id.scheme();
            if ("world".equals(scheme) && "anyone".equals(id.id())) {
                return true;
            }
            if (scheme != null && matchesAny(scheme, id.id(), ids)) {
                return true;
            }
        }
        return false;
    }

    /** True if the caller is the superuser. */
    public boolean isSuper(List<Id> ids) {
        for (int i = 0, n = ids.size(); i < n; i++) {
            Id caller = ids.get(i);
            if ("super".equals(caller.scheme())) {
                return true;
            }
            if (superDigest != null && "digest".equals(caller.scheme()) && superDigest.equals(caller.id())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(String scheme, String aclId, List<Id> ids) {
        for (int i = 0, n = ids.size(); i < n; i++) {
            Id caller = ids.get(i);
            if (!scheme.equals(caller.scheme())) {
                continue;
            }
            boolean match = switch (scheme) {
                case "digest", "sasl", "x509" -> caller.id() != null && caller.id().equals(aclId);
                case "ip" -> IpAddresses.matches(caller.id(), aclId);
                default -> false;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    /**
     * The outcome of {@link #fixup}: the list to store, or the error (INVALIDACL, or
     * MARSHALLINGERROR where ZooKeeper fails on a null id). Immutable.
     */
    public record Fixup(List<Acl> acl, ErrorCode error) {
        static Fixup of(List<Acl> acl) {
            return new Fixup(acl, ErrorCode.OK);
        }

        static Fixup failed(ErrorCode error) {
            return new Fixup(null, error);
        }

        public boolean ok() {
            return error == ErrorCode.OK;
        }
    }

    /**
     * ZooKeeper's fixupACL for create and setACL: removes duplicates, keeps {@code world:anyone},
     * replaces each {@code auth} entry by one entry per authenticated identity of the caller
     * (digest, sasl, x509; never ip), and validates the other entries. INVALIDACL for a null or
     * empty list, a missing scheme, an unknown scheme, an invalid id or {@code auth} without an
     * authenticated identity; MARSHALLINGERROR for a null id under world, digest or ip (ZooKeeper
     * 3.9.5 fails on those the same way). The first bad entry decides.
     */
    public Fixup fixup(List<Acl> acls, List<Id> ids) {
        if (acls == null || acls.isEmpty()) {
            return Fixup.failed(ErrorCode.INVALIDACL);
        }
        if (acls.size() == 1 && isWorldAnyone(acls.get(0))) {
            return Fixup.of(acls);
        }
        List<Acl> unique = new ArrayList<>(acls.size());
        for (Acl a : acls) {
            if (!unique.contains(a)) {
                unique.add(a);
            }
        }
        List<Acl> out = new ArrayList<>(unique.size());
        for (Acl a : unique) {
            if (a == null || a.id().scheme() == null) {
                return Fixup.failed(ErrorCode.INVALIDACL);
            }
            Id id = a.id();
            String scheme = id.scheme();
            if (scheme.equals("auth")) {
                boolean any = false;
                for (Id caller : ids) {
                    if (isAuthenticatedScheme(caller.scheme())) {
                        any = true;
                        out.add(new Acl(a.perms(), caller));
                    }
                }
                if (!any) {
                    return Fixup.failed(ErrorCode.INVALIDACL);
                }
                continue;
            }
            boolean known = scheme.equals("world") || scheme.equals("digest") || scheme.equals("ip");
            if (known && id.id() == null) {
                return Fixup.failed(ErrorCode.MARSHALLINGERROR);
            }
            if (isWorldAnyone(a) || isValidId(scheme, id.id())) {
                out.add(a);
            } else {
                return Fixup.failed(ErrorCode.INVALIDACL);
            }
        }
        return Fixup.of(out);
    }

    private static boolean isWorldAnyone(Acl a) {
        return a != null && "world".equals(a.id().scheme()) && "anyone".equals(a.id().id());
    }

    /** Schemes whose provider counts as "authenticated" for {@code auth} expansion. */
    private static boolean isAuthenticatedScheme(String scheme) {
        return Objects.equals(scheme, "digest") || Objects.equals(scheme, "sasl")
                || Objects.equals(scheme, "x509");
    }

    private static boolean isValidId(String scheme, String id) {
        return switch (scheme) {
            case "digest" -> DigestAuth.isValidId(id);
            case "ip" -> IpAddresses.isValid(id);
            default -> false;
        };
    }
}
