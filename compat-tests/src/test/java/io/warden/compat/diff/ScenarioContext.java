package io.warden.compat.diff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario body gets: its path prefix, the target, and factories for raw sessions and
 * official clients that record into one transcript. {@link #cleanup()} closes every session the
 * scenario opened (re-attaching if needed) so nothing is left to expire later.
 *
 * <p>Thread-confined to the scenario thread.
 */
final class ScenarioContext {
    private final String name;
    private final Endpoint target;
    private final Transcript transcript;
    private final Duration replyTimeout;
    private final List<RawSession> rawSessions = new ArrayList<>();
    private final List<JavaClient> javaClients = new ArrayList<>();

    ScenarioContext(String name, Endpoint target, Transcript transcript, Duration replyTimeout) {
        this.name = name;
        this.target = target;
        this.transcript = transcript;
        this.replyTimeout = replyTimeout;
    }

    /** The scenario's own subtree, {@code /<scenario name>} (not created automatically). */
    String root() {
        return "/" + name;
    }

    /** {@code root() + "/" + relative}. */
    String path(String relative) {
        return root() + "/" + relative;
    }

    Endpoint target() {
        return target;
    }

    Transcript transcript() {
        return transcript;
    }

    void note(String text) {
        transcript.note(text);
    }

    /** A raw session, connected with a new session (the handshake is recorded). */
    RawSession raw(String actor) {
        RawSession session = rawUnconnected(actor);
        if (session.connectNew() == null) {
            throw new ScenarioAbort(actor + ": the server refused a new session");
        }
        return session;
    }

    /** A raw session that has not connected yet (for custom handshakes). */
    RawSession rawUnconnected(String actor) {
        RawSession session = new RawSession(actor, target, transcript, replyTimeout);
        rawSessions.add(session);
        return session;
    }

    /** An official client with a new session (connected; the session is recorded). */
    JavaClient java(String actor) {
        JavaClient client = JavaClient.connect(actor, target, transcript, replyTimeout);
        javaClients.add(client);
        return client;
    }

    /** Closes every session this scenario opened; records nothing. */
    void cleanup() {
        for (JavaClient client : javaClients) {
            client.cleanup();
        }
        for (RawSession session : rawSessions) {
            session.cleanup();
        }
    }
}
