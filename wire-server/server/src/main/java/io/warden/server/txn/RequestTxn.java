package io.warden.server.txn;

import io.warden.protocol.OpCode;
import io.warden.protocol.data.Id;
import io.warden.protocol.request.Request;
import java.util.List;

/**
 * A client write (create, create2, createContainer, createTTL, delete, setData, setACL, multi,
 * reconfig) with the identities of the issuing connection, because ACL checks happen at apply.
 * Immutable.
 */
public record RequestTxn(OpCode op, Request request, List<Id> identities) implements Txn {
    public RequestTxn {
        identities = List.copyOf(identities);
    }
}
