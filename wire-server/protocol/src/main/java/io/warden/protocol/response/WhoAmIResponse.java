package io.warden.protocol.response;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.ClientInfo;
import io.warden.protocol.data.Lists;
import java.util.List;

/**
 * Reply body of whoAmI (107).
 * Mirrors jute {@code org.apache.zookeeper.proto.WhoAmIResponse}. Immutable.
 */
public record WhoAmIResponse(List<ClientInfo> clientInfo) implements Response {
    public WhoAmIResponse {
        clientInfo = Lists.copyNullable(clientInfo);
    }

    @Override
    public void write(WireWriter out) {
        out.writeRecords(clientInfo);
    }

    public static WhoAmIResponse read(WireReader in) {
        return new WhoAmIResponse(in.readList(8, ClientInfo::read));
    }
}
