package io.warden.protocol.request;

import io.warden.protocol.codec.WireWriter;

/** The (absent) body of header-only requests: ping (11), whoAmI (107), closeSession (-11). Immutable. */
public record EmptyRequest() implements Request {
    public static final EmptyRequest INSTANCE = new EmptyRequest();

    @Override
    public void write(WireWriter out) {
        // header-only request: nothing to write
    }
}
