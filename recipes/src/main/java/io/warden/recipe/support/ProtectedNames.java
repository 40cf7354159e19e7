package io.warden.recipe.support;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Curator-compatible protected names: a sequential node is created as
 * {@code _c_<uuid>-<lockName>} so that, when the create's reply is lost (CONNECTIONLOSS), the
 * creator can find the node it may have made by listing the parent and looking for its own
 * {@code _c_<uuid>-} prefix, instead of creating a second node and leaving the first as an orphan
 * (ZooKeeper's "sequential create is not idempotent" problem). Curator's
 * {@code CreateBuilder.withProtection()} writes exactly this shape, so both libraries' nodes sort
 * and recover the same way. Stateless.
 */
public final class ProtectedNames {
    /** Curator's {@code CreateBuilderImpl.PROTECTED_PREFIX}. */
    public static final String PREFIX = "_c_";
    /** Between the uuid and the rest of the name. */
    public static final String SEPARATOR = "-";

    private ProtectedNames() {
    }

    /** {@code _c_<uuid>-}. */
    public static String prefix(UUID id) {
        return PREFIX + id + SEPARATOR;
    }

    /** {@code _c_<uuid>-<name>}: the name to create (before the sequence suffix). */
    public static String protect(UUID id, String name) {
        return prefix(id) + name;
    }

    /** Whether {@code name} carries a protected prefix. */
    public static boolean isProtected(String name) {
        return name.startsWith(PREFIX) && name.length() > PREFIX.length() + 36
                && name.startsWith(SEPARATOR, PREFIX.length() + 36);
    }

    /** The first child whose name starts with {@code id}'s protected prefix. */
    public static Optional<String> find(List<String> children, UUID id) {
        String prefix = prefix(id);
        for (String child : children) {
            if (child.startsWith(prefix)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** {@code name} without a protected prefix (unchanged if it has none). */
    public static String strip(String name) {
        return isProtected(name) ? name.substring(PREFIX.length() + 36 + SEPARATOR.length()) : name;
    }
}
