package io.warden.protocol.response;

import io.warden.protocol.ErrorCode;
import io.warden.protocol.Xids;
import java.util.Objects;

/**
 * A reply or notification frame: header and body. An error reply ({@code err != 0}) normally has
 * {@link EmptyResponse} as body, because ZooKeeper sends only the 16-byte header; ZooKeeper 3.9
 * does send a body with a few errors (a multiRead holding write sub-ops gets MARSHALLINGERROR
 * followed by an empty multi response), so a body is allowed. Clients read no body after an
 * error. Immutable.
 */
public record ReplyFrame(ReplyHeader header, Response response) {
    public ReplyFrame {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(response, "response");
    }

    /** A successful reply. */
    public static ReplyFrame ok(int xid, long zxid, Response response) {
        return new ReplyFrame(new ReplyHeader(xid, zxid, 0), response);
    }

    /** An error reply: header only. */
    public static ReplyFrame error(int xid, long zxid, ErrorCode err) {
        return new ReplyFrame(new ReplyHeader(xid, zxid, err.code()), EmptyResponse.INSTANCE);
    }

    /** A watch notification (xid -1). */
    public static ReplyFrame notification(long zxid, WatcherEvent event) {
        return new ReplyFrame(new ReplyHeader(Xids.NOTIFICATION, zxid, 0), event);
    }

    public int xid() {
        return header.xid();
    }
}
