package io.warden.server.admin;

import java.util.List;

/**
 * What the four-letter words read from the network layer, and the resets they may do.
 * Implementations are thread-safe (four-letter words run on I/O threads).
 */
public interface AdminContext {
    /** The bound client port (the real one when clientPort was 0). */
    int clientPort();

    /** Every open client connection, the asking one included. */
    List<ConnectionInfo> connections();

    /** Requests received and not yet answered, server-wide. */
    int outstandingRequests();

    /** Server-wide counters. */
    ServerStats stats();

    /** Resets every connection's counters ({@code crst}). */
    void resetConnectionStats();
}
