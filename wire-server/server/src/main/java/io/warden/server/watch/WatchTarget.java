package io.warden.server.watch;

import io.warden.protocol.data.Id;
import java.util.List;

/**
 * Where notifications for one client connection go. Watches belong to a connection (not to a
 * session): the registry keys them by target identity, and the network layer drops them when the
 * connection closes. Implementations use identity equality.
 */
public interface WatchTarget {
    /** The connection's identities, for ACL-filtered delivery (ZOOKEEPER-4799). */
    List<Id> identities();

    /** The session bound to the connection (for wchc/wchp and logging). */
    long sessionId();
}
