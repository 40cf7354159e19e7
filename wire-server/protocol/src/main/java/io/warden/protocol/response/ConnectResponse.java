package io.warden.protocol.response;

import io.warden.protocol.Limits;
import io.warden.protocol.codec.WireReader;
import io.warden.protocol.codec.WireRecord;
import io.warden.protocol.codec.WireWriter;
import io.warden.protocol.data.Bytes;

/**
 * The server's first frame (no ReplyHeader). Mirrors jute
 * {@code org.apache.zookeeper.proto.ConnectResponse}. The trailing readOnly byte is written only
 * when {@code hasReadOnly} (the server mirrors the client: 37-byte body with it, 36 without).
 * Immutable.
 */
public record ConnectResponse(int protocolVersion, int timeOut, long sessionId, Bytes passwd,
        boolean readOnly, boolean hasReadOnly) implements WireRecord {

    private static final Bytes ZERO_PASSWORD = Bytes.wrapOwned(new byte[Limits.PASSWORD_BYTES]);

    /**
     * The answer to an expired session, a wrong password or a closed session: timeOut 0,
     * sessionId 0 and 16 zero bytes (PROTOCOL.md 4.3 step 5).
     */
    public static ConnectResponse invalid(boolean hasReadOnly) {
        return new ConnectResponse(0, 0, 0, ZERO_PASSWORD, false, hasReadOnly);
    }

    @Override
    public void write(WireWriter out) {
        out.writeInt(protocolVersion).writeInt(timeOut).writeLong(sessionId).writeBuffer(passwd);
        if (hasReadOnly) {
            out.writeBool(readOnly);
        }
    }

    public static ConnectResponse read(WireReader in) {
        int protocolVersion = in.readInt();
        int timeOut = in.readInt();
        long sessionId = in.readLong();
        Bytes passwd = in.readBuffer();
        boolean hasReadOnly = in.hasRemaining();
        boolean readOnly = hasReadOnly && in.readBool();
        return new ConnectResponse(protocolVersion, timeOut, sessionId, passwd, readOnly, hasReadOnly);
    }
}
