package io.warden.server.sequencer;

import io.warden.protocol.Limits;
import io.warden.protocol.data.Bytes;
import io.warden.server.txn.TxnHeader;
import java.time.InstantSource;

/**
 * Fixes every nondeterministic input of a transaction once, before it is logged: its zxid (the
 * previous one plus one), the wall-clock time, and for a new session its id and password. Apply
 * never reads a clock or a random source; replicas replay what the stamper wrote.
 *
 * <p>Session ids follow ZooKeeper 3.9: the first is {@code (serverId << 56) | ((timeMs << 24)
 * >>> 8)} at start-up and later ones add 1; standalone ZooKeeper uses serverId 1, giving ids
 * such as {@code 0x01000006bf870000}. Passwords are 16 bytes from the {@link Entropy}.
 *
 * <p>Thread-confined to the apply thread.
 */
public final class Stamper {
    /** ZooKeeper's standalone session-id prefix. */
    public static final int STANDALONE_SERVER_ID = 1;
    /** The ephemeralOwner value ZooKeeper reserves for containers; never a session id. */
    private static final long CONTAINER_OWNER = 0x8000000000000000L;

    private final InstantSource clock;
    private final Entropy entropy;
    private long lastZxid;
    private long appliedZxid;
    private long nextSessionId;

    public Stamper(long lastZxid, InstantSource clock, Entropy entropy, int serverId) {
        this.lastZxid = lastZxid;
        this.appliedZxid = lastZxid;
        this.clock = clock;
        this.entropy = entropy;
        this.nextSessionId = ((long) serverId << 56) | ((clock.millis() << 24) >>> 8);
    }

    /** A header consuming the next zxid, stamped with the current wall-clock time. */
    public TxnHeader stamp(long sessionId, int cxid) {
        lastZxid++;
        return new TxnHeader(sessionId, cxid, lastZxid, clock.millis());
    }

    /** The wall-clock time transactions are stamped with now (the reaper compares TTLs to it). */
    public long nowMs() {
        return clock.millis();
    }

    /** The zxid of the last stamped transaction. */
    public long lastZxid() {
        return lastZxid;
    }

    /**
     * In an ensemble, stamps are provisional (re-stamped at apply): after each applied entry the
     * stamper continues from the applied zxid, which {@link #appliedZxid} reports.
     */
    public void resync(long zxid) {
        lastZxid = zxid;
        appliedZxid = zxid;
    }

    /** The zxid last passed to {@link #resync} (or the initial one). */
    public long appliedZxid() {
        return appliedZxid;
    }

    /** A fresh session id. */
    public long newSessionId() {
        long id = nextSessionId++;
        if (id == CONTAINER_OWNER || id == 0) {
            id = nextSessionId++;
        }
        return id;
    }

    /** A fresh 16-byte session password. */
    public Bytes newPassword() {
        byte[] b = new byte[Limits.PASSWORD_BYTES];
        entropy.nextBytes(b);
        return Bytes.wrapOwned(b);
    }
}
