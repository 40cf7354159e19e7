package io.warden.server.admin;

/**
 * One client connection as the {@code stat} and {@code cons} commands print it. Immutable.
 *
 * @param remote {@code /ip:port}
 * @param interestOps 1 while the server reads from the connection, 0 while it is paused
 * @param queued requests received and not yet answered
 * @param received packets received
 * @param sent packets sent
 * @param sessionId the session, or 0 before the handshake
 * @param lastOp the last answered op's four-letter abbreviation ({@code NA} if none)
 * @param establishedMs when the connection was accepted (epoch ms)
 * @param timeoutMs negotiated session timeout
 * @param lastCxid xid of the last answered request (-1 if none)
 * @param lastZxid zxid of the last reply (-1 if none)
 * @param lastResponseTickerMs when the last reply was produced, in monotonic ticker ms (as
 *     ZooKeeper's elapsed-time clock; 0 if none)
 * @param lastLatencyMs latency of the last reply
 * @param minLatencyMs smallest latency (0 if none)
 * @param avgLatencyMs mean latency (whole ms, as ZooKeeper)
 * @param maxLatencyMs largest latency
 * @param expiryTickerMs when the connection's expiry bucket ends, in ticker ms: last I/O plus the
 *     session timeout (the sessionless timeout before the handshake), rounded up to the next
 *     sessionless-timeout interval, as ZooKeeper's connection expiry queue
 */
public record ConnectionInfo(String remote, int interestOps, long queued, long received, long sent, long sessionId,
        String lastOp, long establishedMs, int timeoutMs, long lastCxid, long lastZxid, long lastResponseTickerMs,
        long lastLatencyMs, long minLatencyMs, long avgLatencyMs, long maxLatencyMs, long expiryTickerMs) {
}
