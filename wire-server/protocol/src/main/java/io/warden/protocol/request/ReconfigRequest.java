package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;

/**
 * Body of reconfig (16).
 * Mirrors jute {@code org.apache.zookeeper.proto.ReconfigRequest}. Immutable.
 */
public record ReconfigRequest(String joiningServers, String leavingServers, String newMembers, long curConfigId) implements Request {
    @Override
    public void write(WireWriter out) {
        out.writeString(joiningServers);
        out.writeString(leavingServers);
        out.writeString(newMembers);
        out.writeLong(curConfigId);
    }

    public static ReconfigRequest read(WireReader in) {
        return new ReconfigRequest(
                in.readString(),
                in.readString(),
                in.readString(),
                in.readLong());
    }
}
