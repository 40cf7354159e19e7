package io.warden.server.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code digest} scheme: the id of credentials {@code user:password} is
 * {@code user + ":" + base64(sha1(utf8("user:password")))} (the hash covers the whole string,
 * PROTOCOL.md section 14), and an ACL id is valid when it splits into exactly two parts at ':'
 * (with {@code String.split} semantics, as ZooKeeper checks it). Stateless.
 */
public final class DigestAuth {
    private DigestAuth() {
    }

    /**
     * The digest id for the auth data of a {@code digest} auth packet, e.g. {@code alice:secret}
     * gives {@code alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=}. Without a ':' the whole string is the user.
     */
    public static String digestId(String userPassword) {
        String user = userPassword.split(":", 2)[0];
        return user + ":" + Base64.getEncoder().encodeToString(sha1(userPassword));
    }

    /** True if {@code id} is a valid digest ACL id (two parts around one ':'). */
    public static boolean isValidId(String id) {
        return id != null && id.split(":").length == 2;
    }

    /** The user part of a digest id (before the first ':'), as whoAmI reports it. */
    public static String user(String digestId) {
        int colon = digestId.indexOf(':');
        return colon < 0 ? digestId : digestId.substring(0, colon);
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
