package io.warden.client;

import io.warden.protocol.data.Bytes;
import java.util.Objects;

/**
 * Credentials for an auth packet (scheme, e.g. {@code digest}, and the scheme's bytes, e.g.
 * {@code user:password}). The client keeps every accepted one and re-sends it on each reconnect,
 * because the server ties identities to the connection. Immutable.
 */
public record AuthInfo(String scheme, Bytes auth) {
    public AuthInfo {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(auth, "auth");
    }

    /** {@code digest} credentials {@code user:password}. */
    public static AuthInfo digest(String user, String password) {
        return new AuthInfo("digest", Bytes.utf8(user + ":" + password));
    }
}
