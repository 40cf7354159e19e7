package io.warden.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.warden.protocol.OpCode;
import io.warden.protocol.Xids;
import io.warden.protocol.response.Create2Response;
import io.warden.protocol.response.CreateResponse;
import io.warden.protocol.response.EmptyResponse;
import io.warden.protocol.response.ErrorResponse;
import io.warden.protocol.response.ExistsResponse;
import io.warden.protocol.response.GetACLResponse;
import io.warden.protocol.response.GetAllChildrenNumberResponse;
import io.warden.protocol.response.GetChildren2Response;
import io.warden.protocol.response.GetChildrenResponse;
import io.warden.protocol.response.GetDataResponse;
import io.warden.protocol.response.GetEphemeralsResponse;
import io.warden.protocol.response.MultiResponse;
import io.warden.protocol.response.ReplyFrame;
import io.warden.protocol.response.ReplyHeader;
import io.warden.protocol.response.Response;
import io.warden.protocol.response.SetACLResponse;
import io.warden.protocol.response.SetDataResponse;
import io.warden.protocol.response.SetSASLResponse;
import io.warden.protocol.response.SyncResponse;
import io.warden.protocol.response.WatcherEvent;
import io.warden.protocol.response.WhoAmIResponse;
import java.util.function.IntFunction;

/**
 * Decodes reply bodies by the opcode of the request they answer (a reply does not carry its
 * opcode) and encodes reply frames. Stateless.
 */
public final class ResponseCodec {
    private ResponseCodec() {
    }

    /** Reads the body of a successful reply to a request of type {@code op}. */
    public static Response readBody(OpCode op, WireReader in) {
        return switch (op) {
            case CREATE -> CreateResponse.read(in);
            case CREATE2, CREATE_CONTAINER, CREATE_TTL -> Create2Response.read(in);
            case EXISTS -> ExistsResponse.read(in);
            case GET_DATA, RECONFIG -> GetDataResponse.read(in);
            case SET_DATA -> SetDataResponse.read(in);
            case GET_ACL -> GetACLResponse.read(in);
            case SET_ACL -> SetACLResponse.read(in);
            case GET_CHILDREN -> GetChildrenResponse.read(in);
            case SYNC -> SyncResponse.read(in);
            case GET_CHILDREN2 -> GetChildren2Response.read(in);
            case MULTI, MULTI_READ -> MultiResponse.read(in);
            case SASL -> SetSASLResponse.read(in);
            case GET_EPHEMERALS -> GetEphemeralsResponse.read(in);
            case GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberResponse.read(in);
            case ADD_WATCH -> ErrorResponse.read(in);
            case WHO_AM_I -> WhoAmIResponse.read(in);
            case DELETE, PING, CHECK, CHECK_WATCHES, REMOVE_WATCHES, DELETE_CONTAINER, AUTH,
                    SET_WATCHES, SET_WATCHES2, CLOSE_SESSION, CREATE_SESSION, NOTIFICATION, ERROR ->
                    EmptyResponse.INSTANCE;
        };
    }

    /**
     * Reads a whole reply frame payload (no length prefix). Notifications (xid -1) carry a
     * WatcherEvent (a notification with a non-zero err is a CodecException); ping (-2) and auth (-4) replies and every error reply have no body; any other
     * xid is looked up in {@code pendingOps}, which returns the opcode of the pending request with
     * that xid, or {@code null} if there is none (a protocol violation).
     */
    public static ReplyFrame readFrame(ByteBuf payload, IntFunction<OpCode> pendingOps) {
        WireReader in = new WireReader(payload);
        ReplyHeader header = ReplyHeader.read(in);
        int xid = header.xid();
        if (xid == Xids.NOTIFICATION) {
            if (header.err() != 0) {
                // no server sends it, and a ReplyFrame with an error has no body
                throw new CodecException("notification with err " + header.err());
            }
            return new ReplyFrame(header, WatcherEvent.read(in));
        }
        if (header.err() != 0 || xid == Xids.PING || xid == Xids.AUTH) {
            return new ReplyFrame(header, EmptyResponse.INSTANCE);
        }
        OpCode op = pendingOps.apply(xid);
        if (op == null) {
            throw new CodecException("reply for xid " + xid + " that has no pending request");
        }
        return new ReplyFrame(header, readBody(op, in));
    }

    /** Writes a reply frame payload (header and body, no length prefix). */
    public static void writeFrame(ReplyFrame frame, ByteBuf out) {
        WireWriter w = new WireWriter(out);
        frame.header().write(w);
        frame.response().write(w);
    }
}
