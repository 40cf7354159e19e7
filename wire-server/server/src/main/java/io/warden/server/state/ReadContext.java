package io.warden.server.state;

import io.warden.protocol.data.Id;
import io.warden.server.watch.WatchTarget;
import java.util.List;

/**
 * Who asks a read-side request: the session, the connection's identities (ACL checks) and the
 * connection as a watch target (watch registration). Immutable.
 */
public record ReadContext(long sessionId, List<Id> identities, WatchTarget watchTarget) {
    public ReadContext {
        identities = List.copyOf(identities);
    }
}
