package io.warden.server.state;

/**
 * What owns a znode's life (ZooKeeper's EphemeralType): nobody, a session, the container reaper
 * or the TTL reaper. Only EPHEMERAL nodes show their owner to clients; containers and TTL nodes
 * report ephemeralOwner 0 but keep ZooKeeper's internal owner encoding. Immutable.
 *
 * <p>Public so that snapshots ({@link NodeImage}) can name it; the owner encodings stay package
 * private.
 */
public enum NodeKind {
    PERSISTENT,
    EPHEMERAL,
    CONTAINER,
    TTL;

    /** ZooKeeper's internal owner value of a container node. */
    static final long CONTAINER_OWNER = 0x8000000000000000L;
    /** High byte of ZooKeeper's internal owner value of a TTL node (the low bits hold the ttl). */
    static final long TTL_OWNER_PREFIX = 0xFF00000000000000L;
    static final long TTL_VALUE_MASK = 0x00FFFFFFFFFFFFFFL;

    /**
     * The kind ZooKeeper's raw owner value encodes (as its EphemeralType does): 0 persistent, the
     * container marker, the TTL prefix, anything else a session.
     */
    static NodeKind ofOwner(long owner) {
        if (owner == 0) {
            return PERSISTENT;
        }
        if (owner == CONTAINER_OWNER) {
            return CONTAINER;
        }
        if ((owner & ~TTL_VALUE_MASK) == TTL_OWNER_PREFIX) {
            return TTL;
        }
        return EPHEMERAL;
    }
}
