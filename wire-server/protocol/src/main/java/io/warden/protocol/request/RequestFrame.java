package io.warden.protocol.request;

import io.warden.protocol.OpCode;
import java.util.Objects;

/**
 * A decoded request frame: header and body. {@link #opCode()} is the header's type, known to be a
 * valid opcode because decoding succeeded. Immutable.
 */
public record RequestFrame(RequestHeader header, Request request) {
    public RequestFrame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(request, "request");
    }

    public RequestFrame(int xid, OpCode op, Request request) {
        this(new RequestHeader(xid, op.code()), request);
    }

    public int xid() {
        return header.xid();
    }

    public OpCode opCode() {
        return OpCode.fromCode(header.type());
    }
}
