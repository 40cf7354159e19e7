package io.warden.client;

/**
 * What a {@link ConnectionStateListener} is told about the client's link to the ensemble, in the
 * order things happened (Curator's vocabulary). Immutable.
 *
 * <ul>
 *   <li>{@link #CONNECTED}: a new session was established (first connect, or a fresh session after
 *       {@link #LOST}).</li>
 *   <li>{@link #SUSPENDED}: the connection dropped; the session may still be alive on the server.
 *       Requests in flight failed with CONNECTIONLOSS; unsent requests wait.</li>
 *   <li>{@link #RECONNECTED}: the same session was re-attached after {@link #SUSPENDED}; auth was
 *       re-sent and watches re-registered.</li>
 *   <li>{@link #LOST}: the session is gone (the server said it expired, or the client stayed
 *       disconnected for longer than the session timeout). Its ephemerals and watches are gone,
 *       requests that belonged to it failed with SESSIONEXPIRED, and the client is already
 *       building a new session, reported as {@link #CONNECTED}.</li>
 *   <li>{@link #READ_ONLY}: connected (new or re-attached session) to a server in read-only
 *       mode; only possible with {@link ClientConfig.Builder#canBeReadOnly(boolean)}.</li>
 * </ul>
 */
public enum ConnectionState {
    CONNECTED,
    SUSPENDED,
    RECONNECTED,
    LOST,
    READ_ONLY;

    /** Whether requests can currently reach a server in this state. */
    public boolean isConnected() {
        return this == CONNECTED || this == RECONNECTED || this == READ_ONLY;
    }
}
