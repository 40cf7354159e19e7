package io.warden.compat.crash;

/**
 * A znode's state as the crash model expects it or as the server showed it: data (the load writes
 * UTF-8 text only), data version and the zxid of its last modification. Immutable.
 *
 * @param data the node's data as text
 * @param version {@code Stat.version}
 * @param mzxid {@code Stat.mzxid}
 * @param ephemeralOwner {@code Stat.ephemeralOwner} (0 for persistent nodes)
 */
record Znode(String data, int version, long mzxid, long ephemeralOwner) {
    /** Same data, version and mzxid (what an acknowledged write fixes). */
    boolean sameAs(Znode other) {
        return other != null && data.equals(other.data) && version == other.version
                && mzxid == other.mzxid;
    }

    @Override
    public String toString() {
        return "{data='" + abbreviate(data) + "', version=" + version + ", mzxid=0x"
                + Long.toHexString(mzxid) + (ephemeralOwner == 0 ? "" : ", owner=0x"
                + Long.toHexString(ephemeralOwner)) + "}";
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
