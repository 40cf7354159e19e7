package io.warden.compat.crash;

/**
 * One thing the crash checker found wrong after a restart. Immutable.
 *
 * @param cycle the kill/restart cycle (0-based) after which it was found
 * @param kind what kind of guarantee was broken
 * @param detail the path, the acknowledged state and what the server showed instead
 */
public record Violation(int cycle, Kind kind, String detail) {
    /** The guarantees the checker verifies. */
    public enum Kind {
        /** An acknowledged write (create, setData, multi, delete) is missing or older than acknowledged. */
        LOST_WRITE,
        /** A node has data, version or zxid that no acknowledged or in-flight write produced. */
        WRONG_STATE,
        /** A node exists that no acknowledged or in-flight write created (or a deleted node came back). */
        UNEXPECTED_NODE,
        /** A multi in flight at the kill was applied in part. */
        PARTIAL_MULTI,
        /** A new sequential node got a suffix not above every existing one. */
        SEQUENCE_BACKWARDS,
        /** The server's zxid (srvr, or a new write's czxid) is not above every acknowledged one. */
        ZXID_BACKWARDS,
        /** A session that reconnected within its timeout was expired by the restarted server. */
        SESSION_LOST,
        /** An ephemeral of a session that is still alive is missing or has another owner. */
        LOST_EPHEMERAL,
        /** An ephemeral of a session closed (acknowledged) before the kill is back. */
        RESURRECTED_EPHEMERAL,
        /** A request failed in a way the model rules out (e.g. BADVERSION on a node only we write). */
        UNEXPECTED_ERROR,
        /** The load did not reach its kill point in time (the server stopped acknowledging writes). */
        NO_PROGRESS
    }

    @Override
    public String toString() {
        return "cycle " + cycle + " " + kind + ": " + detail;
    }
}
