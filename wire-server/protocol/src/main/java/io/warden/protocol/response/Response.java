package io.warden.protocol.response;

import io.warden.protocol.codec.WireRecord;

/**
 * The body of a server reply frame (after the {@link ReplyHeader}), or of a notification.
 * One record per jute response class; {@link EmptyResponse} for header-only replies (every error
 * reply, and ops without a response record).
 */
public sealed interface Response extends WireRecord
        permits CreateResponse, Create2Response, ExistsResponse, GetDataResponse, SetDataResponse,
        GetACLResponse, SetACLResponse, GetChildrenResponse, SyncResponse, GetChildren2Response,
        MultiResponse, SetSASLResponse, GetEphemeralsResponse, GetAllChildrenNumberResponse,
        ErrorResponse, WhoAmIResponse, WatcherEvent, EmptyResponse {
}
