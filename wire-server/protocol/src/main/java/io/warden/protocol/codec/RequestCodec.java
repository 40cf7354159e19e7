package io.warden.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.warden.protocol.OpCode;
import io.warden.protocol.request.AddWatchRequest;
import io.warden.protocol.request.AuthPacket;
import io.warden.protocol.request.CheckVersionRequest;
import io.warden.protocol.request.CheckWatchesRequest;
import io.warden.protocol.request.CreateRequest;
import io.warden.protocol.request.CreateTTLRequest;
import io.warden.protocol.request.DeleteContainerRequest;
import io.warden.protocol.request.DeleteRequest;
import io.warden.protocol.request.EmptyRequest;
import io.warden.protocol.request.ExistsRequest;
import io.warden.protocol.request.GetACLRequest;
import io.warden.protocol.request.GetAllChildrenNumberRequest;
import io.warden.protocol.request.GetChildren2Request;
import io.warden.protocol.request.GetChildrenRequest;
import io.warden.protocol.request.GetDataRequest;
import io.warden.protocol.request.GetEphemeralsRequest;
import io.warden.protocol.request.GetSASLRequest;
import io.warden.protocol.request.MultiRequest;
import io.warden.protocol.request.ReconfigRequest;
import io.warden.protocol.request.RemoveWatchesRequest;
import io.warden.protocol.request.Request;
import io.warden.protocol.request.RequestFrame;
import io.warden.protocol.request.RequestHeader;
import io.warden.protocol.request.SetACLRequest;
import io.warden.protocol.request.SetDataRequest;
import io.warden.protocol.request.SetWatches;
import io.warden.protocol.request.SetWatches2;
import io.warden.protocol.request.SyncRequest;

/**
 * Decodes request bodies by opcode and encodes request frames. Stateless.
 *
 * <p>Like jute, decoding reads only the fields of the record and ignores trailing bytes.
 */
public final class RequestCodec {
    private RequestCodec() {
    }

    /**
     * Reads the body of a request whose header carried {@code op}.
     *
     * @throws CodecException if the body is malformed, or {@code op} is not a client request
     *     (notification, error, createSession, a top-level check)
     */
    public static Request readBody(OpCode op, WireReader in) {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.read(in);
            case CREATE_TTL -> CreateTTLRequest.read(in);
            case DELETE -> DeleteRequest.read(in);
            case EXISTS -> ExistsRequest.read(in);
            case GET_DATA -> GetDataRequest.read(in);
            case SET_DATA -> SetDataRequest.read(in);
            case GET_ACL -> GetACLRequest.read(in);
            case SET_ACL -> SetACLRequest.read(in);
            case GET_CHILDREN -> GetChildrenRequest.read(in);
            case SYNC -> SyncRequest.read(in);
            case GET_CHILDREN2 -> GetChildren2Request.read(in);
            case CHECK -> CheckVersionRequest.read(in);
            case MULTI, MULTI_READ -> MultiRequest.read(in);
            case RECONFIG -> ReconfigRequest.read(in);
            case CHECK_WATCHES -> CheckWatchesRequest.read(in);
            case REMOVE_WATCHES -> RemoveWatchesRequest.read(in);
            case DELETE_CONTAINER -> DeleteContainerRequest.read(in);
            case AUTH -> AuthPacket.read(in);
            case SET_WATCHES -> SetWatches.read(in);
            case SASL -> GetSASLRequest.read(in);
            case GET_EPHEMERALS -> GetEphemeralsRequest.read(in);
            case GET_ALL_CHILDREN_NUMBER -> GetAllChildrenNumberRequest.read(in);
            case SET_WATCHES2 -> SetWatches2.read(in);
            case ADD_WATCH -> AddWatchRequest.read(in);
            case PING, WHO_AM_I, CLOSE_SESSION -> EmptyRequest.INSTANCE;
            case NOTIFICATION, ERROR, CREATE_SESSION ->
                    throw new CodecException("opcode " + op.code() + " is not a client request");
        };
    }

    /** Reads a whole request frame payload (header and body, no length prefix). */
    public static RequestFrame readFrame(ByteBuf payload) {
        WireReader in = new WireReader(payload);
        RequestHeader header = RequestHeader.read(in);
        OpCode op = OpCode.fromCode(header.type());
        if (op == null) {
            throw new CodecException("unknown opcode " + header.type());
        }
        return new RequestFrame(header, readBody(op, in));
    }

    /** Writes a request frame payload (header and body, no length prefix). */
    public static void writeFrame(RequestFrame frame, ByteBuf out) {
        WireWriter w = new WireWriter(out);
        frame.header().write(w);
        frame.request().write(w);
    }
}
