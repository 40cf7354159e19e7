package io.warden.server.state;

/**
 * Settings that change what apply does; identical on every replica. Immutable.
 *
 * @param extendedTypesEnabled {@code zookeeper.extendedTypesEnabled}: TTL nodes allowed
 * @param skipAcl {@code zookeeper.skipACL}: no permission checks
 * @param superDigest {@code zookeeper.DigestAuthenticationProvider.superDigest}
 *     ({@code super:<base64-sha1>}), or null
 * @param maxDataBytes largest znode data accepted (jute.maxbuffer)
 * @param maxWatchesPerConnection bound on one connection's registered watches
 * @param enforceQuota {@code zookeeper.enforceQuota}: a write over a hard quota is refused
 *     (QUOTAEXCEEDED)
 */
public record StateConfig(boolean extendedTypesEnabled, boolean skipAcl, String superDigest,
        int maxDataBytes, int maxWatchesPerConnection, boolean enforceQuota) {

    /** Quotas not enforced. */
    public StateConfig(boolean extendedTypesEnabled, boolean skipAcl, String superDigest, int maxDataBytes,
            int maxWatchesPerConnection) {
        this(extendedTypesEnabled, skipAcl, superDigest, maxDataBytes, maxWatchesPerConnection, false);
    }

    public static StateConfig defaults() {
        return new StateConfig(false, false, null, 0xfffff, 1_000_000, false);
    }
}
