package io.warden.protocol;

/** Special xids of the ZooKeeper protocol (PROTOCOL.md section 5). Constants only. */
public final class Xids {
    /** Server to client watch notification. */
    public static final int NOTIFICATION = -1;
    /** Ping request and its reply. */
    public static final int PING = -2;
    /** Auth packet and its reply (reply zxid is 0). */
    public static final int AUTH = -4;
    /** setWatches as sent by the C client (the Java client uses a normal xid). */
    public static final int SET_WATCHES = -8;

    private Xids() {
    }
}
