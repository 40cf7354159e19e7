package io.warden.protocol.request;

import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;

/**
 * The first frame of a client connection (no RequestHeader). Mirrors jute
 * {@code org.apache.zookeeper.proto.ConnectRequest}. The trailing {@code readOnly} byte is optional
 * (44-byte bodies from old clients, 45 from current ones): {@code hasReadOnly} remembers whether it
 * came, because the server mirrors it in its reply. Immutable.
 */
public record ConnectRequest(int protocolVersion, long lastZxidSeen, int timeOut, long sessionId,
        Bytes passwd, boolean readOnly, boolean hasReadOnly) implements WireRecord {

    /** A current client's request (with the readOnly byte). */
    public ConnectRequest(long lastZxidSeen, int timeOut, long sessionId, Bytes passwd, boolean readOnly) {
        this(0, lastZxidSeen, timeOut, sessionId, passwd, readOnly, true);
    }

    @Override
    public void write(WireWriter out) {
        out.writeInt(protocolVersion).writeLong(lastZxidSeen).writeInt(timeOut).writeLong(sessionId)
                .writeBuffer(passwd);
        if (hasReadOnly) {
            out.writeBool(readOnly);
        }
    }

    public static ConnectRequest read(WireReader in) {
        int protocolVersion = in.readInt();
        long lastZxidSeen = in.readLong();
        int timeOut = in.readInt();
        long sessionId = in.readLong();
        Bytes passwd = in.readBuffer();
        boolean hasReadOnly = in.hasRemaining();
        boolean readOnly = hasReadOnly && in.readBool();
        return new ConnectRequest(protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly,
                hasReadOnly);
    }
}
