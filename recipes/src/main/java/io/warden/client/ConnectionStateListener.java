package io.warden.client;

/**
 * Told about every {@link ConnectionState} change, on the client's event thread, in order with
 * watch events and completions. Must not block: it delays every later event of the client.
 */
@FunctionalInterface
public interface ConnectionStateListener {
    /**
     * @param state the new state
     * @param sessionId the session the change is about: the expired one for {@link
     *     ConnectionState#LOST}, the new one for {@link ConnectionState#CONNECTED}, 0 if none yet
     */
    void stateChanged(ConnectionState state, long sessionId);
}
