package io.warden.server.session;

import io.warden.protocol.data.Bytes;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Id;
import io.warden.server.acl.DigestAuth;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Connection identities and the auth packet's schemes (PROTOCOL.md 7.14, 14): every connection
 * starts as {@code ip:<address>}; {@code digest} accepts any {@code user:password} and adds
 * {@code digest:user:base64(sha1("user:password"))} (plus {@code super:} when that equals the
 * configured super digest); {@code ip} adds the client's address again. Any other scheme fails.
 * Stateless.
 */
public final class Auth {
    private Auth() {
    }

    /** The identity every connection has. */
    public static Id ipIdentity(InetAddress address) {
        return new Id("ip", address.getHostAddress());
    }

    /** ZooKeeper's digest of {@code user:password}: the user, ':', Base64 of SHA-1 of the whole. */
    public static String digest(String userPassword) {
        return DigestAuth.digestId(userPassword);
    }

    /**
     * The identities after an auth packet, or empty if it fails (unknown scheme, missing
     * credentials): the caller answers AUTHFAILED and closes. Identities are a set in arrival order.
     */
    public static Optional<List<Id>> authenticate(List<Id> current, String scheme, Bytes auth,
            InetAddress remote, String superDigest) {
        List<Id> added = new ArrayList<>(2);
        if ("digest".equals(scheme)) {
            if (auth == null) {
                return Optional.empty();
            }
            String id = digest(auth.toUtf8());
            if (id.equals(superDigest)) {
                added.add(new Id("super", ""));
            }
            added.add(new Id("digest", id));
        } else if ("ip".equals(scheme)) {
            added.add(ipIdentity(remote));
        } else {
            return Optional.empty();
        }
        List<Id> out = new ArrayList<>(current);
        for (Id id : added) {
            if (!out.contains(id)) {
                out.add(id);
            }
        }
        return Optional.of(List.copyOf(out));
    }

    /** whoAmI: one entry per identity; digest ids report only the user part. */
    public static List<ClientInfo> whoAmI(List<Id> identities) {
        List<ClientInfo> out = new ArrayList<>(identities.size());
        for (Id id : identities) {
            String user = id.id() == null ? "" : id.id();
            if ("digest".equals(id.scheme())) {
                user = DigestAuth.user(user);
            } else if ("super".equals(id.scheme())) {
                user = "";
            }
            out.add(new ClientInfo(id.scheme(), user));
        }
        return out;
    }
}
