package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of deleteContainer (20): the path as a length-prefixed string. Clients do not send it;
 * the server decodes it so that a stray op 20 gets a proper answer.
 * Mirrors jute {@code (server-internal; no jute class)}. Immutable.
 */
public record DeleteContainerRequest(String path) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
    }

    public static DeleteContainerRequest read(WireReader in) {
        return new DeleteContainerRequest(in.readString());
    }
}
