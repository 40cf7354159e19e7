package io.warden.server.persist;

import io.warden.server.state.NodeImage;
import io.warden.server.state.SessionInfo;

/**
 * Receives a snapshot's content in file order as {@link SnapshotReader} verifies it: the header,
 * then sessions, nodes (parents first) and the reapers' order, then {@link #end()} once the
 * trailer is verified. Nothing after a corrupt block is delivered, but what came before it was:
 * a loader must discard its work when reading fails. Implementations are used by one thread.
 */
public interface SnapshotVisitor {
    void header(SnapshotHeader header);

    void session(SessionInfo session);

    void node(NodeImage node);

    /** One entry of the reapers' order: a container ({@code ttl} false) or TTL node path. */
    void reapOrder(boolean ttl, String path);

    /** The whole file was read and verified. */
    void end();
}
