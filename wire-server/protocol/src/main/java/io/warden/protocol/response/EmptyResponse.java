package io.warden.protocol.response;

import io.warden.protocol.codec.WireWriter;

/** The absent body of a header-only reply (errors; delete, ping, auth, setWatches...). Immutable. */
public record EmptyResponse() implements Response {
    public static final EmptyResponse INSTANCE = new EmptyResponse();

    @Override
    public void write(WireWriter out) {
        // header-only reply: nothing to write
    }
}
