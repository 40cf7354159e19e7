package io.warden.protocol;

/** Protocol limits shared by client and server. Constants only; servers make them configurable. */
public final class Limits {
    /** Default {@code jute.maxbuffer}: the largest frame payload accepted (1048575 bytes). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 0xfffff;
    /** Session passwords are exactly 16 bytes (the C client assumes so). */
    public static final int PASSWORD_BYTES = 16;
    /** Largest TTL ZooKeeper accepts (0x00FFFFFFFFFF ms). */
    public static final long MAX_TTL_MS = 0x00FFFFFFFFFFL;

    private Limits() {
    }
}
