package io.warden.server.sequencer;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Id;
import io.warden.server.watch.WatchTarget;
import java.net.InetAddress;
import java.util.List;

/**
 * What the apply thread needs from one client connection: where its frames go, and the hooks to
 * bind its session and identities. The network layer implements it; the sequencer never touches
 * a socket. Implementations use identity equality and are thread-safe: {@link #deliver} and
 * {@link #closeNow} hand work to the connection's I/O thread and never block the caller.
 */
public interface ClientLink extends WatchTarget {
    /** The client's IP address (its implicit {@code ip:} identity). */
    InetAddress remoteAddress();

    /** The session this connection now serves (set once the handshake is answered). */
    void bindSession(long sessionId, int timeoutMs);

    /** The connection's identities changed (auth packet); the first is always {@code ip:}. */
    void setIdentities(List<Id> identities);

    /**
     * Writes {@code frames} (ConnectResponse or ReplyFrame) in order and flushes once;
     * {@code completedRequests} submitted requests of this connection are finished by this call
     * (their permits are released); then closes the connection if {@code closeAfter}, once the
     * frames are on the wire.
     */
    void deliver(List<Object> frames, int completedRequests, boolean closeAfter);

    /** Closes the connection at once; nothing more is sent. */
    void closeNow();

    /** Statistics for cons/stat/mntr: a reply to {@code op} (cxid, zxid) took {@code latencyNanos}. */
    void recordReply(OpCode op, int cxid, long zxid, long latencyNanos);
}
