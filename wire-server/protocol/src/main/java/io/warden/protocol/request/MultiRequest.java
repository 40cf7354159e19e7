package io.warden.protocol.request;

import io.warden.protocol.OpCode;
import io.warden.protocol.codec.CodecException;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Body of multi (14) and multiRead (22): sub-ops each behind a {@link MultiHeader}, then the
 * terminator. Mirrors ZooKeeper's {@code MultiOperationRecord}. Decoding accepts every sub-op type
 * that ZooKeeper deserializes (create, create2, createContainer, createTTL, delete, setData, check,
 * getData, getChildren); whether the mix is allowed for the opcode is the server's decision.
 * Immutable.
 */
public record MultiRequest(List<Op> ops) implements Request {
    /** One sub-operation: its opcode and body. Immutable. */
    public record Op(OpCode type, Request request) {
        public Op {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(request, "request");
        }
    }

    public MultiRequest {
        ops = List.copyOf(ops);
    }

    @Override
    public void write(WireWriter out) {
        for (Op op : ops) {
            new MultiHeader(op.type().code(), false, -1).write(out);
            op.request().write(out);
        }
        MultiHeader.END.write(out);
    }

    public static MultiRequest read(WireReader in) {
        List<Op> ops = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            OpCode type = OpCode.fromCode(h.type());
            if (type == null) {
                throw new CodecException("invalid multi sub-op type " + h.type());
            }
            Request body = switch (type) {
                case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.read(in);
                case CREATE_TTL -> CreateTTLRequest.read(in);
                case DELETE -> DeleteRequest.read(in);
                case SET_DATA -> SetDataRequest.read(in);
                case CHECK -> CheckVersionRequest.read(in);
                case GET_DATA -> GetDataRequest.read(in);
                case GET_CHILDREN -> GetChildrenRequest.read(in);
                default -> throw new CodecException("invalid multi sub-op type " + h.type());
            };
            ops.add(new Op(type, body));
            h = MultiHeader.read(in);
        }
        return new MultiRequest(Collections.unmodifiableList(ops));
    }
}
