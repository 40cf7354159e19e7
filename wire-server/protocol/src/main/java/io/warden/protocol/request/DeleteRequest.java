package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of delete (2); version -1 matches any.
 * Mirrors jute {@code org.apache.zookeeper.proto.DeleteRequest}. Immutable.
 */
public record DeleteRequest(String path, int version) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(path);
        out.writeInt(version);
    }

    public static DeleteRequest read(WireReader in) {
        return new DeleteRequest(in.readString(), in.readInt());
    }
}
