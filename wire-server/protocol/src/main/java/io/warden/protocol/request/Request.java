package io.warden.protocol.request;

import io.warden.protocol.codec.WireRecord;

/**
 * The body of a client request frame (after the {@link RequestHeader}). One record per jute
 * request class; the opcode travels in the header, because some bodies serve several opcodes
 * (CreateRequest for 1, 15 and 19; MultiRequest for 14 and 22; EmptyRequest for header-only ops).
 */
public sealed interface Request extends WireRecord
        permits CreateRequest, CreateTTLRequest, DeleteRequest, ExistsRequest, GetDataRequest,
        SetDataRequest, GetACLRequest, SetACLRequest, GetChildrenRequest, SyncRequest,
        GetChildren2Request, CheckVersionRequest, MultiRequest, ReconfigRequest,
        CheckWatchesRequest, RemoveWatchesRequest, DeleteContainerRequest, AuthPacket, SetWatches,
        GetSASLRequest, GetEphemeralsRequest, GetAllChildrenNumberRequest, SetWatches2,
        AddWatchRequest, EmptyRequest {
}
